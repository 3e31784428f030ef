"""What every command gets from the executor: replay by idempotency key, expected versions."""

from domain.base import Actor, Provenance
from domain.school import School
from services.commands.catalogue.school import DesignateSchool, RegisterSchool
from services.commands.executor import IdempotencyMismatch
from services.commands.session import VersionConflict
from tenants.recorders import IdempotencyRecord
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import MUNICIPALITY, OFFICER, event


def test_the_same_key_and_command_replays_the_first_answer_and_writes_nothing(scenario):
    first = scenario.when(*registered("k-1"), key="reg-k-1")
    first.then(event("School.Registered", code="k-1"))
    again = scenario.when(*registered("k-1"), key="reg-k-1")
    assert again.replayed and again.accepted == first.accepted
    assert scenario.backend.application(MUNICIPALITY.id).head_position() == again.head_before


def test_the_same_key_with_another_command_is_refused(scenario):
    scenario.when(*registered("k-1"), key="reg").then(event("School.Registered"))
    scenario.when(*registered("k-2"), key="reg").then_refused(IdempotencyMismatch, "Idempotency-Key")


def test_a_stream_at_another_version_than_expected_is_refused(scenario):
    designate = DesignateSchool(school="k-1", designation="network_centre", expected_version=2)
    scenario.given(*registered("k-1")).when(designate).then_refused(
        VersionConflict, "expected_version")


def test_a_new_stream_is_expected_at_version_zero(scenario):
    scenario.when(RegisterSchool(school="k-1", name="Школа", expected_version=0)).then(
        event("School.Registered"))


def test_a_key_another_caller_recorded_before_scoping_does_not_stop_the_write(scenario):
    """The save refuses on the bare key too; a record under it left by somebody else is not ours."""
    app = scenario.backend.application(MUNICIPALITY.id)
    other = Actor("deputy@ru-16-kaybitsy", OFFICER.role, OFFICER.organisation)
    school = School.register(Provenance(MUNICIPALITY.id, other, "before-scoping", "old"), "k-9", "Школа", "")
    app.save(school, idempotency=IdempotencyRecord("old", "not-this-request", ()))
    mine = scenario.when(*registered("k-1"), key="old")
    mine.then(event("School.Registered", code="k-1"))
    assert not mine.replayed
    assert scenario.when(*registered("k-1"), key="old").replayed
