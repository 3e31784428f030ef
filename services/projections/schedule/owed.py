"""Report rows owed under a tenant's reporting duties in force (domain.duty), built from facts (no SQL).

Nothing is owed without a duty (W1): the rows come from each duty's versions and from who owes
it: `roadmap_schools` per approved roadmap (each month its period touches, or each due date within
it), `low_results` / `adverse_conditions` per school identified so, `network_centres` /
`base_support_sites` per school so designated, `partner_schools` per running partnership's
partner school (from its assignment to its end), `municipality` once (school "municipality").
A school that left the programme owes nothing due after its exit: such a row is kept, marked
closed by exit (W5), unless it was done.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import msgspec

from domain.base import CascadeAggregate
from domain.duty import DutyVersion, Owed, ReportingDuty, last_day, owed
from domain.school import School
from services.projections.schedule.rows import REPORT_KINDS, Row, iso

#: `cancelled` column values: open, cancelled, closed by the school's exit from the programme
#: (and NOT_OWED, schedule.rows: a filed report no duty asks for).
OPEN, CANCELLED, CLOSED_BY_EXIT = 0, 1, 2
#: Subject of rows the municipality itself owes.
MUNICIPALITY = "municipality"
_CATEGORY = {"low_results", "adverse_conditions"}
_DESIGNATION = {"network_centres": "network_centre", "base_support_sites": "base_support_site"}


def duty_facts(previous: dict[str, Any] | None, event: CascadeAggregate.Event) -> dict[str, Any]:
    """The facts the view keeps of a duty after one of its events."""
    kept = {k: v for k, v in (previous or {}).items() if k not in ("key", "school")}
    facts = {"versions": [], "effective_until": None, "lapsed_on": None, **kept}
    match event:
        case ReportingDuty.Adopted():
            version = DutyVersion(event.effective_from, event.terms, event.order)
            facts = {"versions": [msgspec.to_builtins(version)],
                     "effective_until": iso(event.effective_until), "lapsed_on": None}
        case ReportingDuty.Amended():
            version = DutyVersion(event.effective_from, event.terms, event.order)
            facts["versions"] = [*facts["versions"], msgspec.to_builtins(version)]
        case ReportingDuty.Lapsed():
            facts["lapsed_on"] = iso(event.lapsed_on)
    return facts


def stale(existing: list[str], expected: list[Row], filed: set[str]) -> tuple[list[str], list[str]]:
    """Report rows no duty asks for any more: (to delete: never filed, to mark not owed: filed)."""
    wanted = {row[1] for row in expected}
    gone = [row_id for row_id in existing if row_id not in wanted]
    return [i for i in gone if i not in filed], [i for i in gone if i in filed]


def school_changes(school: dict[str, Any], event: CascadeAggregate.Event) -> dict[str, Any]:
    """The facts of a school the duties need that one of its events changes."""
    match event:
        case School.Identified():
            return {"categories": list(event.categories), "exited_on": None}
        case School.Designated():
            return {"designations": [*school.get("designations", []), event.designation]}
        case School.ExitedProgramme():
            return {"exited_on": iso(event.exited_on)}
    return {}


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _spans(obligor: str, start: date, facts: dict[str, list[dict[str, Any]]]) -> list[tuple[str, date, date | None, bool]]:
    """(school, from, to, whole periods) of everyone who owes under `obligor`."""
    if obligor == "roadmap_schools":
        return [(r["school"], _d(r["period_start"]), _d(r["period_end"]), True)  # type: ignore[misc]
                for r in facts.get("roadmap", [])]
    if obligor == MUNICIPALITY:
        return [(MUNICIPALITY, start, None, False)]
    if obligor == "partner_schools":
        return [(p["partner"], _d(p["assigned_on"]) or start, _d(p.get("ended_on")), False)
                for p in facts.get("partnership", []) if p.get("partner")]
    schools = facts.get("school", [])
    if obligor in _CATEGORY:
        chosen = [s for s in schools if obligor in s.get("categories", [])]
    else:
        chosen = [s for s in schools if _DESIGNATION[obligor] in s.get("designations", [])]
    return [(s["school"], start, None, False) for s in chosen]


def owed_rows(tenant: str, facts: dict[str, list[dict[str, Any]]]) -> list[Row]:
    """Every report row the tenant's duties ask for, closed by exit where the school has left."""
    exits = {s["school"]: _d(s.get("exited_on")) for s in facts.get("school", [])}
    found: dict[str, Row] = {}
    for duty in facts.get("duty", []):
        versions = msgspec.json.decode(json.dumps(duty["versions"]), type=tuple[DutyVersion, ...])
        until = last_day(_d(duty["effective_until"]), _d(duty["lapsed_on"]))
        for obligor in dict.fromkeys(v.terms.obligor for v in versions):
            for school, start, end, whole in _spans(obligor, versions[0].effective_from, facts):
                for item in owed(versions, until, start, end, whole):
                    if item.terms.obligor == obligor:
                        row = _row(tenant, school, item, exits.get(school))
                        found.setdefault(row[1], row)
    return list(found.values())


def _row(tenant: str, school: str, item: Owed, exited_on: date | None) -> Row:
    kind, terms = item.terms.report_kind, item.terms
    closed = exited_on is not None and item.due_on > exited_on
    return (tenant, f"report:{kind}:{school}:{item.period}", REPORT_KINDS[kind], school,
            f"{school}:{kind}:{item.period}", f"{terms.title} за {item.period} ({terms.addressee})",
            iso(item.due_on), iso(item.period_start), None, CLOSED_BY_EXIT if closed else OPEN)
