"""Programme targets (001 indicators, 003 criteria) and indicator series with corrections."""

from datetime import date
from decimal import Decimal

import pytest

from domain.base import InvalidValue, NotFound
from domain.programme import (
    EFFECTIVENESS_CRITERIA_003,
    INDICATOR_TITLES,
    MUNICIPALITY,
    NETWORK_ORGANISATIONS_SHARE,
    NETWORK_TEACHERS_SHARE,
    PROGRAMME_INDICATORS_001,
    UNEXCUSED_ABSENCE_RATE,
    USE_RUSSIAN_AVERAGE,
    IndicatorSeries,
    IndicatorTarget,
    Programme,
)
from domain.school import BasisDocument

ORDER_486 = BasisDocument(number="486", issued_on=date(2021, 12, 30), title="Приказ УОиМП")


def adopt(meta, targets=PROGRAMME_INDICATORS_001) -> Programme:
    return Programme.adopt(
        meta,
        key="smolensk-network-2021-2024",
        title="Муниципальная программа сетевого взаимодействия на 2021-2024 годы",
        level="municipal",
        period_start=date(2021, 1, 1),
        period_end=date(2024, 12, 31),
        adopted_on=date(2021, 12, 30),
        targets=targets,
        basis=ORDER_486,
    )


def target(**changes) -> IndicatorTarget:
    fields = {
        "indicator": "custom_share",
        "comparison": ">=",
        "value": Decimal("50"),
        "unit": "percent",
        "title": "Доля",
    }
    return IndicatorTarget(**(fields | changes))


def test_the_standard_indicators_cover_001_and_the_nine_criteria_of_003():
    assert len(PROGRAMME_INDICATORS_001) == 3 and len(EFFECTIVENESS_CRITERIA_003) == 9
    for standard in (*PROGRAMME_INDICATORS_001, *EFFECTIVENESS_CRITERIA_003):
        assert standard.title == INDICATOR_TITLES[standard.indicator]


def test_adopting_a_programme_records_its_targets_and_basis(meta):
    programme = adopt(meta)
    [event] = programme.collect_events()
    assert isinstance(event, Programme.Adopted) and event.meta == meta
    assert event.targets == PROGRAMME_INDICATORS_001 and event.basis == ORDER_486
    assert programme.target(NETWORK_TEACHERS_SHARE).value == Decimal("50")


def test_a_programme_can_hold_the_criteria_of_003_as_targets(meta):
    assert adopt(meta, EFFECTIVENESS_CRITERIA_003).target(USE_RUSSIAN_AVERAGE).value is None


def test_asking_for_a_target_the_programme_lacks_names_the_indicator(meta):
    with pytest.raises(NotFound) as error:
        adopt(meta).target(USE_RUSSIAN_AVERAGE)
    assert error.value.field == "indicator"


def test_a_programme_has_one_target_per_indicator(meta):
    with pytest.raises(InvalidValue, match="targets"):
        adopt(meta, (target(), target(value=Decimal("60"))))


def test_a_programme_needs_a_title_a_level_and_a_period_in_order(meta):
    args = (
        meta,
        "p-1",
        "Программа",
        "municipal",
        date(2021, 1, 1),
        date(2024, 12, 31),
        date(2021, 1, 1),
    )
    assert Programme.adopt(*args).level == "municipal"
    with pytest.raises(InvalidValue, match="title"):
        Programme.adopt(meta, "p-1", " ", *args[3:])
    with pytest.raises(InvalidValue, match="level"):
        Programme.adopt(meta, "p-1", "Программа", "federal", *args[4:])  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="period_end"):
        Programme.adopt(
            meta,
            "p-1",
            "Программа",
            "regional",
            date(2024, 1, 1),
            date(2021, 1, 1),
            date(2021, 1, 1),
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"indicator": "bad code"}, "indicator"),
        ({"comparison": ">"}, "comparison"),
        ({"unit": "rubles"}, "unit"),
        ({"value": None}, "value"),
        ({"value": Decimal("NaN")}, "value"),
        ({"value": Decimal("120")}, "value"),
        ({"unit": "count", "value": Decimal("-1")}, "value"),
        ({"comparison": ">= regional average"}, "value"),
        ({"unit": "boolean", "value": Decimal("1")}, "value"),
        ({"unit": "boolean", "comparison": "=", "value": Decimal("2")}, "value"),
        ({"unit": "boolean", "comparison": "< district average", "value": None}, "unit"),
    ],
)
def test_a_target_must_fit_its_comparison_and_unit(meta, changes, field):
    with pytest.raises(InvalidValue) as error:
        adopt(meta, (target(**changes),))
    assert error.value.field == field


def test_a_target_is_met_against_its_value_or_the_average_of_the_period():
    share = PROGRAMME_INDICATORS_001[0]
    assert share.indicator == NETWORK_ORGANISATIONS_SHARE
    assert share.is_met(Decimal("50")) and not share.is_met(Decimal("49.9"))
    absence = next(t for t in EFFECTIVENESS_CRITERIA_003 if t.indicator == UNEXCUSED_ABSENCE_RATE)
    assert absence.is_met(Decimal("1.2"), average=Decimal("1.5"))
    assert not absence.is_met(Decimal("1.5"), average=Decimal("1.5"))
    assert absence.is_met(Decimal("1.2")) is None


def series(meta, subject="fedorovka", indicator=USE_RUSSIAN_AVERAGE) -> IndicatorSeries:
    opened = IndicatorSeries.open(meta, subject, indicator)
    opened.collect_events()
    return opened


def test_a_series_is_one_stream_per_subject_and_indicator(meta):
    opened = IndicatorSeries.open(meta, MUNICIPALITY, NETWORK_TEACHERS_SHARE)
    [event] = opened.collect_events()
    assert isinstance(event, IndicatorSeries.Opened) and event.subject == MUNICIPALITY
    key = IndicatorSeries.key_for(MUNICIPALITY, NETWORK_TEACHERS_SHARE)
    assert opened.id == IndicatorSeries.stream_for(meta.tenant_id, key)
    assert key != IndicatorSeries.key_for("fedorovka", NETWORK_TEACHERS_SHARE)


def test_a_series_needs_well_formed_subject_and_indicator(meta):
    with pytest.raises(InvalidValue, match="subject"):
        IndicatorSeries.open(meta, "", USE_RUSSIAN_AVERAGE)
    with pytest.raises(InvalidValue, match="indicator"):
        IndicatorSeries.open(meta, "fedorovka", "средний балл")


def test_recording_a_value_for_a_new_period(meta):
    russian = series(meta)
    russian.record(meta, "2021", Decimal("61.4"), date(2021, 7, 15), source="ФИС ГИА")
    [event] = russian.collect_events()
    assert isinstance(event, IndicatorSeries.ValueRecorded) and event.value == Decimal("61.4")
    assert russian.values["2021"].source == "ФИС ГИА"


@pytest.mark.parametrize("period", ["2021", "2021-Q3", "2021-09", "2021/2022"])
def test_periods_are_years_quarters_months_or_school_years(meta, period):
    russian = series(meta)
    russian.record(meta, period, Decimal("1"), date(2022, 7, 1))
    assert period in russian.values


@pytest.mark.parametrize("period", ["21", "2021-Q5", "2021-13", "2021/2023", "2021 год"])
def test_a_malformed_period_is_refused(meta, period):
    with pytest.raises(InvalidValue, match="period"):
        series(meta).record(meta, period, Decimal("1"), date(2022, 7, 1))


def test_a_value_must_be_a_finite_decimal(meta):
    with pytest.raises(InvalidValue, match="value"):
        series(meta).record(meta, "2021", Decimal("Infinity"), date(2021, 7, 15))
    with pytest.raises(InvalidValue, match="value"):
        series(meta).record(meta, "2021", 61.4, date(2021, 7, 15))  # type: ignore[arg-type]


def test_recording_a_recorded_period_again_needs_a_reason(meta):
    russian = series(meta)
    russian.record(meta, "2021", Decimal("61.4"), date(2021, 7, 15))
    with pytest.raises(InvalidValue, match="reason"):
        russian.record(meta, "2021", Decimal("62.0"), date(2021, 8, 1))
    assert russian.values["2021"].value == Decimal("61.4")


def test_a_different_value_with_a_reason_is_a_correction_not_an_overwrite(meta):
    russian = series(meta)
    russian.record(meta, "2021", Decimal("61.4"), date(2021, 7, 15))
    russian.record(meta, "2021", Decimal("62.0"), date(2021, 8, 1), reason="апелляции")
    recorded, corrected = russian.collect_events()
    assert isinstance(recorded, IndicatorSeries.ValueRecorded)
    assert isinstance(corrected, IndicatorSeries.ValueCorrected)
    assert corrected.reason == "апелляции"
    assert russian.values["2021"].value == Decimal("62.0") and russian.corrections == 1


def test_the_same_value_again_records_nothing(meta):
    russian = series(meta)
    russian.record(meta, "2021", Decimal("61.4"), date(2021, 7, 15))
    russian.collect_events()
    russian.record(meta, "2021", Decimal("61.40"), date(2021, 7, 15))
    assert russian.collect_events() == []


def test_rebuilding_from_the_events_gives_the_same_series(meta):
    russian = IndicatorSeries.open(meta, "fedorovka", USE_RUSSIAN_AVERAGE)
    russian.record(meta, "2021", Decimal("61.4"), date(2021, 7, 15))
    russian.record(meta, "2022", Decimal("63"), date(2022, 7, 15))
    russian.record(meta, "2021", Decimal("62"), date(2021, 8, 1), reason="апелляции")
    rebuilt = None
    for stored in russian.collect_events():
        rebuilt = stored.mutate(rebuilt)
    assert vars(rebuilt) == vars(russian)
