"""Rows of the monitoring calendar: what makes a row of each kind, built from events (no SQL).

One row per obligation, keyed by a stable `id`; statuses (on time, late, missed, due) are
derived on read for a date (domain.status), never stored. The kinds:

- `roadmap_item` ("roadmap:<roadmap>:<item>:<occurrence>", the occurrence keyed by its planned
  ISO date, domain.occurrence): each occurrence of an item's schedule
  (`domain.schedule.roadmap_occurrences`: the item's own dates, unbounded forms cut to the
  roadmap's period, an open-ended item due at the end of its period). Each occurrence is an
  obligation of its own (W7): `OccurrenceCompleted` marks that one done with its evidence,
  `OccurrenceCancelled` cancels it, `OccurrenceRescheduled` moves its `due_on` (the planned
  date stays in `moved_from`). The whole-item `ItemCompleted` keeps its old meaning: every
  occurrence not done or cancelled is done on `completed_on`. Cancelling the item cancels the
  occurrences not done and due on or after the day it was recorded (tenant time zone); earlier
  ones stay as they were (missed, if so). A reschedule of the whole item deletes its rows not
  done and expands the new schedule.
- reports ("report:<kind>:<school>:<period>", row kinds `monthly_report`,
  `effectiveness_analysis`, `annual_analytic_note`): only what the tenant's reporting duties in
  force ask for (schedule.owed, domain.duty; W1): nothing is universal. A report filed for a
  period no duty asks for still gets its row (upserted on filing), marked not owed
  (`cancelled` = NOT_OWED): shown as an informational "done", never in a rate or the overview.
  For every report kind `done_on` is the date of the filing that stands: filing sets it, a
  return clears it (the obligation is open again), filing again sets the new date, and
  acceptance keeps it; so it ends as the filing that was finally accepted. A report filed for
  a period no roadmap asked for still gets its row (upserted on filing).
  A report a duty names itself (`named_report`, "report:named:<duty>:<school>:<period>"): its
  period is a month, year, school year or the key of the visit/internship it reports on.
- `partnership_agreement` ("agreement_due:<duty>:<partnership or municipality>:<year>"): 003
  p.6.1, agreements to conclude by a date each year a duty asks for them (schedule.owed); done
  on the signing that covers the due date.
- `visit` ("visit:<key>"): due `planned_on`, done `held_on`, cancelled when called off; the
  school is the host (the school visited). A visit planned for a roadmap occurrence (W11) is
  informational (`cancelled` = LINKED): the occurrence is the obligation, closed when the visit
  is held, so one act is one obligation.
- `internship_request` ("internship_request:<key>"): due start − 7 days, done `submitted_on`.
- `internship_withdrawal` ("internship_withdrawal:<key>"): the last day to withdraw, three
  working days before start; informational (never done), cancelled once held or withdrawn.
- `agreement_expiry` ("agreement_expiry:<partnership>"): due `term_until`, moved by an
  extension; done on the day the partnership ended at or after its term, cancelled when it
  ended earlier.
- `termination_notice` ("termination_notice_latest:<partnership>"): expiry − 2 months, the
  last day a notice can be given to end the agreement before its term; done when a notice is
  given, cancelled when the partnership ends without one. Informational.
- `termination_effective` ("termination_effective:<partnership>"): the day a notified
  termination takes effect; done when the partnership ends.

`ref` is the key of the stream the row comes from (roadmap key, report key
"<school>:<kind>:<period>", visit, internship or partnership key).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from domain.calendar import WorkingCalendar
from domain.internship import InternshipRequest
from domain.occurrence import Evidence, occurrence_key
from domain.report import period_start
from domain.roadmap import Roadmap
from domain.rules import (
    DeadlineRules,
    annual_note_deadline,
    effectiveness_analysis_deadline,
    internship_request_deadline,
    internship_withdrawal_deadline,
    report_due_date,
)
from domain.schedule import Schedule, add_months, roadmap_occurrences
from domain.visit import Visit

#: Every kind of row, in the order the API documents them.
KINDS = (
    "roadmap_item", "monthly_report", "annual_analytic_note", "effectiveness_analysis", "visit",
    "internship_request", "internship_withdrawal", "agreement_expiry", "termination_notice",
    "termination_effective", "named_report", "partnership_agreement",
)
#: Kinds that only inform (a limit or a term), not something a school owes: not in on-time rates.
INFORMATIONAL = frozenset(
    {"internship_withdrawal", "agreement_expiry", "termination_notice", "termination_effective"}
)
#: Report kind (domain) -> row kind.
REPORT_KINDS = {
    "monthly_roadmap": "monthly_report",
    "annual_analytic_note": "annual_analytic_note",
    "effectiveness_analysis": "effectiveness_analysis",
    "named": "named_report",
}
#: Row id prefix of the agreements a duty asks to conclude by a date (003 p.6.1).
AGREEMENT_DUE = "agreement_due"
_REPORT_TITLES = {
    "monthly_roadmap": "Ежемесячный отчёт о реализации дорожной карты за {period}",
    "annual_analytic_note": "Аналитическая записка за {period} учебный год",
    "effectiveness_analysis": "Анализ эффективности принятых мер за {period} год",
    "named": "Отчёт по обязанности {duty} за {period}",
}
VISIT_KINDS_RU = {
    "lesson": "Посещение уроков",
    "extracurricular": "Посещение внеурочной деятельности",
    "pedagogical_council": "Заседание педагогического совета",
    "methodological_meeting": "Заседание методического объединения",
    "consultation": "Консультация",
    "seminar": "Семинар",
    "internship": "Стажировка",
    "other": "Посещение",
}

#: The columns of a row, in the order the builders give them.
COLUMNS = "tenant, id, kind, school, ref, title, due_on, window_start, done_on, cancelled"

Row = tuple[Any, ...]


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching ids that start with `prefix` (keys may hold `_`)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def item_prefix(roadmap: str, item: str) -> str:
    return f"roadmap:{roadmap}:{item}:"


def item_rows(tenant: str, roadmap: dict[str, Any], item: str, title: str, schedule: Schedule) -> list[Row]:
    """One row per occurrence of an item's schedule within (or beyond) its roadmap's period."""
    found = roadmap_occurrences(
        schedule, date.fromisoformat(roadmap["period_start"]), date.fromisoformat(roadmap["period_end"])
    )
    prefix = item_prefix(roadmap["key"], item)
    return [
        (tenant, f"{prefix}{occurrence_key(o.due)}", "roadmap_item", roadmap["school"], roadmap["key"],
         title, iso(o.due), iso(o.window_start), None, 0)
        for o in found
    ]


def evidence_json(evidence: tuple[Evidence, ...]) -> str:
    return msgspec.json.encode(list(evidence)).decode()


def occurrence_change(event: Any) -> tuple[str, tuple[Any, ...]]:
    """SET clause and parameters of one occurrence's row after an occurrence event (W7)."""
    if isinstance(event, Roadmap.OccurrenceCompleted):
        return "done_on = ?, evidence = ?", (iso(event.completed_on), evidence_json(event.evidence))
    if isinstance(event, Roadmap.OccurrenceCancelled):
        return "cancelled = 1", ()
    due = iso(event.due)
    return ("moved_from = COALESCE(moved_from, due_on), due_on = ?, "
            "window_start = CASE WHEN window_start > ? THEN NULL ELSE window_start END", (due, due))


def report_id(kind: str, school: str, period: str, duty: str = "") -> str:
    """The row id of a report: "report:<kind>:<school>:<period>"; named: "report:named:<duty>:…"."""
    return f"report:named:{duty}:{school}:{period}" if duty else f"report:{kind}:{school}:{period}"


def report_due(kind: str, period: str, rules: DeadlineRules, filed_on: date) -> date:
    """The due date of a filing no duty asks for, by the rules (a named report: its filing day)."""
    if kind == "named":
        return filed_on
    start = period_start(kind, period)  # type: ignore[arg-type]
    if kind == "monthly_roadmap":
        return report_due_date(start, rules)
    if kind == "annual_analytic_note":
        return annual_note_deadline(start.year + 1, rules)
    return effectiveness_analysis_deadline(start.year, rules)


#: `cancelled` of a report row no duty asks for: informational, never in a rate or figure.
NOT_OWED = 3
#: `cancelled` of a visit planned for a roadmap occurrence (W11): the occurrence is the obligation.
LINKED = 4


def report_row(
    tenant: str, school: str, kind: str, period: str, done_on: date | None, due_on: date,
    duty: str = "",
) -> Row:
    """The row of a filed report; not owed until a duty in force asks for it (schedule.owed)."""
    ref = f"{school}:{kind}:{duty}:{period}" if duty else f"{school}:{kind}:{period}"
    start = None if duty else period_start(kind, period)  # type: ignore[arg-type]
    return (
        tenant, report_id(kind, school, period, duty), REPORT_KINDS[kind], school, ref,
        _REPORT_TITLES[kind].format(period=period, duty=duty), iso(due_on), iso(start),
        iso(done_on), NOT_OWED,
    )


def visit_row(tenant: str, event: Visit.Planned) -> Row:
    title = VISIT_KINDS_RU.get(event.kind, "Посещение")
    if event.topic:
        title = f"{title}: {event.topic}"
    linked = LINKED if event.link is not None else 0
    return (tenant, f"visit:{event.key}", "visit", event.host_school, event.key, title,
            iso(event.planned_on), None, None, linked)


def internship_rows(
    tenant: str, event: InternshipRequest.Submitted, calendar: WorkingCalendar, rules: DeadlineRules
) -> list[Row]:
    request_by = internship_request_deadline(event.start, rules)
    withdraw_by = internship_withdrawal_deadline(event.start, calendar, rules)
    return [
        (tenant, f"internship_request:{event.key}", "internship_request", event.school,
         event.key, f"Заявка на стажировку: {event.topic}", iso(request_by), None,
         iso(event.submitted_on), 0),
        (tenant, f"internship_withdrawal:{event.key}", "internship_withdrawal",
         event.school, event.key, f"Последний день отзыва заявки на стажировку: {event.topic}",
         iso(withdraw_by), None, None, 0),
    ]


def agreement_rows(
    tenant: str, partnership: dict[str, Any], number: str, term_until: date, rules: DeadlineRules
) -> list[Row]:
    key, school = partnership["key"], partnership["school"]
    notice_by = add_months(term_until, -rules.termination_notice_months)
    return [
        (tenant, f"agreement_expiry:{key}", "agreement_expiry", school, key,
         f"Окончание срока партнёрского договора № {number}", iso(term_until), None, None, 0),
        (tenant, f"termination_notice_latest:{key}", "termination_notice", school, key,
         f"Последний день уведомления о расторжении договора № {number}", iso(notice_by),
         None, None, 0),
    ]


def termination_row(tenant: str, partnership: dict[str, Any], takes_effect_on: date) -> Row:
    key, number = partnership["key"], partnership.get("number", "")
    return (tenant, f"termination_effective:{key}", "termination_effective",
            partnership["school"], key, f"Расторжение партнёрского договора № {number}",
            iso(takes_effect_on), None, None, 0)
