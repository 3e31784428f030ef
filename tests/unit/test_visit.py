"""Visit lifecycle: planned -> held | cancelled; missed is derived (000 items 9-11, 16)."""

from datetime import date

import pytest

from domain.base import InvalidTransition, InvalidValue
from domain.status import is_missed
from domain.visit import Visit

APRIL_22 = date(2021, 4, 22)


def planned(meta, kind="lesson") -> Visit:
    visit = Visit.plan(
        meta,
        key="v-2021-04-22",
        partnership="kaybitsy-1-2021",
        host_school="fedorovka",
        visiting_school="bolshie-kaybitsy",
        kind=kind,
        planned_on=APRIL_22,
        topic="Посещение уроков математики кураторами",
    )
    visit.collect_events()
    return visit


def test_planning_a_visit_records_the_schools_the_form_and_the_date(meta):
    visit = Visit.plan(meta, "v-1", "p-1", "fedorovka", "bolshie-kaybitsy", "seminar", APRIL_22)
    [event] = visit.collect_events()
    assert isinstance(event, Visit.Planned) and event.meta == meta
    assert event.host_school == "fedorovka" and event.kind == "seminar" and event.topic == ""
    assert visit.status == "planned"


def test_a_school_cannot_visit_itself(meta):
    with pytest.raises(InvalidValue) as error:
        Visit.plan(meta, "v-1", "p-1", "fedorovka", "fedorovka", "lesson", APRIL_22)
    assert error.value.field == "visiting_school"


def test_a_visit_has_one_of_the_forms_of_the_documents(meta):
    with pytest.raises(InvalidValue, match="kind"):
        Visit.plan(meta, "v-1", "p-1", "a", "b", "picnic", APRIL_22)  # type: ignore[arg-type]


def test_a_visit_needs_well_formed_keys(meta):
    with pytest.raises(InvalidValue, match="partnership"):
        Visit.plan(meta, "v-1", "", "a", "b", "lesson", APRIL_22)


def test_holding_a_planned_visit_records_findings_and_recommendations(meta):
    visit = planned(meta)
    visit.hold(meta, APRIL_22, "Урок построен без дифференциации", "Ввести групповую работу", 12)
    [event] = visit.collect_events()
    assert isinstance(event, Visit.Held) and event.participants == 12
    assert visit.status == "held" and visit.held_on == APRIL_22
    assert visit.recommendations == "Ввести групповую работу"


def test_a_visit_can_be_held_on_another_day_than_planned(meta):
    visit = planned(meta)
    visit.hold(meta, date(2021, 4, 27), "Замечания", "", 0)
    assert visit.held_on == date(2021, 4, 27)


def test_holding_needs_findings_and_a_non_negative_count(meta):
    with pytest.raises(InvalidValue, match="findings"):
        planned(meta).hold(meta, APRIL_22, " ", "", 3)
    with pytest.raises(InvalidValue, match="participants"):
        planned(meta).hold(meta, APRIL_22, "Замечания", "", -1)


def test_a_visit_cannot_be_held_twice(meta):
    visit = planned(meta)
    visit.hold(meta, APRIL_22, "Замечания", "", 5)
    with pytest.raises(InvalidTransition):
        visit.hold(meta, APRIL_22, "Замечания", "", 5)


def test_a_cancelled_visit_cannot_be_held(meta):
    visit = planned(meta)
    visit.cancel(meta, "карантин")
    with pytest.raises(InvalidTransition):
        visit.hold(meta, APRIL_22, "Замечания", "", 5)


def test_cancelling_a_planned_visit_records_the_reason(meta):
    visit = planned(meta)
    visit.cancel(meta, "карантин по ОРВИ")
    [event] = visit.collect_events()
    assert isinstance(event, Visit.Cancelled) and event.reason == "карантин по ОРВИ"
    assert visit.status == "cancelled"


def test_cancelling_needs_a_reason(meta):
    with pytest.raises(InvalidValue, match="reason"):
        planned(meta).cancel(meta, "")


def test_a_held_visit_cannot_be_cancelled_nor_a_cancelled_one_again(meta):
    visit = planned(meta)
    visit.hold(meta, APRIL_22, "Замечания", "", 5)
    with pytest.raises(InvalidTransition):
        visit.cancel(meta, "ошибка")
    other = planned(meta)
    other.cancel(meta, "карантин")
    with pytest.raises(InvalidTransition):
        other.cancel(meta, "карантин")


def missed(visit, as_of: date) -> bool:
    return is_missed(visit.planned_on, visit.held_on, visit.status == "cancelled", as_of)


def test_a_planned_visit_is_missed_only_after_its_date(meta):
    visit = planned(meta)
    assert not missed(visit, APRIL_22)
    assert missed(visit, date(2021, 4, 23))


def test_a_held_or_cancelled_visit_is_never_missed(meta):
    held = planned(meta)
    held.hold(meta, APRIL_22, "Замечания", "", 5)
    cancelled = planned(meta)
    cancelled.cancel(meta, "карантин")
    assert not missed(held, date(2022, 1, 1)) and not missed(cancelled, date(2022, 1, 1))


def test_rebuilding_from_the_events_gives_the_same_visit(meta):
    visit = Visit.plan(meta, "v-1", "p-1", "a", "b", "pedagogical_council", APRIL_22)
    visit.hold(meta, APRIL_22, "Замечания", "Рекомендации", 20)
    rebuilt = None
    for stored in visit.collect_events():
        rebuilt = stored.mutate(rebuilt)
    assert vars(rebuilt) == vars(visit)


def test_the_same_key_in_the_same_tenant_is_the_same_stream(meta):
    visit = Visit.plan(meta, "v-1", "p-1", "a", "b", "lesson", APRIL_22)
    assert visit.id == Visit.stream_for(meta.tenant_id, "v-1")
    assert Visit.stream_for("ru-16-a", "v-1") != Visit.stream_for("ru-16-b", "v-1")
