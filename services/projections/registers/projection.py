"""Registers view: the only writer of the register tables (issue 11 item 1).

No personal data is stored: a partnership's coordinator, curator and municipal coordinator
are read from the partnership's own stream when shown (registers.people), so a name appears
only while its key exists and never sits in a view table (152-ФЗ; tenants/mapper.py).
Derived statuses (agreement in force / expiring / expired, overdue) are computed on read.
`search` holds the row's names and titles folded in Python (registers.search.fold) and
`sort_name` the school's folded short name then full name, for the stable order by name.

Tables (each keyed by tenant and the stream's key):
- `reg_schools`: name, locality, identification (categories, cohort, basis, risk factors),
  designations and exit;
- `reg_partnerships`: the pair, its order and agreement (number, signing, term, extensions,
  notice, end);
- `reg_visits`, `reg_reports`, `reg_internships`, `reg_approvals`: one row per visit, report,
  internship request and approval sheet with its dates and stored status.
"""

from __future__ import annotations

import json
from typing import Any

from domain.approval import ApprovalSheet
from domain.base import CascadeAggregate
from domain.internship import InternshipRequest
from domain.partnership import Partnership
from domain.report import Report
from domain.school import School
from domain.visit import Visit
from services.projections.registers.search import fold, search_text, short_name
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant

_KEY = "tenant TEXT NOT NULL, {key} TEXT NOT NULL, stream_id TEXT NOT NULL, "


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _table(name: str, key: str, columns: str) -> str:
    return (f"CREATE TABLE IF NOT EXISTS {{{name}}} (" + _KEY.format(key=key) + columns
            + f", search TEXT NOT NULL, PRIMARY KEY (tenant, {key}))")


class RegistersView(View):
    """The registers; read through registers.queries only."""

    name = "registers"
    schema = {
        "reg_schools": _table(
            "reg_schools", "school",
            "name TEXT NOT NULL, short_name TEXT NOT NULL, sort_name TEXT NOT NULL, "
            "locality TEXT NOT NULL, in_programme INTEGER NOT NULL, categories TEXT NOT NULL, "
            "cohort_year INTEGER, basis_number TEXT, basis_issued_on TEXT, basis_title TEXT, "
            "risk_factors TEXT NOT NULL, designations TEXT NOT NULL, exited_on TEXT"),
        "reg_partnerships": _table(
            "reg_partnerships", "partnership",
            "supported_school TEXT NOT NULL, partner_school TEXT NOT NULL, sort_name TEXT NOT NULL, "
            "status TEXT NOT NULL, assigned_on TEXT NOT NULL, basis_number TEXT, basis_issued_on TEXT, "
            "agreement_number TEXT, concluded_on TEXT, term_until TEXT, extensions TEXT NOT NULL, "
            "notice_given_on TEXT, takes_effect_on TEXT, ended_on TEXT"),
        "reg_visits": _table(
            "reg_visits", "visit",
            "partnership TEXT NOT NULL, host_school TEXT NOT NULL, visiting_school TEXT NOT NULL, "
            "kind TEXT NOT NULL, planned_on TEXT NOT NULL, topic TEXT NOT NULL, status TEXT NOT NULL, "
            "held_on TEXT, participants INTEGER, reason TEXT NOT NULL"),
        "reg_reports": _table(
            "reg_reports", "report",
            "school TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL, filed_on TEXT NOT NULL, "
            "first_filed_on TEXT NOT NULL, status TEXT NOT NULL, decided_on TEXT, "
            "remarks TEXT NOT NULL, filings INTEGER NOT NULL"),
        "reg_internships": _table(
            "reg_internships", "internship",
            "school TEXT NOT NULL, host_school TEXT NOT NULL, topic TEXT NOT NULL, "
            "participants INTEGER NOT NULL, start_on TEXT NOT NULL, end_on TEXT NOT NULL, "
            "submitted_on TEXT NOT NULL, status TEXT NOT NULL, decided_on TEXT, attended INTEGER"),
        "reg_approvals": _table(
            "reg_approvals", "sheet",
            "document_kind TEXT NOT NULL, document_key TEXT NOT NULL, document_title TEXT NOT NULL, "
            "submitted_on TEXT NOT NULL, status TEXT NOT NULL, approved_on TEXT, "
            "approvers TEXT NOT NULL, returns INTEGER NOT NULL"),
    }
    indexes = tuple(Index(table, "tenant, stream_id") for table in schema)

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case School.Registered() | School.Identified() | School.Designated() | School.ExitedProgramme():
                _school(tx, tenant.id, event)
            case Partnership.Event():
                _partnership(tx, tenant.id, event)
            case Visit.Event():
                _visit(tx, tenant.id, event)
            case Report.Event():
                _report(tx, tenant.id, event)
            case InternshipRequest.Event():
                _internship(tx, tenant.id, event)
            case ApprovalSheet.Event():
                _approval(tx, tenant.id, event)


def _update(tx: BoundTx, table: str, tenant: str, event: Any, sets: str, params: tuple[Any, ...]) -> None:
    """Update the row of the event's stream in one of the register tables (named literally)."""
    tx.execute(
        f"UPDATE {{{table}}} SET {sets} WHERE tenant = ? AND stream_id = ?",
        (*params, tenant, str(event.originator_id)),
    )


def _names(tx: BoundTx, tenant: str, *codes: str) -> list[str]:
    """The registered names of schools (their codes when not registered)."""
    rows = {r["school"]: r["name"] for r in tx.query(
        f"SELECT school, name FROM {{reg_schools}} WHERE tenant = ? AND school IN "
        f"({', '.join('?' for _ in codes)})", (tenant, *codes))}
    return [rows.get(code, code) for code in codes]


def _school(tx: BoundTx, tenant: str, event: Any) -> None:
    match event:
        case School.Registered():
            short = short_name(event.name)
            tx.execute(
                "INSERT INTO {reg_schools} (tenant, school, stream_id, name, short_name, sort_name, "
                "locality, in_programme, categories, cohort_year, basis_number, basis_issued_on, "
                "basis_title, risk_factors, designations, exited_on, search) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 0, '[]', NULL, NULL, NULL, NULL, '[]', '[]', NULL, ?)",
                (tenant, event.code, str(event.originator_id), event.name, short,
                 f"{fold(short)} {fold(event.name)}", event.locality,
                 search_text(event.name, event.code, event.locality)),
            )
        case School.Identified():
            _update(tx, "reg_schools", tenant, event,
                    "in_programme = 1, categories = ?, cohort_year = ?, basis_number = ?, "
                    "basis_issued_on = ?, basis_title = ?, risk_factors = ?, exited_on = NULL",
                    (json.dumps(list(event.categories)), event.cohort_year, event.basis.number,
                     _iso(event.basis.issued_on), event.basis.title,
                     json.dumps(list(event.risk_factors))))
        case School.Designated():
            rows = tx.query("SELECT designations FROM {reg_schools} WHERE tenant = ? AND stream_id = ?",
                            (tenant, str(event.originator_id)))
            if rows:
                designations = [*json.loads(rows[0]["designations"]), event.designation]
                _update(tx, "reg_schools", tenant, event, "designations = ?", (json.dumps(designations),))
        case School.ExitedProgramme():
            _update(tx, "reg_schools", tenant, event, "in_programme = 0, exited_on = ?",
                    (_iso(event.exited_on),))


def _partnership(tx: BoundTx, tenant: str, event: Any) -> None:
    match event:
        case Partnership.Assigned():
            supported, partner = _names(tx, tenant, event.supported_school, event.partner_school)
            basis = event.basis
            tx.execute(
                "INSERT INTO {reg_partnerships} (tenant, partnership, stream_id, supported_school, "
                "partner_school, sort_name, status, assigned_on, basis_number, basis_issued_on, "
                "agreement_number, concluded_on, term_until, extensions, notice_given_on, "
                "takes_effect_on, ended_on, search) VALUES (?, ?, ?, ?, ?, ?, 'assigned', ?, ?, ?, "
                "NULL, NULL, NULL, '[]', NULL, NULL, NULL, ?)",
                (tenant, event.key, str(event.originator_id), event.supported_school,
                 event.partner_school, f"{fold(short_name(supported))} {fold(supported)}",
                 _iso(event.assigned_on), basis.number if basis else None,
                 _iso(basis.issued_on) if basis else None,
                 search_text(supported, partner, event.key)),
            )
        case Partnership.AgreementConcluded():
            _update(tx, "reg_partnerships", tenant, event,
                    "status = 'concluded', agreement_number = ?, concluded_on = ?, term_until = ?, "
                    "search = search || ?",
                    (event.number, _iso(event.concluded_on), _iso(event.term_until),
                     " | " + fold(event.number)))
        case Partnership.AgreementExtended():
            _extended(tx, tenant, event)
        case Partnership.TerminationNotified():
            _update(tx, "reg_partnerships", tenant, event,
                    "status = 'notified', notice_given_on = ?, takes_effect_on = ?",
                    (_iso(event.notice_given_on), _iso(event.takes_effect_on)))
        case Partnership.TerminatedByConsent():
            _update(tx, "reg_partnerships", tenant, event, "takes_effect_on = ?",
                    (_iso(event.takes_effect_on),))
        case Partnership.Ended():
            _update(tx, "reg_partnerships", tenant, event, "status = 'ended', ended_on = ?",
                    (_iso(event.ended_on),))


def _extended(tx: BoundTx, tenant: str, event: Partnership.AgreementExtended) -> None:
    rows = tx.query("SELECT extensions FROM {reg_partnerships} WHERE tenant = ? AND stream_id = ?",
                    (tenant, str(event.originator_id)))
    if rows:
        extensions = [*json.loads(rows[0]["extensions"]),
                      {"number": event.number, "extended_on": _iso(event.extended_on),
                       "term_until": _iso(event.term_until)}]
        _update(tx, "reg_partnerships", tenant, event, "term_until = ?, extensions = ?",
                (_iso(event.term_until), json.dumps(extensions, ensure_ascii=False)))


def _visit(tx: BoundTx, tenant: str, event: Any) -> None:
    match event:
        case Visit.Planned():
            host, visiting = _names(tx, tenant, event.host_school, event.visiting_school)
            tx.execute(
                "INSERT INTO {reg_visits} (tenant, visit, stream_id, partnership, host_school, "
                "visiting_school, kind, planned_on, topic, status, held_on, participants, reason, "
                "search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', NULL, NULL, '', ?)",
                (tenant, event.key, str(event.originator_id), event.partnership, event.host_school,
                 event.visiting_school, event.kind, _iso(event.planned_on), event.topic,
                 search_text(host, visiting, event.topic)),
            )
        case Visit.Held():
            _update(tx, "reg_visits", tenant, event, "status = 'held', held_on = ?, participants = ?",
                    (_iso(event.held_on), event.participants))
        case Visit.Cancelled():
            _update(tx, "reg_visits", tenant, event, "status = 'cancelled', reason = ?", (event.reason,))


def _report(tx: BoundTx, tenant: str, event: Any) -> None:
    match event:
        case Report.Filed():
            (name,) = _names(tx, tenant, event.school)
            tx.execute(
                "INSERT INTO {reg_reports} (tenant, report, stream_id, school, kind, period, filed_on, "
                "first_filed_on, status, decided_on, remarks, filings, search) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'filed', NULL, '', 1, ?)",
                (tenant, Report.key_for(event.school, event.kind, event.period),
                 str(event.originator_id), event.school, event.kind, event.period,
                 _iso(event.filed_on), _iso(event.filed_on), search_text(name, event.period)),
            )
        case Report.Refiled():
            _update(tx, "reg_reports", tenant, event,
                    "status = 'filed', filed_on = ?, decided_on = NULL, filings = filings + 1",
                    (_iso(event.filed_on),))
        case Report.Accepted():
            _update(tx, "reg_reports", tenant, event, "status = 'accepted', decided_on = ?",
                    (_iso(event.accepted_on),))
        case Report.Returned():
            _update(tx, "reg_reports", tenant, event, "status = 'returned', decided_on = ?, remarks = ?",
                    (_iso(event.returned_on), event.remarks))


def _internship(tx: BoundTx, tenant: str, event: Any) -> None:
    match event:
        case InternshipRequest.Submitted():
            school, host = _names(tx, tenant, event.school, event.host_school)
            tx.execute(
                "INSERT INTO {reg_internships} (tenant, internship, stream_id, school, host_school, "
                "topic, participants, start_on, end_on, submitted_on, status, decided_on, attended, "
                "search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', NULL, NULL, ?)",
                (tenant, event.key, str(event.originator_id), event.school, event.host_school,
                 event.topic, event.participants, _iso(event.start), _iso(event.end),
                 _iso(event.submitted_on), search_text(school, host, event.topic)),
            )
        case InternshipRequest.Confirmed():
            _update(tx, "reg_internships", tenant, event, "status = 'confirmed', decided_on = ?",
                    (_iso(event.confirmed_on),))
        case InternshipRequest.Held():
            _update(tx, "reg_internships", tenant, event, "status = 'held', decided_on = ?, attended = ?",
                    (_iso(event.held_on), event.participants_attended))
        case InternshipRequest.Withdrawn():
            _update(tx, "reg_internships", tenant, event, "status = 'withdrawn', decided_on = ?",
                    (_iso(event.withdrawn_on),))


def _approval(tx: BoundTx, tenant: str, event: Any) -> None:
    if isinstance(event, ApprovalSheet.Submitted):
        approvers = [{"subject": a.subject, "position": a.position, "organisation": a.organisation,
                      "signed_on": None} for a in event.approvers]
        tx.execute(
            "INSERT INTO {reg_approvals} (tenant, sheet, stream_id, document_kind, document_key, "
            "document_title, submitted_on, status, approved_on, approvers, returns, search) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'in_approval', NULL, ?, 0, ?)",
            (tenant, event.key, str(event.originator_id), event.document.kind, event.document.key,
             event.document.title, _iso(event.submitted_on), json.dumps(approvers, ensure_ascii=False),
             search_text(event.document.title, event.document.key)),
        )
        return
    rows = tx.query("SELECT approvers FROM {reg_approvals} WHERE tenant = ? AND stream_id = ?",
                    (tenant, str(event.originator_id)))
    if not rows:
        return
    approvers = json.loads(rows[0]["approvers"])
    match event:
        case ApprovalSheet.SignedOff():
            for line in approvers:
                if line["subject"] == event.subject and line["signed_on"] is None:
                    line["signed_on"] = _iso(event.signed_on)
                    break
            _update(tx, "reg_approvals", tenant, event, "approvers = ?", (json.dumps(approvers, ensure_ascii=False),))
        case ApprovalSheet.Returned():
            _update(tx, "reg_approvals", tenant, event, "status = 'returned', returns = returns + 1", ())
        case ApprovalSheet.Resubmitted():
            cleared = [{**line, "signed_on": None} for line in approvers]
            _update(tx, "reg_approvals", tenant, event, "status = 'in_approval', approvers = ?",
                    (json.dumps(cleared, ensure_ascii=False),))
        case ApprovalSheet.Approved():
            _update(tx, "reg_approvals", tenant, event, "status = 'approved', approved_on = ?",
                    (_iso(event.approved_on),))
