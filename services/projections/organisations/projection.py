"""Organisations view: the only writer of its tables.

Tables:
- `organisations`: one row per organisation that is not a school (001 p.3, p.5; 004 §3.1), with
  its folded name for search;
- `org_events`: one row per event an organisation runs for schools (004 §4.3), its stream id (later
  events of the stream carry no key), status planned | held | cancelled;
- `participants`: per held event, each school and the number of its teachers who took part;
- `headcounts`: the teachers of a school in a year (001 indicator 2's denominator), the latest
  figure (a correction replaces it).
"""

from __future__ import annotations

from datetime import date

from domain.base import CascadeAggregate
from domain.organisation import Organisation, OrganisationEvent, TeacherHeadcount
from services.projections.registers.search import search_text
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class OrganisationsView(View):
    """Organisations, their events and the schools' teachers; the overview reads its coverage."""

    name = "organisations"
    schema = {
        "organisations": (
            "CREATE TABLE IF NOT EXISTS {organisations} ("
            "tenant TEXT NOT NULL, organisation TEXT NOT NULL, name TEXT NOT NULL, "
            "short_name TEXT NOT NULL, kind TEXT NOT NULL, role_in_programme TEXT NOT NULL, "
            "search TEXT NOT NULL, PRIMARY KEY (tenant, organisation))"
        ),
        "org_events": (
            "CREATE TABLE IF NOT EXISTS {org_events} ("
            "tenant TEXT NOT NULL, event TEXT NOT NULL, stream TEXT NOT NULL, organiser TEXT NOT NULL, "
            "kind TEXT NOT NULL, planned_on TEXT NOT NULL, topic TEXT NOT NULL, status TEXT NOT NULL, "
            "held_on TEXT, summary TEXT NOT NULL, reason TEXT NOT NULL, search TEXT NOT NULL, "
            "PRIMARY KEY (tenant, event))"
        ),
        "participants": (
            "CREATE TABLE IF NOT EXISTS {participants} ("
            "tenant TEXT NOT NULL, event TEXT NOT NULL, school TEXT NOT NULL, teachers INTEGER NOT NULL, "
            "PRIMARY KEY (tenant, event, school))"
        ),
        "headcounts": (
            "CREATE TABLE IF NOT EXISTS {headcounts} ("
            "tenant TEXT NOT NULL, stream TEXT NOT NULL, school TEXT NOT NULL, year INTEGER NOT NULL, "
            "teachers INTEGER NOT NULL, PRIMARY KEY (tenant, school, year))"
        ),
    }
    indexes = (Index("org_events", "tenant, stream"), Index("headcounts", "tenant, stream"))

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case Organisation.Registered():
                tx.execute(
                    "INSERT INTO {organisations} (tenant, organisation, name, short_name, kind, "
                    "role_in_programme, search) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (tenant.id, event.key, event.name, event.short_name, event.kind,
                     event.role_in_programme, search_text(event.name, event.short_name)),
                )
            case OrganisationEvent.Planned():
                tx.execute(
                    "INSERT INTO {org_events} (tenant, event, stream, organiser, kind, planned_on, topic, "
                    "status, held_on, summary, reason, search) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', NULL, '', '', ?)",
                    (tenant.id, event.key, str(event.originator_id), event.organiser, event.kind,
                     _iso(event.planned_on), event.topic, search_text(event.topic)),
                )
            case OrganisationEvent.Held():
                self._held(tx, tenant.id, event)
            case OrganisationEvent.Cancelled():
                tx.execute(
                    "UPDATE {org_events} SET status = 'cancelled', reason = ? WHERE tenant = ? AND stream = ?",
                    (event.reason, tenant.id, str(event.originator_id)),
                )
            case TeacherHeadcount.Recorded():
                tx.execute(
                    "INSERT INTO {headcounts} (tenant, stream, school, year, teachers) VALUES (?, ?, ?, ?, ?)",
                    (tenant.id, str(event.originator_id), event.school, event.year, event.teachers),
                )
            case TeacherHeadcount.Corrected():
                tx.execute(
                    "UPDATE {headcounts} SET teachers = ? WHERE tenant = ? AND stream = ?",
                    (event.teachers, tenant.id, str(event.originator_id)),
                )

    def _held(self, tx: BoundTx, tenant: str, event: OrganisationEvent.Held) -> None:
        stream = str(event.originator_id)
        tx.execute(
            "UPDATE {org_events} SET status = 'held', held_on = ?, summary = ? WHERE tenant = ? AND stream = ?",
            (_iso(event.held_on), event.summary, tenant, stream),
        )
        [row] = tx.query("SELECT event FROM {org_events} WHERE tenant = ? AND stream = ?", (tenant, stream))
        tx.executemany(
            "INSERT INTO {participants} (tenant, event, school, teachers) VALUES (?, ?, ?, ?)",
            [(tenant, row["event"], p.school, p.teachers) for p in event.participants],
        )
