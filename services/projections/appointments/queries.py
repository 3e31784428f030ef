"""Who held each post on a date, and every holder in turn: the only reader of posts and tenures.

The people are read from the streams when shown (sealed in the log, erasable): an erased person
is shown as erased, never by name (152-ФЗ), as in the people register.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
from eventsourcing.application import AggregateNotFoundError

from domain.appointment import PARTNERSHIP_POSTS, Appointment
from domain.partnership import Partnership
from domain.people import Person
from domain.school import BasisDocument
from services.projections.appointments.projection import AppointmentView
from services.projections.store import ViewStore
from tenants.backends import Backend
from tenants.mapper import is_erased


class Holder(msgspec.Struct, frozen=True):
    """One holder of a post, from `effective_from` to `until` (None: still holds it)."""

    full_name: str | None
    position: str | None
    erased: bool
    effective_from: date
    until: date | None
    order: BasisDocument | None
    reason: str = ""


class PostEntry(msgspec.Struct, frozen=True):
    """A post: what it is (`post`, `scope`: the partnership, group or order; `duty`: the place in
    the group), its holder on `as_of` (None: vacant then) and every holder in turn, oldest first."""

    appointment: str
    post: str
    scope: str
    duty: str
    holder: Holder | None
    history: list[Holder]
    ended_on: date | None = None


class AppointmentsAnswer(msgspec.Struct, frozen=True):
    tenant_id: str
    as_of: date
    posts: list[PostEntry]


def _people(backend: Backend, tenant: str, post: dict[str, Any]) -> list[Person | None]:
    """The holders' persons in turn, read from the log (None where a stream is missing)."""
    repository = backend.application(tenant).repository
    people: list[Person | None] = []
    if post["post"] in PARTNERSHIP_POSTS:
        try:
            pair = repository.get(Partnership.stream_for(tenant, post["scope"]))
            people.append(getattr(pair, PARTNERSHIP_POSTS[post["post"]]))
        except AggregateNotFoundError:
            people.append(None)
    try:
        made = repository.get(Appointment.stream_for(tenant, post["appointment"]))
        people.extend(t.person for t in made.tenures)
    except AggregateNotFoundError:
        pass
    return people


def _holder(person: Person | None, row: dict[str, Any], until: date | None) -> Holder:
    order = msgspec.json.decode(row["order_doc"], type=BasisDocument) if row["order_doc"] else None
    hidden = person is None or is_erased(person)
    return Holder(None if hidden else person.full_name, None if hidden else person.position,  # type: ignore[union-attr]
                  person is not None and is_erased(person), date.fromisoformat(row["effective_from"]),
                  until, order, row["reason"])


def _entry(post: dict[str, Any], tenures: list[dict[str, Any]], people: list[Person | None],
           as_of: date) -> PostEntry:
    ended_on = date.fromisoformat(post["ended_on"]) if post["ended_on"] else None
    starts = [date.fromisoformat(t["effective_from"]) for t in tenures]
    ends = [*starts[1:], ended_on]
    history = [_holder(people[i] if i < len(people) else None, t,
                       date.fromordinal(end.toordinal() - 1) if end else None)
               for i, (t, end) in enumerate(zip(tenures, ends, strict=True))]
    current = None
    if ended_on is None or as_of < ended_on:
        held = [h for h in history if h.effective_from <= as_of]
        current = held[-1] if held else None
    return PostEntry(post["appointment"], post["post"], post["scope"], post["duty"], current, history, ended_on)


def appointments_on(store: ViewStore, backend: Backend, tenant_id: str, as_of: date,
                    post: str | None = None, scope: str | None = None) -> AppointmentsAnswer:
    """Every post of the tenant (or of one kind, or for one partnership/group/order) as of a date."""
    tables = store.reader_tables(AppointmentView)
    clauses, params = ["tenant = ?"], [tenant_id]
    for column, value in (("post", post), ("scope", scope)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    posts = store.db.query(tables.sql(
        f"SELECT appointment, post, scope, duty, ended_on FROM {{posts}} WHERE {' AND '.join(clauses)} "
        "ORDER BY post, scope, appointment"), params)
    tenures: dict[str, list[dict[str, Any]]] = {}
    for row in store.db.query(tables.sql(
            "SELECT appointment, seq, effective_from, order_doc, reason FROM {tenures} WHERE tenant = ? "
            "ORDER BY appointment, seq"), (tenant_id,)):
        tenures.setdefault(row["appointment"], []).append(row)
    return AppointmentsAnswer(tenant_id, as_of, [
        _entry(p, tenures.get(p["appointment"], []), _people(backend, tenant_id, p), as_of) for p in posts])
