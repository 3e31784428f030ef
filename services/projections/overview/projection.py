"""Regional overview view: the only writer of schools, partnerships, targets and indicator values.

The figures of the overview (shares, rates, statuses as of a date) are computed on read by
overview.regional from these tables and from the roadmaps and schedule models' queries; none is
stored. Each fact keeps its business date (identified_on = the date of the list's basis,
exited_on, assigned_on, concluded_on, term_until, ended_on, measured_on) so that the overview
can be taken as of any date. `series` is bookkeeping: which indicator series stream is which subject and indicator.
"""

from __future__ import annotations

import json
from typing import Any

from domain.base import CascadeAggregate
from domain.partnership import Partnership
from domain.programme import IndicatorSeries, Programme
from domain.school import School
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _decimal(value: Any) -> str | None:
    return None if value is None else str(value)


class OverviewView(View):
    """What the overview needs beyond roadmaps and the schedule."""

    name = "overview"
    schema = {
        "schools": (
            "CREATE TABLE IF NOT EXISTS {schools} ("
            "tenant TEXT NOT NULL, school TEXT NOT NULL, stream_id TEXT NOT NULL, "
            "name TEXT NOT NULL, "
            "in_programme INTEGER NOT NULL, categories TEXT NOT NULL, cohort_year INTEGER, "
            "designations TEXT NOT NULL, exited_on TEXT, "
            "PRIMARY KEY (tenant, school))"
        ),
        "partnerships": (
            "CREATE TABLE IF NOT EXISTS {partnerships} ("
            "tenant TEXT NOT NULL, partnership TEXT NOT NULL, stream_id TEXT NOT NULL, "
            "supported_school TEXT NOT NULL, partner_school TEXT NOT NULL, status TEXT NOT NULL, "
            "agreement_number TEXT, concluded_on TEXT, term_until TEXT, ended_on TEXT, "
            "assigned_on TEXT, PRIMARY KEY (tenant, partnership))"
        ),
        # One row per identification (a re-confirmation adds one): in the programme from
        # identified_on, the date of its basis, until exited_on (004 §3.2; 001 exit).
        "identifications": (
            "CREATE TABLE IF NOT EXISTS {identifications} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, position BIGINT NOT NULL, "
            "school TEXT NOT NULL, identified_on TEXT NOT NULL, exited_on TEXT, "
            "PRIMARY KEY (tenant, stream_id, position))"
        ),
        "targets": (
            "CREATE TABLE IF NOT EXISTS {targets} ("
            "tenant TEXT NOT NULL, programme TEXT NOT NULL, level TEXT NOT NULL, "
            "indicator TEXT NOT NULL, comparison TEXT NOT NULL, value TEXT, unit TEXT NOT NULL, "
            "title TEXT NOT NULL, adopted_on TEXT NOT NULL, period_start TEXT NOT NULL, "
            "period_end TEXT NOT NULL, position BIGINT NOT NULL, "
            "programme_title TEXT NOT NULL DEFAULT '', "
            "PRIMARY KEY (tenant, programme, indicator))"
        ),
        "series": (
            "CREATE TABLE IF NOT EXISTS {series} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, subject TEXT NOT NULL, "
            "indicator TEXT NOT NULL, PRIMARY KEY (tenant, stream_id))"
        ),
        "indicator_values": (
            "CREATE TABLE IF NOT EXISTS {indicator_values} ("
            "tenant TEXT NOT NULL, subject TEXT NOT NULL, indicator TEXT NOT NULL, "
            "period TEXT NOT NULL, value TEXT NOT NULL, measured_on TEXT NOT NULL, "
            "position BIGINT NOT NULL, "
            "PRIMARY KEY (tenant, subject, indicator, period))"
        ),
        # Per tenant and part ('criteria': targets and values; 'schools': schools, their
        # identifications and partnerships), the log position of the latest change: what the
        # overview keeps of a tenant is kept by these (overview.summary).
        "revisions": (
            "CREATE TABLE IF NOT EXISTS {revisions} ("
            "tenant TEXT NOT NULL, part TEXT NOT NULL, position BIGINT NOT NULL, "
            "PRIMARY KEY (tenant, part))"
        ),
    }
    indexes = (
        Index("schools", "tenant, stream_id"),
        Index("partnerships", "tenant, stream_id"),
        Index("identifications", "tenant, school"),
        Index("indicator_values", "tenant, indicator"),
    )

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        self._apply(tx, tenant, event, position)
        part = "schools" if isinstance(event, _SCHOOLS) else "criteria" if isinstance(event, _CRITERIA) else None
        if part is not None:
            tx.execute(
                "INSERT INTO {revisions} (tenant, part, position) VALUES (?, ?, ?) "
                "ON CONFLICT (tenant, part) DO UPDATE SET position = excluded.position",
                (tenant.id, part, position),
            )

    def _apply(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case School.Registered():
                tx.execute(
                    "INSERT INTO {schools} (tenant, school, stream_id, name, in_programme, categories, "
                    "cohort_year, designations, exited_on) VALUES (?, ?, ?, ?, 0, '[]', NULL, '[]', NULL)",
                    (tenant.id, event.code, str(event.originator_id), event.name),
                )
            case School.Identified():
                _update_school(tx, tenant.id, event, "in_programme = 1, categories = ?, cohort_year = ?, "
                               "exited_on = NULL", (json.dumps(list(event.categories)), event.cohort_year))
                _identified(tx, tenant.id, event, position)
            case School.Designated():
                _school_designated(tx, tenant.id, event)
            case School.ExitedProgramme():
                _update_school(tx, tenant.id, event, "in_programme = 0, exited_on = ?", (_iso(event.exited_on),))
                tx.execute(
                    "UPDATE {identifications} SET exited_on = ? "
                    "WHERE tenant = ? AND stream_id = ? AND exited_on IS NULL",
                    (_iso(event.exited_on), tenant.id, str(event.originator_id)),
                )
            case Partnership.Assigned():
                _partnership_assigned(tx, tenant.id, event)
            case Partnership.AgreementConcluded():
                _update_partnership(
                    tx, tenant.id, event,
                    "status = 'concluded', agreement_number = ?, concluded_on = ?, term_until = ?",
                    (event.number, _iso(event.concluded_on), _iso(event.term_until)),
                )
            case Partnership.AgreementExtended():
                _update_partnership(tx, tenant.id, event, "term_until = ?", (_iso(event.term_until),))
            case Partnership.TerminationNotified():
                _update_partnership(tx, tenant.id, event, "status = 'notified'", ())
            case Partnership.Ended():
                _update_partnership(tx, tenant.id, event, "status = 'ended', ended_on = ?", (_iso(event.ended_on),))
            case Programme.Adopted():
                _programme_adopted(tx, tenant.id, event, position)
            case IndicatorSeries.Opened():
                tx.execute(
                    "INSERT INTO {series} (tenant, stream_id, subject, indicator) VALUES (?, ?, ?, ?)",
                    (tenant.id, str(event.originator_id), event.subject, event.indicator),
                )
            case IndicatorSeries.ValueRecorded() | IndicatorSeries.ValueCorrected():
                _value_recorded(tx, tenant.id, event, position)


#: The events that change each part of the overview's facts (the `revisions` table).
_SCHOOLS = (School.Registered, School.Identified, School.ExitedProgramme, Partnership.Assigned,
            Partnership.AgreementConcluded, Partnership.AgreementExtended,
            Partnership.TerminationNotified, Partnership.Ended)
_CRITERIA = (Programme.Adopted, IndicatorSeries.ValueRecorded, IndicatorSeries.ValueCorrected)


def _update_school(tx: BoundTx, tenant: str, event: Any, sets: str, params: tuple[Any, ...]) -> None:
    tx.execute(
        f"UPDATE {{schools}} SET {sets} WHERE tenant = ? AND stream_id = ?",
        (*params, tenant, str(event.originator_id)),
    )


def _identified(tx: BoundTx, tenant: str, event: School.Identified, position: int) -> None:
    tx.execute(
        "INSERT INTO {identifications} (tenant, stream_id, position, school, identified_on, "
        "exited_on) SELECT tenant, stream_id, ?, school, ?, NULL FROM {schools} "
        "WHERE tenant = ? AND stream_id = ?",
        (position, event.basis.issued_on.isoformat(), tenant, str(event.originator_id)),
    )


def _school_designated(tx: BoundTx, tenant: str, event: School.Designated) -> None:
    rows = tx.query(
        "SELECT designations FROM {schools} WHERE tenant = ? AND stream_id = ?",
        (tenant, str(event.originator_id)),
    )
    if rows:
        designations = [*json.loads(rows[0]["designations"]), event.designation]
        _update_school(tx, tenant, event, "designations = ?", (json.dumps(designations),))


def _partnership_assigned(tx: BoundTx, tenant: str, event: Partnership.Assigned) -> None:
    tx.execute(
        "INSERT INTO {partnerships} (tenant, partnership, stream_id, supported_school, "
        "partner_school, status, agreement_number, concluded_on, term_until, ended_on, "
        "assigned_on) VALUES (?, ?, ?, ?, ?, 'assigned', NULL, NULL, NULL, NULL, ?)",
        (tenant, event.key, str(event.originator_id), event.supported_school, event.partner_school,
         event.assigned_on.isoformat()),
    )


def _update_partnership(tx: BoundTx, tenant: str, event: Any, sets: str, params: tuple[Any, ...]) -> None:
    tx.execute(
        f"UPDATE {{partnerships}} SET {sets} WHERE tenant = ? AND stream_id = ?",
        (*params, tenant, str(event.originator_id)),
    )


def _programme_adopted(tx: BoundTx, tenant: str, event: Programme.Adopted, position: int) -> None:
    tx.executemany(
        "INSERT INTO {targets} (tenant, programme, level, indicator, comparison, value, unit, "
        "title, adopted_on, period_start, period_end, position, programme_title) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                tenant, event.key, event.level, target.indicator, target.comparison,
                _decimal(target.value), target.unit, target.title, event.adopted_on.isoformat(),
                event.period_start.isoformat(), event.period_end.isoformat(), position, event.title,
            )
            for target in event.targets
        ],
    )


def _value_recorded(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    """A recorded or corrected value: the latest one of the period replaces the earlier."""
    rows = tx.query(
        "SELECT subject, indicator FROM {series} WHERE tenant = ? AND stream_id = ?",
        (tenant, str(event.originator_id)),
    )
    if not rows:
        return
    subject, indicator = rows[0]["subject"], rows[0]["indicator"]
    tx.execute(
        "INSERT INTO {indicator_values} (tenant, subject, indicator, period, value, measured_on, "
        "position) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (tenant, subject, indicator, period) DO UPDATE SET value = excluded.value, "
        "measured_on = excluded.measured_on, position = excluded.position",
        (tenant, subject, indicator, event.period, str(event.value), event.measured_on.isoformat(),
         position),
    )
