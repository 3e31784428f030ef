"""Approval sheet: approvers sign off one after another, or return it for revision (003)."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec
from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    DomainError,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_key,
)

DocumentKind = Literal["roadmap", "programme", "report", "agreement", "other"]
Status = Literal["in_approval", "returned", "approved"]


class NotYourTurn(DomainError):
    """A sequential sheet (тип согласования: последовательное) is signed in the listed order."""

    code = "not-your-turn"


class DocumentRef(msgspec.Struct, frozen=True):
    """The document under approval, e.g. the order no. 662 of 03.05.2019 (003)."""

    kind: DocumentKind
    key: str
    title: str


class Approver(msgspec.Struct, frozen=True):
    """One line of the sheet: who must agree, in which position and organisation."""

    subject: str
    position: str
    organisation: str


class ApprovalSheet(CascadeAggregate):
    """The sequential approval sheet (лист согласования) of a document (003, appendix)."""

    stream_kind = "approval"

    class Submitted(CascadeAggregate.Created):
        key: str
        document: DocumentRef
        approvers: tuple[Approver, ...]
        submitted_on: date

    class SignedOff(CascadeAggregate.Event):
        subject: str
        signed_on: date
        comment: str

    class Returned(CascadeAggregate.Event):
        subject: str
        returned_on: date
        remarks: str

    class Resubmitted(CascadeAggregate.Event):
        resubmitted_on: date

    class Approved(CascadeAggregate.Event):
        approved_on: date


    @classmethod
    def submit(
        cls,
        meta: Provenance,
        key: str,
        document: DocumentRef,
        approvers: tuple[Approver, ...],
        submitted_on: date,
    ) -> ApprovalSheet:
        """Start approval of a document by an ordered list of approvers."""
        check_key(key, "approval")
        check_key(document.key, "document")
        if not document.title.strip():
            raise InvalidValue("document", "title must not be empty")
        if not approvers:
            raise InvalidValue("approvers", "at least one approver is required")
        subjects = [a.subject for a in approvers]
        if any(not s.strip() for s in subjects):
            raise InvalidValue("approvers", "every approver needs a subject")
        if len(set(subjects)) != len(subjects):
            raise InvalidValue("approvers", "must not repeat")
        return cls._create(
            cls.Submitted,
            meta=meta,
            key=key,
            document=document,
            approvers=tuple(approvers),
            submitted_on=submitted_on,
        )

    def __init__(
        self,
        meta: Provenance,
        key: str,
        document: DocumentRef,
        approvers: tuple[Approver, ...],
        submitted_on: date,
    ) -> None:
        self.key = key
        self.document = document
        self.approvers = approvers
        self.submitted_on = submitted_on
        self.status: Status = "in_approval"
        self.round = 1
        self.last_on = submitted_on
        self.signed: tuple[str, ...] = ()
        self.remarks = ""
        self.approved_on: date | None = None

    @property
    def current_approver(self) -> Approver | None:
        """Whose turn it is; None when the sheet is returned or approved."""
        if self.status != "in_approval":
            return None
        return self.approvers[len(self.signed)]

    def _check_turn(self, subject: str, on: date, field: str) -> None:
        """Only the current approver acts, and not before the previous step."""
        self._require(self.status == "in_approval", "approval sheet {key} is {status}", "status", key=self.key, status=self.status)
        current = self.current_approver
        assert current is not None
        if subject != current.subject:
            raise NotYourTurn("approval sheet {key} awaits {subject}, not {subject_2}", "subject", key=self.key, subject=current.subject, subject_2=subject)
        if on < self.last_on:
            raise InvalidValue(field, "must not be before {last_on}", last_on=self.last_on)

    def sign_off(self, meta: Provenance, subject: str, signed_on: date, comment: str = "") -> None:
        """The current approver agrees; the last sign-off approves the document."""
        self._check_turn(subject, signed_on, "signed_on")
        self._signed_off(meta=meta, subject=subject, signed_on=signed_on, comment=comment)
        if len(self.signed) == len(self.approvers):
            self._approved(meta=meta, approved_on=signed_on)

    @event(SignedOff)
    def _signed_off(self, meta: Provenance, subject: str, signed_on: date, comment: str) -> None:
        self.signed = (*self.signed, subject)
        self.last_on = signed_on

    @event(Approved)
    def _approved(self, meta: Provenance, approved_on: date) -> None:
        self.status = "approved"
        self.approved_on = approved_on

    def return_with_remarks(
        self, meta: Provenance, subject: str, returned_on: date, remarks: str
    ) -> None:
        """The current approver sends the document back for revision (Замечания)."""
        self._check_turn(subject, returned_on, "returned_on")
        if not remarks.strip():
            raise InvalidValue("remarks", "must not be empty")
        self._returned(meta=meta, subject=subject, returned_on=returned_on, remarks=remarks)

    @event(Returned)
    def _returned(self, meta: Provenance, subject: str, returned_on: date, remarks: str) -> None:
        self.status = "returned"
        self.remarks = remarks
        self.last_on = returned_on

    def resubmit(self, meta: Provenance, resubmitted_on: date) -> None:
        """Start a new round after revision: approval restarts from the first approver."""
        self._require(self.status == "returned", "approval sheet {key} can be resubmitted only when returned", "status", key=self.key)
        if resubmitted_on < self.last_on:
            raise InvalidValue("resubmitted_on", "must not be before {last_on}", last_on=self.last_on)
        self._resubmitted(meta=meta, resubmitted_on=resubmitted_on)

    @event(Resubmitted)
    def _resubmitted(self, meta: Provenance, resubmitted_on: date) -> None:
        self.status = "in_approval"
        self.round += 1
        self.last_on = resubmitted_on
        self.signed = ()
        self.remarks = ""

    def approval_of(self, kind: DocumentKind, key: str) -> date:
        """003, approval sheet «Результат: Подписано»: a roadmap or programme put on a sheet is
        approved by the sheet's last signature, on its date; until then (or for another document)
        it cannot be recorded as approved."""
        if (self.document.kind, self.document.key) != (kind, key):
            raise InvalidTransition("approval sheet {key} is for {kind} {key_2}, not {kind_2} {key_3}", "sheet", key=self.key, kind=self.document.kind, key_2=self.document.key, kind_2=kind, key_3=key)
        if self.status != "approved" or self.approved_on is None:
            raise InvalidTransition("approval sheet {key} is {status}; the document is approved by its last signature", "sheet", key=self.key, status=self.status)
        return self.approved_on
