"""The per-tenant event store on both backends: round trip, isolation, conflicts, idempotency."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.persistence import IntegrityError

from domain.base import Actor, Provenance
from domain.school import BasisDocument, School
from tenants.recorders import IdempotencyRecord
from tenants.registry import RegistryError, Tenant

REGION = Tenant("ru-16", "region", "ru-16", "Республика Татарстан")
KAYBITSY = Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий район")
LENINOGORSK = Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский район")


def meta(tenant: str) -> Provenance:
    return Provenance(tenant, Actor("officer", "municipal_officer", tenant), "corr-1")


@pytest.fixture
def provisioned(backend):
    for tenant in (REGION, KAYBITSY, LENINOGORSK):
        backend.provision(tenant)
    return backend


def test_an_aggregate_round_trips_with_typed_values(provisioned):
    app = provisioned.application(KAYBITSY.id)
    school = School.register(meta(KAYBITSY.id), "k-1", "Школа №1")
    school.identify(meta(KAYBITSY.id), ("low_results",), 2021, BasisDocument("20/2", date(2021, 2, 11)))
    app.save(school)
    copy = app.repository.get(school.id)
    assert copy.cohort_year == 2021
    events = list(app.events.get(school.id))
    assert events[1].basis.issued_on == date(2021, 2, 11)
    assert events[1].meta.actor.role == "municipal_officer"


def test_tenants_do_not_see_each_others_events(provisioned):
    kaybitsy = provisioned.application(KAYBITSY.id)
    kaybitsy.save(School.register(meta(KAYBITSY.id), "k-1", "Школа"))
    leninogorsk = provisioned.application(LENINOGORSK.id)
    assert leninogorsk.head_position() == 0
    assert len(kaybitsy.recorder.select_notifications(start=1, limit=10)) == 1


def test_a_stale_write_is_refused_and_writes_nothing(provisioned):
    app = provisioned.application(KAYBITSY.id)
    school = School.register(meta(KAYBITSY.id), "k-1", "Школа")
    app.save(school)
    first, second = app.repository.get(school.id), app.repository.get(school.id)
    first.designate(meta(KAYBITSY.id), "network_centre")
    second.designate(meta(KAYBITSY.id), "base_support_site")
    app.save(first)
    with pytest.raises(IntegrityError):
        app.save(second)
    assert app.head_position() == 2


def test_an_idempotency_key_is_stored_with_its_events_and_only_once(provisioned):
    app = provisioned.application(KAYBITSY.id)
    app.save(School.register(meta(KAYBITSY.id), "k-1", "Школа"), idempotency=IdempotencyRecord("key-1", "h1", ()))
    with pytest.raises(IntegrityError):
        app.save(School.register(meta(KAYBITSY.id), "k-2", "Школа"), idempotency=IdempotencyRecord("key-1", "h2", ()))
    record = app.find_idempotency("key-1")
    assert record.request_hash == "h1"
    [recording] = app.find_recordings(record.events)
    assert recording.position == 1 and recording.topic.endswith("School.Registered")
    assert app.head_position() == 1


def test_a_municipality_needs_a_registered_region(backend):
    with pytest.raises(RegistryError):
        backend.provision(KAYBITSY)
    backend.provision(REGION)
    assert backend.provision(KAYBITSY) is True
    assert backend.provision(KAYBITSY) is False
    assert [t.id for t in backend.registry.municipalities("ru-16")] == [KAYBITSY.id]
