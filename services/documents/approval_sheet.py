"""003, «Лист согласования»: the document, the initiator, each approver in order with the result.

The sheet's lines come from the approvals register; who initiated it, when each decision was
recorded and the remarks of a return come from the audit trail of the sheet's stream.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import msgspec

from domain.approval import ApprovalSheet
from domain.base import NotFound
from services.documents.layout import Paragraph, Printable, Table
from services.documents.typography import date_time, long_date, short_date
from services.documents.words import own_number
from services.projections.audit_trail.queries import LoggedEvent, TrailFilter, event_page
from services.projections.registers.paging import Scope
from services.projections.registers.queries import approval_entries
from services.projections.store import ViewStore
from tenants.registry import Tenant

SIGNED, AGREED, RETURNED = "Подписано", "Согласовано", "Возвращено на доработку"


class Decision(msgspec.Struct, frozen=True):
    n: int
    approver: str
    position: str
    organisation: str
    result: str
    at: str
    remarks: str


class ApprovalSheetDoc(msgspec.Struct, frozen=True):
    tenant_name: str
    sheet: str
    document_title: str
    submitted_on: date
    initiator: str
    initiated_at: str
    status: str
    decisions: list[Decision]


def _moment(event: LoggedEvent, zone: ZoneInfo, day: date | None) -> str:
    """The recorded time on the decision's day; only the day for a fact entered on a later day."""
    moment = datetime.fromisoformat(event.recorded_at).astimezone(zone)
    if day is not None and moment.date() != day:
        return short_date(day)
    return date_time(moment)


def _decisions(entry, history: list[LoggedEvent], zone: ZoneInfo) -> list[Decision]:  # type: ignore[no-untyped-def]
    """Each approver's last decision of the current round (a resubmission starts a new round)."""
    last = max((i for i, e in enumerate(history) if e.type == "ApprovalSheet.Resubmitted"), default=-1)
    decided = {}
    for event in history[last + 1:]:
        if event.type in ("ApprovalSheet.SignedOff", "ApprovalSheet.Returned"):
            decided[event.data["subject"]] = event
    lines = []
    for n, approver in enumerate(entry.approvers, start=1):
        event = decided.get(approver.subject)
        if event is None:
            result, at, remarks = "ожидает", "", ""
        elif event.type == "ApprovalSheet.Returned":
            day = date.fromisoformat(event.data["returned_on"])
            result, at, remarks = RETURNED, _moment(event, zone, day), event.data.get("remarks", "")
        else:
            day = date.fromisoformat(event.data["signed_on"])
            result = SIGNED if n == len(entry.approvers) else AGREED
            at, remarks = _moment(event, zone, day), ""
        lines.append(Decision(n, approver.subject, approver.position, approver.organisation, result, at,
                              remarks or "-"))
    return lines


def build(store: ViewStore, tenant: Tenant, sheet: str, school: str | None, as_of: date) -> ApprovalSheetDoc:
    """A school user finds only its own roadmaps' sheets (as in the approvals register)."""
    scope = Scope((tenant.id,), as_of, {tenant.id: tenant.name}, school=school, limit=None)
    entry = next((e for e in approval_entries(store, scope) if e.sheet == sheet), None)
    if entry is None:
        raise NotFound(f"no approval sheet {sheet!r} in {tenant.id}", "sheet")
    stream = str(ApprovalSheet.stream_for(tenant.id, sheet))
    history = event_page(store, tenant.id, "asc", None, None, TrailFilter(stream=stream), 1000).events
    zone = ZoneInfo(tenant.timezone)
    submitted = next(e for e in history if e.type == "ApprovalSheet.Submitted")
    organisation = submitted.actor.get("organisation", "")
    initiator = ", ".join(p for p in (submitted.actor.get("subject", ""),
                                      tenant.name if organisation == tenant.id else organisation) if p)
    return ApprovalSheetDoc(tenant.name, sheet, entry.document_title, entry.submitted_on, initiator,
                            _moment(submitted, zone, entry.submitted_on), entry.status,
                            _decisions(entry, history, zone))


def layout(data: ApprovalSheetDoc) -> Printable:
    headers = ["№", "ФИО, должность", "Срок согласования", "Результат согласования", "Замечания"]
    rows = [[str(d.n), f"{d.approver}, {d.position}, {d.organisation}", "—",
             f"{d.result} {d.at}".strip(), d.remarks] for d in data.decisions]
    blocks = [
        Paragraph(f"Документ: {data.document_title}"),
        Paragraph(f"Инициатор согласования: {data.initiator}"),
        Paragraph(f"Согласование инициировано: {data.initiated_at}"),
        Paragraph("Тип согласования: последовательное", bold=True),
        Table(headers, rows, [2, 14, 6, 9, 7]),
    ]
    return Printable("approval-sheet", "Лист согласования", data.tenant_name,
                     own_number("ЛС", data.submitted_on, data.sheet), long_date(data.submitted_on), blocks)
