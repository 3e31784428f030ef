"""Appointments view on both backends: who held each post on a date, partnership people replaced
from a date with history kept, and an erased person staying erased after the rebuild (152-ФЗ)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from services.commands.catalogue.appointment import (
    Appoint,
    ReplaceAppointee,
    ReplacePartnershipPerson,
)
from services.commands.catalogue.common import Basis
from services.commands.catalogue.partnership import EndPartnership, Person
from services.privacy.erasure import erase_person
from services.projections.appointments.projection import AppointmentView
from services.projections.appointments.queries import appointments_on
from services.projections.http import ReadSide
from services.projections.runner import ProjectionRunner
from tenants.backends import SQLiteBackend
from tests.integration.commands.facts import identified, partnered, registered
from tests.integration.commands.scenario import MUNICIPALITY, TENANTS, Scenario
from tests.integration.commands.test_partnership_commands import CONCLUDED, NOTICE

TENANT = MUNICIPALITY.id


@pytest.fixture
def log(tmp_path) -> Iterator[Scenario]:
    backend = SQLiteBackend(tmp_path / "log")
    for tenant in TENANTS:
        backend.provision(tenant)
    try:
        yield Scenario(backend)
    finally:
        backend.close()


def project(log: Scenario, store) -> None:
    ProjectionRunner(log.backend, store, (AppointmentView(),)).run_once()


def names(answer, post: str) -> list[str | None]:
    entries = [p for p in answer.posts if p.post == post]
    return [p.holder.full_name if p.holder else None for p in entries]


def test_001_p2_the_coordinator_on_each_date_and_every_holder_in_turn(log, store):
    log.given(Appoint(appointment="coord", post="programme_coordinator", person=Person("Сафонова Н.В."),
                      effective_from=date(2021, 12, 30), order=Basis("486", date(2021, 12, 30))),
              ReplaceAppointee(appointment="coord", person=Person("Петрова О.И."),
                               effective_from=date(2023, 1, 10), order=Basis("12", date(2023, 1, 9))))
    project(log, store)
    assert names(appointments_on(store, log.backend, TENANT, date(2021, 12, 29)), "programme_coordinator") == [None]
    assert names(appointments_on(store, log.backend, TENANT, date(2023, 1, 9)), "programme_coordinator") == [
        "Сафонова Н.В."]
    later = appointments_on(store, log.backend, TENANT, date(2023, 1, 10)).posts[0]
    assert later.holder.full_name == "Петрова О.И."
    assert [(h.full_name, h.effective_from, h.until) for h in later.history] == [
        ("Сафонова Н.В.", date(2021, 12, 30), date(2023, 1, 9)), ("Петрова О.И.", date(2023, 1, 10), None)]


def test_003_p2_a_partnerships_curator_replaced_from_a_date_keeps_the_first(log, store):
    log.given(*registered("k-1", "k-2"), identified("k-1"), partnered(),
              ReplacePartnershipPerson(partnership="p-1", role="curator", person=Person("Козлова Е.А."),
                                       effective_from=date(2021, 9, 1), reason="увольнение"))
    project(log, store)
    before = appointments_on(store, log.backend, TENANT, date(2021, 8, 31), scope="p-1")
    assert names(before, "partnership_curator") == ["Петров Иван Сергеевич"]
    assert names(before, "partnership_coordinator") == ["Иванова Анна Петровна"]
    after = appointments_on(store, log.backend, TENANT, date(2021, 9, 1), post="partnership_curator")
    assert [h.full_name for h in after.posts[0].history] == ["Петров Иван Сергеевич", "Козлова Е.А."]
    assert after.posts[0].history[1].reason == "увольнение"


def test_152_fz_an_erased_appointee_stays_erased_in_the_rebuilt_view(log, store):
    log.given(*registered("k-1", "k-2"), identified("k-1"), partnered(),
              ReplacePartnershipPerson(partnership="p-1", role="curator", person=Person("Козлова Е.А."),
                                       effective_from=date(2021, 9, 1)))
    project(log, store)
    erase_person(log.backend, ReadSide(store, (AppointmentView(),)), TENANT, "Козлова Е.А.")
    post = appointments_on(store, log.backend, TENANT, date(2021, 9, 1), post="partnership_curator").posts[0]
    assert (post.holder.full_name, post.holder.erased) == (None, True)
    assert post.history[0].full_name == "Петров Иван Сергеевич"


def test_a_partnerships_people_hold_no_post_after_it_ended(log, store):
    log.given(*registered("k-1", "k-2"), identified("k-1"), partnered(), CONCLUDED, NOTICE,
              EndPartnership(partnership="p-1", ended_on=date(2021, 6, 1), reason="уведомление"))
    project(log, store)
    assert names(appointments_on(store, log.backend, TENANT, date(2021, 5, 31), scope="p-1"),
                 "partnership_curator") == ["Петров Иван Сергеевич"]
    ended = appointments_on(store, log.backend, TENANT, date(2021, 6, 1), scope="p-1")
    assert [(p.holder, p.ended_on) for p in ended.posts] == [(None, date(2021, 6, 1))] * 3
