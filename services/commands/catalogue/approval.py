"""Commands about approval sheets: submit or resubmit, sign off, return with remarks (003)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import msgspec

from domain.approval import ApprovalSheet, Approver, DocumentKind, DocumentRef
from domain.base import CascadeAggregate, InvalidTransition, InvalidValue
from domain.partnership import Partnership
from domain.report import Report
from domain.roadmap import Roadmap
from domain.roles import AUTHORITIES, WRITERS
from services.commands.authorisation import bound_to_a_school, require_role, require_school
from services.commands.catalogue.common import Key, OptionalText, ShortText, Text
from services.commands.registry import Command, handles
from services.commands.session import Session

REGION_OR_MUNICIPALITY = ("region", "municipality")


class Document(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The document under approval, e.g. {"kind": "roadmap", "key": "rm-2021", "title": "..."}."""

    kind: DocumentKind
    key: Key
    title: ShortText

    def to_domain(self) -> DocumentRef:
        return DocumentRef(self.kind, self.key, self.title)


class ApproverLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One line of the sheet: the approver's subject (as in its token), position, organisation."""

    subject: ShortText
    position: ShortText
    organisation: ShortText

    def to_domain(self) -> Approver:
        return Approver(self.subject, self.position, self.organisation)


class SubmitForApproval(Command, tag="submit_for_approval"):
    """Put a document on a sequential approval sheet, or resubmit a returned sheet as it was."""

    sheet: Key
    document: Document
    approvers: Annotated[list[ApproverLine], msgspec.Meta(min_length=1, max_length=50)]


class SignOff(Command, tag="sign_off"):
    """Agree to the document as the approver whose turn it is; the last sign-off approves it."""

    sheet: Key
    comment: OptionalText = ""


class ReturnWithRemarks(Command, tag="return_with_remarks"):
    """Send the document back for revision as the approver whose turn it is."""

    sheet: Key
    remarks: Text


#: The aggregate a document of each kind is, and the schools it is about.
_SCHOOL_DOCUMENTS: dict[str, tuple[type[CascadeAggregate], Callable[[Any], tuple[str, ...]]]] = {
    "roadmap": (Roadmap, lambda roadmap: (roadmap.school,)),
    "report": (Report, lambda report: (report.school,)),
    "agreement": (Partnership, lambda p: (p.supported_school, p.partner_school)),
}


def _check_document(session: Session, document: DocumentRef) -> None:
    """A school user puts on a sheet only its own school's existing documents, never a programme."""
    if not bound_to_a_school(session.principal):
        return
    if document.kind == "programme":
        require_role(session.principal, AUTHORITIES, why="a programme is put on a sheet by its authority")
    if document.kind not in _SCHOOL_DOCUMENTS:
        return
    cls, schools_of = _SCHOOL_DOCUMENTS[document.kind]
    stream = cls.stream_for(session.tenant.id, document.key)
    require_school(session.principal, *schools_of(session.load(cls, stream, "document.key", document.key)))


def _sheet(session: Session, key: str) -> ApprovalSheet:
    stream = ApprovalSheet.stream_for(session.tenant.id, key)
    return session.target(ApprovalSheet, stream, "sheet", key)


@handles(SubmitForApproval, roles=WRITERS, tenants=REGION_OR_MUNICIPALITY)
def submit_for_approval(cmd: SubmitForApproval, session: Session) -> None:
    document = cmd.document.to_domain()
    _check_document(session, document)
    approvers = tuple(a.to_domain() for a in cmd.approvers)
    stream = ApprovalSheet.stream_for(session.tenant.id, cmd.sheet)
    if session.find(ApprovalSheet, stream) is None:
        sheet = ApprovalSheet.submit(session.meta, cmd.sheet, document, approvers, session.today)
        session.new(sheet, "sheet", cmd.sheet)
        return
    sheet = _sheet(session, cmd.sheet)
    if sheet.status != "returned":
        raise InvalidTransition(
            f"approval sheet {cmd.sheet} is {sheet.status}; only a returned sheet is resubmitted",
            "sheet",
        )
    if (document.kind, document.key) != (sheet.document.kind, sheet.document.key):
        raise InvalidTransition(
            f"approval sheet {cmd.sheet} is for {sheet.document.kind} {sheet.document.key}; "
            "a resubmission cannot change the document",
            "document",
        )
    if approvers != tuple(sheet.approvers):
        raise InvalidTransition(
            f"approval sheet {cmd.sheet} keeps its approvers when resubmitted", "approvers"
        )
    sheet.resubmit(session.meta, session.today)


@handles(SignOff, roles=WRITERS, tenants=REGION_OR_MUNICIPALITY)
def sign_off(cmd: SignOff, session: Session) -> None:
    _sheet(session, cmd.sheet).sign_off(
        session.meta, session.principal.subject, session.today, cmd.comment
    )


@handles(ReturnWithRemarks, roles=WRITERS, tenants=REGION_OR_MUNICIPALITY)
def return_with_remarks(cmd: ReturnWithRemarks, session: Session) -> None:
    _sheet(session, cmd.sheet).return_with_remarks(
        session.meta, session.principal.subject, session.today, cmd.remarks
    )


#: The optional `sheet` of approve_roadmap and adopt_programme.
SheetRef = Annotated[Key | None, msgspec.Meta(
    description="The approval sheet that approved this document (003): it must be approved, for "
    "this document, and the document's date is the sheet's last signature")]


def approved_on_sheet(session: Session, sheet_key: str | None, kind: DocumentKind, key: str,
                      day: date, field: str) -> date:
    """003: a roadmap or programme on a sheet is approved by the sheet's last signature, so its
    approval date is that signature's (a different date is refused, 422)."""
    if sheet_key is None:
        return day
    stream = ApprovalSheet.stream_for(session.tenant.id, sheet_key)
    approved = session.load(ApprovalSheet, stream, "sheet", sheet_key).approval_of(kind, key)
    if day != approved:
        raise InvalidValue(field, f"approval sheet {sheet_key} approved the document on {approved}")
    return approved
