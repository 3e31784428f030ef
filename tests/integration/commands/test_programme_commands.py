"""Programme and indicator commands in-process: adopt with targets, record and correct a value."""

from datetime import date
from decimal import Decimal

from domain.base import AlreadyExists, InvalidValue, NotFound
from domain.programme import IndicatorTarget
from services.auth import Forbidden
from services.commands.catalogue.programme import (
    AdoptProgramme,
    ProgrammeTarget,
    RecordIndicator,
)
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import OPERATOR, REGION, event, school_user

TARGET = ProgrammeTarget("network_organisations_share", ">=", "percent", Decimal("50"))


def adopt(level: str = "municipal", targets=(TARGET,)) -> AdoptProgramme:
    return AdoptProgramme(programme="pr-1", title="Программа сетевого взаимодействия",
                          level=level, period_start=date(2021, 1, 1),
                          period_end=date(2024, 12, 31), adopted_on=date(2021, 1, 15),
                          targets=list(targets))


def measure(subject: str = "municipality", value: str = "52.5", reason: str = ""):
    return RecordIndicator(subject=subject, indicator="network_teachers_share", period="2021",
                           value=Decimal(value), measured_on=date(2021, 5, 15), reason=reason)


def test_a_municipality_adopts_its_programme_with_targets(scenario):
    scenario.when(adopt()).then(
        event("Programme.Adopted", key="pr-1", level="municipal", targets=(IndicatorTarget(
            "network_organisations_share", ">=", Decimal("50"), "percent", ""),)))


def test_the_region_adopts_a_regional_programme(scenario):
    scenario.when(adopt(level="regional"), by=OPERATOR, tenant=REGION).then(
        event("Programme.Adopted", level="regional"))


def test_the_level_follows_the_kind_of_tenant(scenario):
    scenario.when(adopt(level="regional")).then_refused(InvalidValue, "level")


def test_only_the_tenants_own_authority_adopts(scenario):
    scenario.when(adopt(), by=OPERATOR).then_refused(Forbidden)
    scenario.when(adopt(), by=school_user("k-1")).then_refused(Forbidden)


def test_a_target_that_does_not_fit_names_its_path(scenario):
    too_much = ProgrammeTarget("x", ">=", "percent", Decimal("150"))
    scenario.when(adopt(targets=(TARGET, too_much))).then_refused(InvalidValue, "targets[1].value")


def test_a_programme_key_is_adopted_once(scenario):
    scenario.given(adopt()).when(adopt()).then_refused(AlreadyExists, "programme")


def test_the_first_value_opens_the_series(scenario):
    scenario.when(measure()).then(
        event("IndicatorSeries.Opened", subject="municipality", indicator="network_teachers_share"),
        event("IndicatorSeries.ValueRecorded", period="2021", value=Decimal("52.5")))


def test_the_same_value_again_writes_nothing(scenario):
    scenario.given(measure()).when(measure()).then()


def test_a_correction_needs_a_reason(scenario):
    scenario.given(measure()).when(measure(value="53")).then_refused(InvalidValue, "reason")


def test_a_correction_with_a_reason_is_recorded(scenario):
    scenario.given(measure()).when(measure(value="53", reason="Уточнены данные")).then(
        event("IndicatorSeries.ValueCorrected", value=Decimal("53"), reason="Уточнены данные"))


def test_a_school_records_its_own_indicator_only(scenario):
    scenario.given(*registered("k-1", "k-2"))
    scenario.when(measure(subject="k-1"), by=school_user("k-1")).then(
        event("IndicatorSeries.Opened", subject="k-1"), event("IndicatorSeries.ValueRecorded"))
    scenario.when(measure(subject="k-2"), by=school_user("k-1")).then_refused(Forbidden)
    scenario.when(measure(), by=school_user("k-1")).then_refused(Forbidden)


def test_an_unknown_school_subject_is_named(scenario):
    scenario.when(measure(subject="nope")).then_refused(NotFound, "subject")


def test_a_municipality_does_not_record_the_regions_indicators(scenario):
    scenario.when(measure(subject="region")).then_refused(InvalidValue, "subject")


def test_the_region_records_its_own_indicators(scenario):
    scenario.when(measure(subject="region"), by=OPERATOR, tenant=REGION).then(
        event("IndicatorSeries.Opened", subject="region"), event("IndicatorSeries.ValueRecorded"))
    scenario.when(measure(), by=OPERATOR, tenant=REGION).then_refused(InvalidValue, "subject")
