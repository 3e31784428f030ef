"""Programme and indicator commands through the HTTP API, in region and municipality tenants."""

from decimal import Decimal

import pytest

from domain.programme import IndicatorSeries, Programme
from tests.e2e.helpers import (
    REGION,
    TENANT,
    officer,
    ok,
    operator,
    recorded,
    refused,
    register_schools,
    school_user,
)

BASIS = {"number": "486", "issued_on": "2021-12-30", "title": "Приказ"}

TARGETS = [
    {"indicator": "network_organisations_share", "comparison": ">=", "value": 50, "unit": "percent"},
    {"indicator": "network_supported_schools_share", "comparison": "=", "value": "100",
     "unit": "percent"},
    {"indicator": "use_russian_average", "comparison": ">= regional average", "unit": "score",
     "title": "Средний балл ЕГЭ, русский язык"},
]


def adopt(programme="pr-1", level="municipal", **extra):
    return {"type": "adopt_programme", "programme": programme,
            "title": "Программа сетевого взаимодействия 2021-2024", "level": level,
            "period_start": "2021-01-01", "period_end": "2024-12-31", "adopted_on": "2021-12-30",
            "targets": TARGETS, **extra}


def measure(subject="municipality", indicator="network_teachers_share", period="2021",
            value=52.5, **extra):
    return {"type": "record_indicator", "subject": subject, "indicator": indicator,
            "period": period, "value": value, "measured_on": "2022-01-15",
            "source": "мониторинг", **extra}


@pytest.fixture
def schools(api):
    return register_schools(api, "k-1", "k-2")


def test_a_municipality_adopts_its_municipal_programme_with_targets(api):
    body = ok(api, adopt(basis=BASIS))
    [event] = body["events"]
    assert event["type"] == "Programme.Adopted"
    programme = api.load(Programme, "pr-1")
    assert programme.level == "municipal"
    assert programme.target("network_organisations_share").value == Decimal("50")
    assert programme.target("network_supported_schools_share").value == Decimal("100")
    assert programme.target("use_russian_average").value is None


def test_the_region_adopts_its_regional_programme(api):
    ok(api, adopt(level="regional"), as_=operator(), tenant=REGION)
    assert api.load(Programme, "pr-1", REGION).level == "regional"


def test_the_level_follows_the_kind_of_tenant(api):
    refused(api, adopt(level="regional"), officer(), 422, "level")
    refused(api, adopt(level="municipal"), operator(), 422, "level", tenant=REGION)


def test_only_the_tenants_own_authority_adopts(api):
    refused(api, adopt(), operator(), 403)
    refused(api, adopt(), school_user("k-1"), 403)
    refused(api, adopt(level="regional"), officer(), 403, tenant=REGION)


def test_a_target_that_does_not_fit_names_its_path(api):
    targets = [*TARGETS, {"indicator": "x", "comparison": ">=", "value": 150, "unit": "percent"}]
    refused(api, adopt(targets=targets), officer(), 422, "targets[3].value")


def test_one_target_per_indicator(api):
    refused(api, adopt(targets=[TARGETS[0], TARGETS[0]]), officer(), 422, "targets")


def test_an_adoption_is_not_dated_in_the_future(api):
    refused(api, adopt(adopted_on="2999-01-01"), officer(), 422, "adopted_on")


def test_a_programme_key_is_adopted_once(api):
    ok(api, adopt())
    refused(api, adopt(), officer(), 409, "programme")


def test_the_first_value_opens_the_series_in_one_go(api):
    assert recorded(api, measure()) == ["IndicatorSeries.Opened", "IndicatorSeries.ValueRecorded"]
    assert recorded(api, measure(period="2022", value="61.25")) == ["IndicatorSeries.ValueRecorded"]
    series = api.load(IndicatorSeries, "municipality:network_teachers_share")
    assert series.values["2021"].value == Decimal("52.5")
    assert series.values["2022"].value == Decimal("61.25")


def test_the_same_value_again_writes_nothing(api):
    ok(api, measure())
    head = api.head(TENANT)
    assert ok(api, measure())["events"] == []
    assert api.head(TENANT) == head


def test_a_correction_needs_a_reason(api):
    ok(api, measure())
    refused(api, measure(value=53), officer(), 422, "reason")
    corrected = measure(value=53, reason="Уточнены данные")
    assert recorded(api, corrected) == ["IndicatorSeries.ValueCorrected"]


def test_a_school_records_its_own_indicator_only(schools):
    ok(schools, measure(subject="k-1", indicator="unexcused_absence_rate", period="2021-09",
                        value="1.8"), as_=school_user("k-1"))
    refused(schools, measure(subject="k-2"), school_user("k-1"), 403)
    refused(schools, measure(), school_user("k-1"), 403)


def test_a_region_operator_records_a_schools_indicator(schools):
    ok(schools, measure(subject="k-2", indicator="use_russian_average", value=71), as_=operator())


def test_an_unknown_school_subject_is_named(schools):
    refused(schools, measure(subject="nope"), officer(), 404, "subject")


def test_the_region_records_its_own_indicators(api):
    ok(api, measure(subject="region", indicator="use_russian_average", value=68.4),
       as_=operator(), tenant=REGION)
    refused(api, measure(), operator(), 422, "subject", tenant=REGION)


def test_a_municipality_does_not_record_the_regions_indicators(api):
    refused(api, measure(subject="region"), officer(), 422, "subject")


def test_a_value_is_not_measured_in_the_future(api):
    refused(api, measure(measured_on="2999-01-01"), officer(), 422, "measured_on")


def test_a_bad_period_or_value_is_refused(api):
    refused(api, measure(period="2021-13"), officer(), 422, "period")
    refused(api, measure(value="NaN"), officer(), 422, "value")
    refused(api, measure(value="много"), officer(), 422, "value")
