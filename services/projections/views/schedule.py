"""Monitoring calendar: every dated obligation of a tenant, what was done and when.

One row of `due` per obligation, keyed by a stable `id`; statuses (on time, late, missed,
due) are derived on read for a date, never stored. What makes a row, and how it is closed:

- `roadmap_item` ("roadmap:<roadmap>:<item>:<index>"): each occurrence of an item's schedule
  (`views.roadmaps.occurrences`: the item's own dates, unbounded forms cut to the roadmap's
  period). Completion marks every occurrence done on `completed_on`, those due earlier too
  (so they show late). Cancellation cancels the occurrences not done and due on or after the
  day it was recorded (tenant time zone); earlier ones stay as they were (missed, if so).
  A reschedule deletes the item's rows and expands the new schedule.
- `monthly_report` ("report:monthly_roadmap:<school>:<YYYY-MM>"): one per month touched by
  each approved roadmap's period, due on `DeadlineRules.monthly_report_day` (28th, 000 p.2.2).
- `effectiveness_analysis` ("report:effectiveness_analysis:<school>:<YYYY>"): due 25.12 of
  every year whose 25.12 lies within an approved roadmap's period (000 item 20).
- `annual_analytic_note` ("report:annual_analytic_note:<school>:<YYYY/YYYY>"): owed by the
  leader school (002 §4.3), which the roadmaps do not name, so it appears only once filed;
  due 30.06 of the school year's end.
  For every report kind `done_on` is the date of the filing that stands: filing sets it, a
  return clears it (the obligation is open again), filing again sets the new date, and
  acceptance keeps it; so it ends as the filing that was finally accepted. A report filed for
  a period no roadmap asked for still gets its row (upserted on filing).
- `visit` ("visit:<key>"): due `planned_on`, done `held_on`, cancelled when called off; the
  school is the host (the school visited).
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

Besides `due`, the view keeps `streams`, its own bookkeeping: which stream id is which
roadmap, report, visit, internship or partnership (key, school, a few facts), because later
events of a stream carry only its id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.internship import InternshipRequest
from domain.partnership import Partnership
from domain.report import Report, period_start
from domain.roadmap import Roadmap
from domain.rules import (
    DeadlineRules,
    annual_note_deadline,
    effectiveness_analysis_deadline,
    internship_request_deadline,
    internship_withdrawal_deadline,
    report_due_date,
)
from domain.schedule import add_months
from domain.visit import Visit
from services.projections.view import BoundTx, View
from services.projections.views.roadmaps import occurrences
from tenants.registry import Tenant

#: Every kind of row, in the order the API documents them.
KINDS = (
    "roadmap_item", "monthly_report", "annual_analytic_note", "effectiveness_analysis", "visit",
    "internship_request", "internship_withdrawal", "agreement_expiry", "termination_notice",
    "termination_effective",
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
}
_REPORT_TITLES = {
    "monthly_roadmap": "Ежемесячный отчёт о реализации дорожной карты за {period}",
    "annual_analytic_note": "Аналитическая записка за {period} учебный год",
    "effectiveness_analysis": "Анализ эффективности принятых мер за {period} год",
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

_COLUMNS = "tenant, id, kind, school, ref, title, due_on, window_start, done_on, cancelled"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching ids that start with `prefix` (keys may hold `_`)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _item_prefix(roadmap: str, item: str) -> str:
    return f"roadmap:{roadmap}:{item}:"


class ScheduleView(View):
    """The monitoring calendar of every tenant (see the module docstring for the rows)."""

    name = "schedule"
    schema = {
        "due": (
            "CREATE TABLE IF NOT EXISTS {due} ("
            "tenant TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, school TEXT NOT NULL, "
            "ref TEXT NOT NULL, title TEXT NOT NULL, due_on TEXT NOT NULL, window_start TEXT, "
            "done_on TEXT, cancelled INTEGER NOT NULL, PRIMARY KEY (tenant, id))"
        ),
        # Bookkeeping of this view only: stream id -> what it is (see the module docstring).
        "streams": (
            "CREATE TABLE IF NOT EXISTS {streams} ("
            "tenant TEXT NOT NULL, stream TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, "
            "school TEXT NOT NULL, facts TEXT NOT NULL, PRIMARY KEY (tenant, stream))"
        ),
    }
    indexes = (
        "CREATE INDEX IF NOT EXISTS {ix} ON {due} (tenant, due_on)",
    )

    def __init__(
        self, calendar: WorkingCalendar | None = None, rules: DeadlineRules | None = None
    ) -> None:
        #: Working days for the withdrawal limit; the rows keep the dates computed when the
        #: events were read, so a changed override table shows after `cascade rebuild schedule`.
        self.calendar = calendar or WorkingCalendar()
        self.rules = rules or DeadlineRules()

    def process(self, tx: BoundTx, tenant: Tenant, event: Any, position: int) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, tx, tenant, event)

    # Bookkeeping ------------------------------------------------------------------------
    @staticmethod
    def _remember(
        tx: BoundTx, tenant: str, stream: str, kind: str, key: str, school: str, **facts: Any
    ) -> None:
        tx.execute(
            "INSERT INTO {streams} (tenant, stream, kind, key, school, facts) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, stream) DO UPDATE SET "
            "kind = excluded.kind, key = excluded.key, school = excluded.school, "
            "facts = excluded.facts",
            (tenant, stream, kind, key, school, json.dumps(facts, ensure_ascii=False)),
        )

    @staticmethod
    def _recall(tx: BoundTx, tenant: str, stream: Any) -> dict[str, Any] | None:
        rows = tx.query(
            "SELECT kind, key, school, facts FROM {streams} WHERE tenant = ? AND stream = ?",
            (tenant, str(stream)),
        )
        if not rows:
            return None
        row = rows[0]
        return {**json.loads(row["facts"]), "key": row["key"], "school": row["school"]}

    @staticmethod
    def _upsert(tx: BoundTx, rows: Sequence[Sequence[Any]], on_conflict: str = "DO NOTHING") -> None:
        tx.executemany(
            f"INSERT INTO {{due}} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            f"ON CONFLICT (tenant, id) {on_conflict}",
            rows,
        )

    @staticmethod
    def _set(tx: BoundTx, tenant: str, row_id: str, sets: str, params: Sequence[Any] = ()) -> None:
        tx.execute(f"UPDATE {{due}} SET {sets} WHERE tenant = ? AND id = ?", (*params, tenant, row_id))

    # Roadmaps ---------------------------------------------------------------------------
    def _roadmap_approved(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        self._remember(
            tx, tenant.id, str(event.originator_id), "roadmap", event.key, event.school,
            period_start=_iso(event.period_start), period_end=_iso(event.period_end),
        )
        rows = []
        month = date(event.period_start.year, event.period_start.month, 1)
        while month <= event.period_end:
            period = f"{month.year:04d}-{month.month:02d}"
            rows.append(self._report_row(
                tenant.id, event.school, "monthly_roadmap", period, None,
                report_due_date(month, self.rules),
            ))
            month = add_months(month, 1)
        for year in range(event.period_start.year, event.period_end.year + 1):
            due = effectiveness_analysis_deadline(year, self.rules)
            if event.period_start <= due <= event.period_end:
                rows.append(self._report_row(
                    tenant.id, event.school, "effectiveness_analysis", str(year), None, due
                ))
        self._upsert(tx, rows)

    def _roadmap(self, tx: BoundTx, tenant: str, event: Any) -> dict[str, Any] | None:
        return self._recall(tx, tenant, event.originator_id)

    def _item_rows(
        self, tenant: str, roadmap: dict[str, Any], item: str, title: str, schedule: Any
    ) -> list[tuple[Any, ...]]:
        found = occurrences(
            schedule, date.fromisoformat(roadmap["period_start"]),
            date.fromisoformat(roadmap["period_end"]),
        )
        prefix = _item_prefix(roadmap["key"], item)
        return [
            (tenant, f"{prefix}{o.index}", "roadmap_item", roadmap["school"], roadmap["key"],
             title, _iso(o.due), _iso(o.window_start), None, 0)
            for o in found
        ]

    def _item_added(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        roadmap = self._roadmap(tx, tenant.id, event)
        if roadmap is None:
            return
        self._remember(
            tx, tenant.id, f"{event.originator_id}/{event.item}", "roadmap_item", event.item,
            roadmap["school"], title=event.title,
        )
        self._upsert(tx, self._item_rows(tenant.id, roadmap, event.item, event.title, event.schedule))

    def _item_completed(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        roadmap = self._roadmap(tx, tenant.id, event)
        if roadmap is None:
            return
        tx.execute(
            "UPDATE {due} SET done_on = ? WHERE tenant = ? AND id LIKE ? ESCAPE '\\'",
            (_iso(event.completed_on), tenant.id, _like_prefix(_item_prefix(roadmap["key"], event.item))),
        )

    def _item_cancelled(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        roadmap = self._roadmap(tx, tenant.id, event)
        if roadmap is None:
            return
        recorded = event.timestamp.astimezone(ZoneInfo(tenant.timezone)).date()
        tx.execute(
            "UPDATE {due} SET cancelled = 1 WHERE tenant = ? AND id LIKE ? ESCAPE '\\' "
            "AND done_on IS NULL AND due_on >= ?",
            (tenant.id, _like_prefix(_item_prefix(roadmap["key"], event.item)), _iso(recorded)),
        )

    def _item_rescheduled(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        roadmap = self._roadmap(tx, tenant.id, event)
        if roadmap is None:
            return
        item = self._recall(tx, tenant.id, f"{event.originator_id}/{event.item}")
        title = item["title"] if item is not None else event.item
        tx.execute(
            "DELETE FROM {due} WHERE tenant = ? AND id LIKE ? ESCAPE '\\'",
            (tenant.id, _like_prefix(_item_prefix(roadmap["key"], event.item))),
        )
        self._upsert(tx, self._item_rows(tenant.id, roadmap, event.item, title, event.schedule))

    # Reports ----------------------------------------------------------------------------
    def _report_row(
        self, tenant: str, school: str, kind: str, period: str, done_on: date | None,
        due_on: date | None = None,
    ) -> tuple[Any, ...]:
        if due_on is None:
            due_on = self._report_due(kind, period)
        return (
            tenant, f"report:{kind}:{school}:{period}", REPORT_KINDS[kind], school,
            f"{school}:{kind}:{period}", _REPORT_TITLES[kind].format(period=period),
            _iso(due_on), _iso(period_start(kind, period)), _iso(done_on), 0,
        )

    def _report_due(self, kind: str, period: str) -> date:
        start = period_start(kind, period)  # type: ignore[arg-type]
        if kind == "monthly_roadmap":
            return report_due_date(start, self.rules)
        if kind == "annual_analytic_note":
            return annual_note_deadline(start.year + 1, self.rules)
        return effectiveness_analysis_deadline(start.year, self.rules)

    def _report_filed(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        self._remember(
            tx, tenant.id, str(event.originator_id), "report",
            f"{event.school}:{event.kind}:{event.period}", event.school,
            report_kind=event.kind, period=event.period,
        )
        self._upsert(
            tx, [self._report_row(tenant.id, event.school, event.kind, event.period, event.filed_on)],
            "DO UPDATE SET done_on = excluded.done_on",
        )

    def _report_id(self, tx: BoundTx, tenant: str, event: Any) -> str | None:
        report = self._recall(tx, tenant, event.originator_id)
        if report is None:
            return None
        return f"report:{report['report_kind']}:{report['school']}:{report['period']}"

    def _report_returned(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        row_id = self._report_id(tx, tenant.id, event)
        if row_id is not None:
            self._set(tx, tenant.id, row_id, "done_on = NULL")

    def _report_refiled(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        row_id = self._report_id(tx, tenant.id, event)
        if row_id is not None:
            self._set(tx, tenant.id, row_id, "done_on = ?", (_iso(event.filed_on),))

    # Visits -----------------------------------------------------------------------------
    def _visit_planned(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        self._remember(tx, tenant.id, str(event.originator_id), "visit", event.key, event.host_school)
        title = VISIT_KINDS_RU.get(event.kind, "Посещение")
        if event.topic:
            title = f"{title}: {event.topic}"
        self._upsert(tx, [(
            tenant.id, f"visit:{event.key}", "visit", event.host_school, event.key, title,
            _iso(event.planned_on), None, None, 0,
        )])

    def _visit_id(self, tx: BoundTx, tenant: str, event: Any) -> str | None:
        visit = self._recall(tx, tenant, event.originator_id)
        return f"visit:{visit['key']}" if visit is not None else None

    def _visit_held(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        row_id = self._visit_id(tx, tenant.id, event)
        if row_id is not None:
            self._set(tx, tenant.id, row_id, "done_on = ?", (_iso(event.held_on),))

    def _visit_cancelled(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        row_id = self._visit_id(tx, tenant.id, event)
        if row_id is not None:
            self._set(tx, tenant.id, row_id, "cancelled = 1")

    # Internships ------------------------------------------------------------------------
    def _internship_submitted(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        self._remember(tx, tenant.id, str(event.originator_id), "internship", event.key, event.school)
        request_by = internship_request_deadline(event.start, self.rules)
        withdraw_by = internship_withdrawal_deadline(event.start, self.calendar, self.rules)
        self._upsert(tx, [
            (tenant.id, f"internship_request:{event.key}", "internship_request", event.school,
             event.key, f"Заявка на стажировку: {event.topic}", _iso(request_by), None,
             _iso(event.submitted_on), 0),
            (tenant.id, f"internship_withdrawal:{event.key}", "internship_withdrawal",
             event.school, event.key, f"Последний день отзыва заявки на стажировку: {event.topic}",
             _iso(withdraw_by), None, None, 0),
        ])

    def _internship_closed(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        internship = self._recall(tx, tenant.id, event.originator_id)
        if internship is not None:
            self._set(tx, tenant.id, f"internship_withdrawal:{internship['key']}", "cancelled = 1")

    # Partnerships -----------------------------------------------------------------------
    def _partnership_assigned(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        self._remember(
            tx, tenant.id, str(event.originator_id), "partnership", event.key,
            event.supported_school,
        )

    def _agreement_rows(
        self, tenant: str, partnership: dict[str, Any], number: str, term_until: date
    ) -> list[tuple[Any, ...]]:
        key, school = partnership["key"], partnership["school"]
        notice_by = add_months(term_until, -self.rules.termination_notice_months)
        return [
            (tenant, f"agreement_expiry:{key}", "agreement_expiry", school, key,
             f"Окончание срока партнёрского договора № {number}", _iso(term_until), None, None, 0),
            (tenant, f"termination_notice_latest:{key}", "termination_notice", school, key,
             f"Последний день уведомления о расторжении договора № {number}", _iso(notice_by),
             None, None, 0),
        ]

    def _agreement_concluded(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        partnership = self._recall(tx, tenant.id, event.originator_id)
        if partnership is None:
            return
        self._remember(
            tx, tenant.id, str(event.originator_id), "partnership", partnership["key"],
            partnership["school"], number=event.number,
        )
        self._upsert(
            tx, self._agreement_rows(tenant.id, partnership, event.number, event.term_until),
            "DO UPDATE SET title = excluded.title, due_on = excluded.due_on, "
            "done_on = NULL, cancelled = 0",
        )

    def _agreement_extended(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        partnership = self._recall(tx, tenant.id, event.originator_id)
        if partnership is None:
            return
        # The title keeps the number of the agreement itself, not of the supplement.
        number = partnership.get("number", event.number)
        self._upsert(
            tx, self._agreement_rows(tenant.id, partnership, number, event.term_until),
            "DO UPDATE SET due_on = excluded.due_on, done_on = NULL, cancelled = 0",
        )

    def _termination_notified(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        partnership = self._recall(tx, tenant.id, event.originator_id)
        if partnership is None:
            return
        key, number = partnership["key"], partnership.get("number", "")
        self._set(tx, tenant.id, f"termination_notice_latest:{key}", "done_on = ?",
                  (_iso(event.notice_given_on),))
        self._upsert(tx, [(
            tenant.id, f"termination_effective:{key}", "termination_effective",
            partnership["school"], key, f"Расторжение партнёрского договора № {number}",
            _iso(event.takes_effect_on), None, None, 0,
        )], "DO UPDATE SET due_on = excluded.due_on, done_on = NULL, cancelled = 0")

    def _partnership_ended(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        partnership = self._recall(tx, tenant.id, event.originator_id)
        if partnership is None:
            return
        key, ended = partnership["key"], _iso(event.ended_on)
        tx.execute(
            "UPDATE {due} SET done_on = CASE WHEN due_on <= ? THEN ? ELSE NULL END, "
            "cancelled = CASE WHEN due_on <= ? THEN 0 ELSE 1 END WHERE tenant = ? AND id = ?",
            (ended, ended, ended, tenant.id, f"agreement_expiry:{key}"),
        )
        self._set(tx, tenant.id, f"termination_effective:{key}", "done_on = ?", (ended,))
        tx.execute(
            "UPDATE {due} SET cancelled = 1 WHERE tenant = ? AND id = ? AND done_on IS NULL",
            (tenant.id, f"termination_notice_latest:{key}"),
        )


_Handler = Callable[[ScheduleView, BoundTx, Tenant, Any], None]
_HANDLERS: dict[type, _Handler] = {
    Roadmap.Approved: ScheduleView._roadmap_approved,
    Roadmap.ItemAdded: ScheduleView._item_added,
    Roadmap.ItemCompleted: ScheduleView._item_completed,
    Roadmap.ItemCancelled: ScheduleView._item_cancelled,
    Roadmap.ItemRescheduled: ScheduleView._item_rescheduled,
    Report.Filed: ScheduleView._report_filed,
    Report.Returned: ScheduleView._report_returned,
    Report.Refiled: ScheduleView._report_refiled,
    Visit.Planned: ScheduleView._visit_planned,
    Visit.Held: ScheduleView._visit_held,
    Visit.Cancelled: ScheduleView._visit_cancelled,
    InternshipRequest.Submitted: ScheduleView._internship_submitted,
    InternshipRequest.Held: ScheduleView._internship_closed,
    InternshipRequest.Withdrawn: ScheduleView._internship_closed,
    Partnership.Assigned: ScheduleView._partnership_assigned,
    Partnership.AgreementConcluded: ScheduleView._agreement_concluded,
    Partnership.AgreementExtended: ScheduleView._agreement_extended,
    Partnership.TerminationNotified: ScheduleView._termination_notified,
    Partnership.Ended: ScheduleView._partnership_ended,
}
