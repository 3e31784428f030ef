"""Partnership: assigned -> agreement concluded -> extended -> termination notified -> ended (003).

The agreement's term and in-force test are in `domain.agreement`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from eventsourcing.domain import event

from domain.agreement import NoticeParty, TermForm, agreement_term, check_consent, check_extension
from domain.base import (
    CascadeAggregate,
    DeadlineMissed,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_key,
)
from domain.people import Person, check_person
from domain.rules import DeadlineRules, earliest_termination_date
from domain.school import BasisDocument, School

Status = Literal["assigned", "concluded", "notified", "ended"]


class Partnership(CascadeAggregate):
    """A supported school paired with a partner school, its people and its agreement (003 p.2-3)."""

    stream_kind = "partnership"
    #: Read from old snapshots that predate them: class-level defaults.
    term_form: str = ""
    notice_given_by: str = ""
    consent_number: str | None = None

    class Assigned(CascadeAggregate.Created):
        key: str
        supported_school: str
        partner_school: str
        coordinator: Person
        curator: Person
        municipal_coordinator: Person
        assigned_on: date
        basis: BasisDocument | None

    class AgreementConcluded(CascadeAggregate.Event):
        class_version = 2
        number: str
        concluded_on: date
        term_until: date
        #: How the term was given (domain.agreement.TermForm); "" before version 2.
        term: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["term"] = ""

    class AgreementExtended(CascadeAggregate.Event):
        number: str
        extended_on: date
        term_until: date

    class TerminationNotified(CascadeAggregate.Event):
        class_version = 2
        notice_given_on: date
        takes_effect_on: date
        #: Who gave the notice (domain.agreement.NoticeParty); "" when not stated.
        given_by: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["given_by"] = ""

    class TerminatedByConsent(CascadeAggregate.Event):
        """The parties agreed to end the agreement early (003 §3.2); an `Ended` follows."""

        number: str
        agreed_on: date
        takes_effect_on: date

    class Ended(CascadeAggregate.Event):
        ended_on: date
        reason: str


    @classmethod
    def assign(
        cls,
        meta: Provenance,
        key: str,
        supported: School,
        partner: School,
        coordinator: Person,
        curator: Person,
        municipal_coordinator: Person,
        assigned_on: date,
        basis: BasisDocument | None = None,
    ) -> Partnership:
        """Pair an identified school with a partner not identified for low results (003 p.2-3)."""
        check_key(key, "partnership")
        if supported.code == partner.code:
            raise InvalidValue("partner_school", "must differ from the supported school")
        if not supported.ever_identified:
            raise InvalidTransition(
                "a partner cannot be assigned to a school that was never identified",
                "supported_school",
            )
        partner.require_can_lead("partner_school")
        return cls._create(
            cls.Assigned,
            meta=meta,
            key=key,
            supported_school=supported.code,
            partner_school=partner.code,
            coordinator=check_person(coordinator, "coordinator"),
            curator=check_person(curator, "curator"),
            municipal_coordinator=check_person(municipal_coordinator, "municipal_coordinator"),
            assigned_on=assigned_on,
            basis=basis,
        )

    def __init__(
        self,
        meta: Provenance,
        key: str,
        supported_school: str,
        partner_school: str,
        coordinator: Person,
        curator: Person,
        municipal_coordinator: Person,
        assigned_on: date,
        basis: BasisDocument | None,
    ) -> None:
        self.key = key
        self.supported_school = supported_school
        self.partner_school = partner_school
        self.coordinator = coordinator
        self.curator = curator
        self.municipal_coordinator = municipal_coordinator
        self.assigned_on = assigned_on
        self.basis = basis
        self.status: Status = "assigned"
        self.agreement_number: str | None = None
        self.concluded_on: date | None = None
        self.term_until: date | None = None
        self.extensions: tuple[str, ...] = ()
        self.notice_given_on: date | None = None
        self.takes_effect_on: date | None = None
        self.ended_on: date | None = None

    @property
    def has_agreement(self) -> bool:
        """An agreement was concluded (criterion 7 of 003 needs it), whether or not still running."""
        return self.agreement_number is not None

    def _require_open(self) -> None:
        self._require(self.status != "ended", "partnership {key} has ended", "partnership", key=self.key)

    def conclude_agreement(
        self,
        meta: Provenance,
        number: str,
        concluded_on: date,
        rules: DeadlineRules,
        term_until: date | None = None,
        term: TermForm | None = None,
        term_year: int | None = None,
        term_years: int | None = None,
    ) -> None:
        """Record the agreement; its term as given, else the calendar year of signing (003 §3.1)."""
        self._require_open()
        self._require(not self.has_agreement, "partnership {key} already has agreement {agreement_number}", "number", key=self.key, agreement_number=self.agreement_number)
        if not number.strip():
            raise InvalidValue("number", "must not be empty")
        last, form = agreement_term(concluded_on, rules, term, term_until, term_year, term_years)
        self._concluded(
            meta=meta, number=number, concluded_on=concluded_on, term_until=last, term=form
        )

    @event(AgreementConcluded)
    def _concluded(
        self, meta: Provenance, number: str, concluded_on: date, term_until: date, term: str
    ) -> None:
        self.status = "concluded"
        self.agreement_number = number
        self.concluded_on = concluded_on
        self.term_until = term_until
        self.term_form = term

    def extend(self, meta: Provenance, number: str, extended_on: date, term_until: date) -> None:
        """Prolong the agreement by a supplementary agreement (003 §3.2)."""
        self._require_agreement("extended_on", extended_on, "number")
        self._require(self.status != "notified", "partnership {key} has a termination notice taking effect on {takes_effect_on}", "term_until", key=self.key, takes_effect_on=self.takes_effect_on)
        assert self.term_until is not None
        check_extension(number, self.term_until, term_until)
        self._extended(meta=meta, number=number, extended_on=extended_on, term_until=term_until)

    @event(AgreementExtended)
    def _extended(
        self, meta: Provenance, number: str, extended_on: date, term_until: date
    ) -> None:
        self.term_until = term_until
        self.extensions = (*self.extensions, number)

    def notify_termination(
        self,
        meta: Provenance,
        notice_given_on: date,
        takes_effect_on: date,
        rules: DeadlineRules,
        given_by: NoticeParty | None = None,
    ) -> None:
        """Record a written unilateral notice and who gave it, two months ahead (003 §3.3)."""
        self._require_agreement("notice_given_on", notice_given_on)
        self._require(self.status != "notified", "partnership {key} already has a termination notice", "notice_given_on", key=self.key)
        earliest = earliest_termination_date(notice_given_on, rules)
        if takes_effect_on < earliest:
            raise DeadlineMissed("a notice given on {notice_given_on} takes effect on {earliest} at the earliest", "takes_effect_on", notice_given_on=notice_given_on, earliest=earliest)
        self._notified(meta=meta, notice_given_on=notice_given_on, takes_effect_on=takes_effect_on,
                       given_by=given_by or "")

    @event(TerminationNotified)
    def _notified(
        self, meta: Provenance, notice_given_on: date, takes_effect_on: date, given_by: str
    ) -> None:
        self.status = "notified"
        self.notice_given_on = notice_given_on
        self.takes_effect_on = takes_effect_on
        self.notice_given_by = given_by

    def terminate_by_consent(
        self, meta: Provenance, number: str, agreed_on: date, takes_effect_on: date, reason: str
    ) -> None:
        """End the agreement early by the parties' consent, with no notice period (003 §3.2)."""
        self._require_agreement("agreed_on", agreed_on)
        assert self.term_until is not None
        check_consent(number, agreed_on, takes_effect_on, self.term_until)
        self._consented(meta=meta, number=number, agreed_on=agreed_on, takes_effect_on=takes_effect_on)
        self._ended(meta=meta, ended_on=takes_effect_on, reason=reason.strip() or (
            f"Расторгнут по соглашению сторон № {number} от {agreed_on:%d.%m.%Y}"))

    @event(TerminatedByConsent)
    def _consented(self, meta: Provenance, number: str, agreed_on: date, takes_effect_on: date) -> None:
        self.consent_number = number

    def _require_agreement(self, field: str, day: date, missing: str = "partnership") -> None:
        """An open partnership with an agreement, and a date not before its signing."""
        self._require_open()
        self._require(self.has_agreement, "partnership {key} has no agreement", missing, key=self.key)
        assert self.concluded_on is not None
        if day < self.concluded_on:
            raise InvalidValue(field, "must not be before the agreement was concluded")

    def end(self, meta: Provenance, ended_on: date, reason: str) -> None:
        """End the partnership when a notice takes effect or the agreement expires (003 §3)."""
        self._require_open()
        if not reason.strip():
            raise InvalidValue("reason", "must not be empty")
        if self.term_until is not None and ended_on >= self.term_until:
            self._ended(meta=meta, ended_on=ended_on, reason=reason)  # ran its term, notice or not
            return
        self._require(self.status == "notified", "partnership {key} can end before its term only after a termination notice", "ended_on", key=self.key)
        assert self.takes_effect_on is not None
        if ended_on < self.takes_effect_on:
            raise DeadlineMissed("the termination notice takes effect on {takes_effect_on}", "ended_on", takes_effect_on=self.takes_effect_on)
        self._ended(meta=meta, ended_on=ended_on, reason=reason)

    @event(Ended)
    def _ended(self, meta: Provenance, ended_on: date, reason: str) -> None:
        self.status = "ended"
        self.ended_on = ended_on
