"""Monitoring calendar view: the only writer of `due` and `streams` (rows: schedule.rows, .owed).
`streams`: which stream id is which roadmap, report, visit, internship, partnership, school or duty
(key, school, a few facts), and the deadline-rule versions (schedule.rules_book: by their date)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from domain.base import CascadeAggregate
from domain.deadline_rules import KEY as RULES_KEY
from domain.deadline_rules import TenantRules
from domain.duty import ReportingDuty
from domain.internship import InternshipRequest
from domain.partnership import Partnership
from domain.regional_calendar import CalendarBook
from domain.report import Report
from domain.roadmap import Roadmap
from domain.rules import DeadlineRules
from domain.school import School
from domain.visit import Visit
from services.projections.schedule import owed, rows, rules_book
from services.projections.schedule.memo import StreamsMemo
from services.projections.schedule.rows import iso, item_prefix, like_prefix
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant

_REOPEN = "DO UPDATE SET due_on = excluded.due_on, done_on = NULL, cancelled = 0"
_OWING = ("duty", "roadmap", "school", "partnership", "report", "visit", "internship")  # duty rows' sources (.owed)


class ScheduleView(View):
    """The monitoring calendar of every tenant (see schedule.rows for what makes a row)."""

    name = "schedule"
    revision = 2  # 2: visits, internships and signings kept for after-event and agreement duties
    schema = {
        "due": (
            "CREATE TABLE IF NOT EXISTS {due} ("
            "tenant TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, school TEXT NOT NULL, "
            "ref TEXT NOT NULL, title TEXT NOT NULL, due_on TEXT NOT NULL, window_start TEXT, "
            "done_on TEXT, cancelled INTEGER NOT NULL, moved_from TEXT, evidence TEXT, "
            "PRIMARY KEY (tenant, id))"
        ),
        # Bookkeeping of this view only: stream id -> what it is (see the module docstring).
        "streams": (
            "CREATE TABLE IF NOT EXISTS {streams} ("
            "tenant TEXT NOT NULL, stream TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, "
            "school TEXT NOT NULL, facts TEXT NOT NULL, PRIMARY KEY (tenant, stream))"
        ),
    }
    indexes = (Index("due", "tenant, due_on"), Index("due", "tenant, kind, due_on"))  # one kind's rows: issue 16

    def __init__(self, calendars: CalendarBook | None = None, rules: DeadlineRules | None = None) -> None:
        self.calendars = calendars or CalendarBook()  # rows keep dates computed when read: rebuild on change
        self.rules = rules or DeadlineRules()
        self.memo = StreamsMemo()  # a tenant's streams, within a transaction and between batches (.memo)

    def committed(self, tx: BoundTx) -> None:  # the batch is in: keep its streams for the next
        self.memo.committed(tx)

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case Roadmap.Approved() | Roadmap.ItemAdded() | Roadmap.ItemCompleted() | \
                    Roadmap.ItemCancelled() | Roadmap.ItemRescheduled() | Roadmap.OccurrenceCompleted() | \
                    Roadmap.OccurrenceCancelled() | Roadmap.OccurrenceRescheduled():
                self._roadmap_event(tx, tenant, event)
            case Report.Filed():
                self._report_filed(tx, tenant.id, event)
            case Report.Returned() | Report.Refiled():  # a return clears done_on, a refiling sets it
                self._set_report(tx, tenant.id, event, "done_on = ?", (iso(getattr(event, "filed_on", None)),))
            case Visit.Planned():
                self._remember(tx, tenant.id, event.originator_id, "visit", event.key, event.host_school,
                               visiting=event.visiting_school)
                self._upsert(tx, [rows.visit_row(tenant.id, event)])
            case Visit.Held() | Visit.Cancelled():
                self._closed(tx, tenant.id, event, "visit", "visit",
                             "done_on = ?" if isinstance(event, Visit.Held) else "cancelled = 1")
            case InternshipRequest.Submitted():
                self._remember(tx, tenant.id, event.originator_id, "internship", event.key, event.school,
                               host=event.host_school)
                self._upsert(tx, rows.internship_rows(tenant.id, event, self.calendars.for_region(
                    tenant.region_id), self._rules(tx, tenant.id, event.submitted_on)))
            case InternshipRequest.Held() | InternshipRequest.Withdrawn():
                self._closed(tx, tenant.id, event, "internship", "internship_withdrawal", "cancelled = 1")
            case Partnership.Assigned():
                self._remember(tx, tenant.id, event.originator_id, "partnership", event.key,
                               event.supported_school, partner=event.partner_school,
                               assigned_on=iso(event.assigned_on))
                self._owe(tx, tenant.id)
            case ReportingDuty.Adopted() | ReportingDuty.Amended() | ReportingDuty.Lapsed():
                found = self._recall(tx, tenant.id, event.originator_id)
                key = event.key if isinstance(event, ReportingDuty.Adopted) else (found or {})["key"]
                self._remember(tx, tenant.id, event.originator_id, "duty", key, "",
                               **owed.duty_facts(found, event))
                self._owe(tx, tenant.id)
            case TenantRules.Changed():
                found = self._recall(tx, tenant.id, event.originator_id) or {"versions": []}
                self._remember(tx, tenant.id, event.originator_id, "rules", RULES_KEY, "",
                               versions=[*found["versions"], rules_book.version(event)])
            case School.Registered() | School.Identified() | School.Designated() | \
                    School.ExitedProgramme() | School.NetworkCentreChanged():
                self._school_event(tx, tenant.id, event)
            case Partnership.AgreementConcluded() | Partnership.AgreementExtended() | \
                    Partnership.TerminationNotified() | Partnership.Ended():
                self._partnership_event(tx, tenant.id, event)

    def _roadmap_event(self, tx: BoundTx, tenant: Tenant, event: Any) -> None:
        if isinstance(event, Roadmap.Approved):
            self._remember(
                tx, tenant.id, event.originator_id, "roadmap", event.key, event.school,
                period_start=iso(event.period_start), period_end=iso(event.period_end),
            )
            self._owe(tx, tenant.id)
            return
        roadmap = self._recall(tx, tenant.id, event.originator_id)
        if roadmap is None:
            return
        match event:
            case Roadmap.ItemAdded():
                self._remember(tx, tenant.id, f"{event.originator_id}/{event.item}", "roadmap_item",
                               event.item, roadmap["school"], title=event.title)
                self._upsert(tx, rows.item_rows(tenant.id, roadmap, event.item, event.title, event.schedule))
                self._close_by_exit(tx, tenant.id, roadmap["school"])
            case Roadmap.ItemCompleted():  # every occurrence without a record of its own (domain.occurrence)
                self._set_item(tx, tenant.id, roadmap, event.item, "done_on = ?, evidence = ?",
                               (iso(event.completed_on), rows.evidence_json(event.evidence)),
                               "AND done_on IS NULL AND cancelled <> 1")
            case Roadmap.OccurrenceCompleted() | Roadmap.OccurrenceCancelled() | Roadmap.OccurrenceRescheduled():
                self._set(tx, tenant.id, item_prefix(roadmap["key"], event.item) + event.occurrence,
                          *rows.occurrence_change(event))
            case Roadmap.ItemCancelled():
                recorded = event.timestamp.astimezone(ZoneInfo(tenant.timezone)).date()
                self._set_item(tx, tenant.id, roadmap, event.item, "cancelled = 1",
                               (), "AND done_on IS NULL AND due_on >= ?", (iso(recorded),))
            case Roadmap.ItemRescheduled():
                title = (self._recall(tx, tenant.id, f"{event.originator_id}/{event.item}") or {"title": event.item})["title"]
                tx.execute("DELETE FROM {due} WHERE tenant = ? AND id LIKE ? ESCAPE '\\' AND done_on IS NULL "
                           "AND cancelled <> 1 AND moved_from IS NULL",
                           (tenant.id, like_prefix(item_prefix(roadmap["key"], event.item))))
                self._upsert(tx, rows.item_rows(tenant.id, roadmap, event.item, title, event.schedule))
                self._close_by_exit(tx, tenant.id, roadmap["school"])

    def _school_event(self, tx: BoundTx, tenant: str, event: Any) -> None:
        """What the duties need of a school: categories, designations, exit (W5 closes after it)."""
        if isinstance(event, School.Registered):
            self._remember(tx, tenant, event.originator_id, "school", event.code, event.code,
                           categories=[], designations=[], exited_on=None)
            return
        school = self._recall(tx, tenant, event.originator_id)
        if school is None:
            return
        self._merge(tx, tenant, event.originator_id, "school", school, **owed.school_changes(school, event))
        self._close_by_exit(tx, tenant, school["school"])
        self._owe(tx, tenant)

    def _close_by_exit(self, tx: BoundTx, tenant: str, school: str) -> None:
        """W5: the roadmap occurrences of a school that left, due after its exit and not done (the
        school found by its stream id: a scan of the streams per roadmap item was quadratic)."""
        if (known := self._recall(tx, tenant, School.stream_for(tenant, school))) and known["key"] == school:
            exited = known.get("exited_on")
        else:
            found = tx.query("SELECT facts FROM {streams} WHERE tenant = ? AND kind = 'school' AND key = ?",
                             (tenant, school))
            exited = json.loads(found[0]["facts"]).get("exited_on") if found else None
        if exited is not None:
            tx.execute("UPDATE {due} SET cancelled = ? WHERE tenant = ? AND school = ? AND kind = "
                       "'roadmap_item' AND cancelled = ? AND done_on IS NULL AND due_on > ?",
                       (owed.CLOSED_BY_EXIT, tenant, school, owed.OPEN, exited))

    def _owe(self, tx: BoundTx, tenant: str) -> None:
        """Recompute the report rows the tenant's duties in force ask for (schedule.owed)."""
        load = lambda: tx.query("SELECT * FROM {streams} WHERE tenant = ?", (tenant,))  # noqa: E731
        if not self.memo.has(tx, tenant, "duty", load):  # nothing owed (W1): the facts are not gathered
            return
        every = self.memo.by_kind(tx, tenant, load)
        facts = {kind: found for kind, found in every.items() if kind in _OWING and found}
        expected = owed.owed_rows(tenant, facts)
        filed = owed.filed_ids(facts)
        kinds = ", ".join(f"'{kind}'" for kind in (*rows.REPORT_KINDS.values(), "partnership_agreement"))
        existing = tx.query(f"SELECT id FROM {{due}} WHERE tenant = ? AND kind IN ({kinds})", (tenant,))
        delete, not_owed = owed.stale([r["id"] for r in existing], expected, filed)
        tx.executemany("DELETE FROM {due} WHERE tenant = ? AND id = ?", [(tenant, i) for i in delete])
        tx.executemany("UPDATE {due} SET cancelled = ? WHERE tenant = ? AND id = ?",
                       [(rows.NOT_OWED, tenant, i) for i in not_owed])
        sets = "DO UPDATE SET due_on = excluded.due_on, title = excluded.title, " \
            "window_start = excluded.window_start, cancelled = excluded.cancelled"
        self._upsert(tx, [r for r in expected if r[2] != "partnership_agreement"], sets)
        self._upsert(tx, [r for r in expected if r[2] == "partnership_agreement"],
                     sets + ", done_on = excluded.done_on")  # met by the signing (003 p.6.1)

    def _report_filed(self, tx: BoundTx, tenant: str, event: Report.Filed) -> None:
        self._remember(tx, tenant, event.originator_id, "report", f"{event.school}:{event.kind}:{event.period}",
                       event.school, report_kind=event.kind, period=event.period, duty=event.duty)
        due = rows.report_due(event.kind, event.period, self._rules(tx, tenant, event.filed_on), event.filed_on)
        self._upsert(tx, [rows.report_row(tenant, event.school, event.kind, event.period, event.filed_on,
                                          due, event.duty)], "DO UPDATE SET done_on = excluded.done_on")

    def _set_report(self, tx: BoundTx, tenant: str, event: Any, sets: str, params: Sequence[Any] = ()) -> None:
        if (report := self._recall(tx, tenant, event.originator_id)) is not None:
            self._set(tx, tenant, rows.report_id(report["report_kind"], report["school"], report["period"],
                                                 report.get("duty", "")), sets, params)

    def _closed(self, tx: BoundTx, tenant: str, event: Any, kind: str, row: str, sets: str) -> None:
        """A visit held or cancelled, an internship held or withdrawn; a held one may owe a report."""
        if (found := self._recall(tx, tenant, event.originator_id)) is None:
            return
        held = iso(getattr(event, "held_on", None))
        self._set(tx, tenant, f"{row}:{found['key']}", sets, (held,) if "?" in sets else ())
        if held is not None:
            self._merge(tx, tenant, event.originator_id, kind, found, held_on=held)
            self._owe(tx, tenant)

    def _partnership_event(self, tx: BoundTx, tenant: str, event: Any) -> None:
        partnership = self._recall(tx, tenant, event.originator_id)
        if partnership is None:
            return
        key = partnership["key"]
        match event:
            case Partnership.AgreementConcluded():
                self._merge(tx, tenant, event.originator_id, "partnership", partnership, number=event.number,
                            signings=[[iso(event.concluded_on), iso(event.term_until)]])
                self._owe(tx, tenant)
                rules = self._rules(tx, tenant, event.concluded_on)
                self._upsert(tx, rows.agreement_rows(tenant, partnership, event.number, event.term_until,
                                                     rules), _REOPEN + ", title = excluded.title")
            case Partnership.AgreementExtended():
                # The title keeps the number of the agreement itself, not of the supplement.
                number = partnership.get("number", event.number)
                self._merge(tx, tenant, event.originator_id, "partnership", partnership, signings=[
                    *partnership.get("signings", []), [iso(event.extended_on), iso(event.term_until)]])
                self._owe(tx, tenant)
                rules = self._rules(tx, tenant, event.extended_on)
                self._upsert(tx, rows.agreement_rows(tenant, partnership, number, event.term_until, rules),
                             _REOPEN)
            case Partnership.TerminationNotified():
                self._set(tx, tenant, f"termination_notice_latest:{key}", "done_on = ?",
                          (iso(event.notice_given_on),))
                self._upsert(tx, [rows.termination_row(tenant, partnership, event.takes_effect_on)], _REOPEN)
            case Partnership.Ended():
                self._partnership_ended(tx, tenant, key, iso(event.ended_on))
                self._merge(tx, tenant, event.originator_id, "partnership", partnership,
                            ended_on=iso(event.ended_on))
                self._owe(tx, tenant)

    def _partnership_ended(self, tx: BoundTx, tenant: str, key: str, ended: str | None) -> None:
        tx.execute(
            "UPDATE {due} SET done_on = CASE WHEN due_on <= ? THEN ? ELSE NULL END, "
            "cancelled = CASE WHEN due_on <= ? THEN 0 ELSE 1 END WHERE tenant = ? AND id = ?",
            (ended, ended, ended, tenant, f"agreement_expiry:{key}"),
        )
        self._set(tx, tenant, f"termination_effective:{key}", "done_on = ?", (ended,))
        tx.execute("UPDATE {due} SET cancelled = 1 WHERE tenant = ? AND id = ? AND done_on IS NULL",
                   (tenant, f"termination_notice_latest:{key}"))

    def _rules(self, tx: BoundTx, tenant: str, day: Any) -> DeadlineRules:
        """The tenant's rules in force on `day` (schedule.rules_book)."""
        found = self._recall(tx, tenant, TenantRules.stream_for(tenant, RULES_KEY)) or {}
        return rules_book.in_force(found.get("versions", []), day, self.rules)

    def _remember(self, tx: BoundTx, tenant: str, stream: Any, kind: str, key: str, school: str, **facts: Any) -> None:
        row = (tenant, str(stream), kind, key, school, json.dumps(facts, ensure_ascii=False))
        tx.execute("INSERT INTO {streams} (tenant, stream, kind, key, school, facts) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (tenant, stream) DO UPDATE SET kind = excluded.kind, key = excluded.key, "
                   "school = excluded.school, facts = excluded.facts", row)
        self.memo.put(tx, *row)

    def _merge(self, tx: BoundTx, tenant: str, stream: Any, kind: str, found: dict[str, Any], **changes: Any) -> None:
        """Remember what was recalled of a stream with some facts changed."""
        facts = {k: v for k, v in found.items() if k not in ("key", "school")}
        self._remember(tx, tenant, stream, kind, found["key"], found["school"], **{**facts, **changes})

    def _recall(self, tx: BoundTx, tenant: str, stream: Any) -> dict[str, Any] | None:
        if (known := self.memo.known(tx, tenant)) is not None:  # read in this transaction already
            return {**row[3], "key": row[1], "school": row[2]} if (row := known.get(str(stream))) else None
        found = tx.query("SELECT key, school, facts FROM {streams} WHERE tenant = ? AND stream = ?",
                         (tenant, str(stream)))
        return {**json.loads(found[0]["facts"]), "key": found[0]["key"], "school": found[0]["school"]} if found else None

    @staticmethod
    def _upsert(tx: BoundTx, due: Sequence[rows.Row], on_conflict: str = "DO NOTHING") -> None:
        tx.executemany(f"INSERT INTO {{due}} ({rows.COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                       f"ON CONFLICT (tenant, id) {on_conflict}", due)

    @staticmethod
    def _set(tx: BoundTx, tenant: str, row_id: str, sets: str, params: Sequence[Any] = ()) -> None:
        tx.execute(f"UPDATE {{due}} SET {sets} WHERE tenant = ? AND id = ?", (*params, tenant, row_id))

    @staticmethod
    def _set_item(
        tx: BoundTx, tenant: str, roadmap: dict[str, Any], item: str, sets: str,
        params: Sequence[Any] = (), condition: str = "", condition_params: Sequence[Any] = (),
    ) -> None:
        """Update every occurrence row of one roadmap item (those matching `condition`)."""
        tx.execute(
            f"UPDATE {{due}} SET {sets} WHERE tenant = ? AND id LIKE ? ESCAPE '\\' {condition}",
            (*params, tenant, like_prefix(item_prefix(roadmap["key"], item)), *condition_params),
        )
