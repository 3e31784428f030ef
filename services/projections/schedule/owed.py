"""Report rows owed under a tenant's reporting duties in force (domain.duty), built from facts (no SQL).

Nothing is owed without a duty (W1): the rows come from each duty's versions and from who owes
it: `roadmap_schools` per approved roadmap (each month its period touches, or each due date within
it), `low_results` / `adverse_conditions` per school identified so, `network_centres` /
`base_support_sites` per school so designated (a network centre until the order dissolving the
last network it centres, 002), `partner_schools` per running partnership's
partner school (from its assignment to its end), `municipality` once (school "municipality").
A school that left the programme owes nothing due after its exit: such a row is kept, marked
closed by exit (W5), unless it was done.

A duty due `after_event` owes one report per visit or internship held while it is in force, of
each school of the event that is among its obligors then (or of the municipality); its period is
the event's key. A `partnership_agreements` duty (003 p.6.1) owes, each year by its date, the
agreement of each partnership running then (`partnerships`: one row per pair, under the supported
school) or of all of them (`municipality`: one row, met when the last is signed); it is met on the
earliest signing (agreement or extension) whose term covers the due date.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import msgspec

from domain.base import CascadeAggregate
from domain.duty import DutyVersion, Owed, ReportingDuty, last_day, owed
from domain.duty_due import owed_after
from domain.school import School
from services.projections.schedule.rows import AGREEMENT_DUE, REPORT_KINDS, Row, iso, report_id

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


def filed_ids(facts: dict[str, list[dict[str, Any]]]) -> set[str]:
    """Row ids of the reports filed (a filed report no duty asks for any more stays, not owed)."""
    return {report_id(r["report_kind"], r["school"], r["period"], r.get("duty", ""))
            for r in facts.get("report", [])}


def school_changes(school: dict[str, Any], event: CascadeAggregate.Event) -> dict[str, Any]:
    """The facts of a school the duties need that one of its events changes."""
    match event:
        case School.Identified():
            return {"categories": list(event.categories), "exited_on": None}
        case School.Designated():
            return {"designations": [*school.get("designations", []), event.designation]}
        case School.ExitedProgramme():
            return {"exited_on": iso(event.exited_on)}
        case School.NetworkCentreChanged():
            networks = {**school.get("centre_networks", {}),
                        event.network: None if event.centre else iso(event.on)}
            return {"centre_networks": networks}
    return {}


def _centre_until(school: dict[str, Any]) -> date | None:
    """002: a network centre owes until the day before the order dissolving the last network it
    centres takes effect (None: it centres a running network, or none is recorded)."""
    ended = list(school.get("centre_networks", {}).values())
    if not ended or None in ended:
        return None
    return max(date.fromisoformat(day) for day in ended) - timedelta(days=1)


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
    if obligor == "network_centres":
        return [(s["school"], start, _centre_until(s), False) for s in chosen]
    return [(s["school"], start, None, False) for s in chosen]


def owed_rows(tenant: str, facts: dict[str, list[dict[str, Any]]]) -> list[Row]:
    """Every row the tenant's duties ask for, closed by exit where the school has left."""
    exits = {s["school"]: _d(s.get("exited_on")) for s in facts.get("school", [])}
    found: dict[str, Row] = {}
    for duty in facts.get("duty", []):
        versions = msgspec.json.decode(json.dumps(duty["versions"]), type=tuple[DutyVersion, ...])
        until = last_day(_d(duty["effective_until"]), _d(duty["lapsed_on"]))
        if versions[-1].terms.report_kind == "partnership_agreements":
            rows = _agreement_rows(tenant, duty["key"], versions, until, facts, exits)
        else:
            rows = _report_rows(tenant, duty["key"], versions, until, facts, exits)
        for row in rows:
            found.setdefault(row[1], row)
    return list(found.values())


def _report_rows(tenant: str, duty: str, versions: tuple[DutyVersion, ...], until: date | None,
                 facts: dict[str, list[dict[str, Any]]], exits: dict[str, date | None]) -> list[Row]:
    found = []
    for obligor in dict.fromkeys(v.terms.obligor for v in versions):
        for school, start, end, whole in _spans(obligor, versions[0].effective_from, facts):
            items = owed(versions, until, start, end, whole) + _after(versions, until, school, start,
                                                                      end, facts)
            found += [_row(tenant, duty, school, item, exits.get(school))
                      for item in items if item.terms.obligor == obligor]
    return found


#: The events an after_event duty follows: facts kind, and the two schools each concerns.
_EVENTS = {"visit_held": ("visit", "visiting"), "internship_held": ("internship", "host")}


def _after(versions: tuple[DutyVersion, ...], until: date | None, school: str, start: date,
           end: date | None, facts: dict[str, list[dict[str, Any]]]) -> list[Owed]:
    """Reports an after_event duty asks of `school` (owing from start to end): one per event held
    that concerns it (the municipality: every event)."""
    found = []
    for event, (kind, other) in _EVENTS.items():
        if not any(v.terms.due.after == event for v in versions):
            continue
        for fact in facts.get(kind, []):
            held = _d(fact.get("held_on"))
            if held is None or not start <= held <= (end or date.max):
                continue
            if school == MUNICIPALITY or school in (fact["school"], fact.get(other)):
                item = owed_after(versions, until, event, fact["key"], held)
                found += [item] if item is not None else []
    return found


def _row(tenant: str, duty: str, school: str, item: Owed, exited_on: date | None) -> Row:
    kind, terms = item.terms.report_kind, item.terms
    closed = exited_on is not None and item.due_on > exited_on
    named = duty if kind == "named" else ""
    ref = f"{school}:{kind}:{named}:{item.period}" if named else f"{school}:{kind}:{item.period}"
    return (tenant, report_id(kind, school, item.period, named), REPORT_KINDS[kind], school, ref,
            f"{terms.title} за {item.period} ({terms.addressee})", iso(item.due_on),
            iso(item.period_start), None, CLOSED_BY_EXIT if closed else OPEN)


def signed_by(partnership: dict[str, Any], due: date) -> date | None:
    """003 p.6.1: the earliest signing (the agreement, an extension) whose term covers `due`."""
    signed = [date.fromisoformat(on) for on, until in partnership.get("signings", [])
              if date.fromisoformat(until) >= due]
    return min(signed) if signed else None


def _running(partnership: dict[str, Any], due: date) -> bool:
    """Assigned by the due date and not ended before it."""
    assigned, ended = _d(partnership.get("assigned_on")), _d(partnership.get("ended_on"))
    return assigned is not None and assigned <= due and (ended is None or ended >= due)


def _agreement_rows(tenant: str, duty: str, versions: tuple[DutyVersion, ...], until: date | None,
                    facts: dict[str, list[dict[str, Any]]], exits: dict[str, date | None]) -> list[Row]:
    """003 p.6.1: per pair (or for the municipality) and year, the agreements due by the date."""
    pairs, found = facts.get("partnership", []), []
    for item in owed(versions, until, versions[0].effective_from, None, False):
        running = [p for p in pairs if _running(p, item.due_on)]
        title = f"{item.terms.title} за {item.period} ({item.terms.addressee})"
        if item.terms.obligor == MUNICIPALITY and running:
            dates = [signed_by(p, item.due_on) for p in running]
            done = None if None in dates else max(d for d in dates if d is not None)
            found.append((tenant, f"{AGREEMENT_DUE}:{duty}:{MUNICIPALITY}:{item.period}", "partnership_agreement",
                          MUNICIPALITY, duty, title, iso(item.due_on), None, iso(done), OPEN))
        for p in running if item.terms.obligor == "partnerships" else []:
            done, exited = signed_by(p, item.due_on), exits.get(p["school"])
            closed = done is None and exited is not None and item.due_on > exited
            found.append((tenant, f"{AGREEMENT_DUE}:{duty}:{p['key']}:{item.period}", "partnership_agreement",
                          p["school"], p["key"], f"{title}: {p['school']} – {p.get('partner', '')}",
                          iso(item.due_on), None, iso(done), CLOSED_BY_EXIT if closed else OPEN))
    return found
