"""School report for a period: filed -> accepted | returned -> filed again (000 p.2.2, 002 §4.3)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, get_args
from uuid import UUID

from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance, check_key, composite_key
from domain.period import period_of

#: Monthly report on roadmap execution (000 p.2.2), annual analytic note of a leader school
#: (002 §4.3), analysis of the effectiveness of the measures taken (000 item 20), or a report a
#: tenant's duty names itself (`named`: the report is identified by that duty's key, `duty`; its
#: Russian title and period shape are the duty's, domain.duty_due.PERIOD_SHAPE_OF_FORM).
ReportKind = Literal["monthly_roadmap", "annual_analytic_note", "effectiveness_analysis", "named"]

ReportStatus = Literal["filed", "accepted", "returned"]

#: Shape of the period of each kind: a month, a school year, a calendar year.
PERIOD_FORMATS: dict[str, str] = {
    "monthly_roadmap": "YYYY-MM",
    "annual_analytic_note": "YYYY/YYYY",
    "effectiveness_analysis": "YYYY",
}
_SHAPES: dict[str, str] = {
    "monthly_roadmap": "month",
    "annual_analytic_note": "school_year",
    "effectiveness_analysis": "year",
}


def period_start(kind: ReportKind, period: str) -> date:
    """First day of a report's period; raises InvalidValue when the period does not fit the kind."""
    if kind == "named":
        raise InvalidValue("kind", "a named report's period is judged by its duty (named_period_start)")
    if kind not in _SHAPES:
        raise InvalidValue("kind", "must be one of {choices}", choices=', '.join(get_args(ReportKind)))
    parsed = period_of(period)
    if parsed is None or parsed.shape != _SHAPES[kind]:
        raise InvalidValue("period", "must be {period_formats} for {kind}", period_formats=PERIOD_FORMATS[kind], kind=kind)
    if not parsed.spans_one_school_year:
        raise InvalidValue("period", "a school year spans two consecutive years")
    return parsed.start


def named_period_start(shape: str, period: str) -> date:
    """First day of a named report's period of `shape` (month, year or school_year)."""
    parsed = period_of(period)
    if parsed is None or parsed.shape != shape or not parsed.spans_one_school_year:
        raise InvalidValue("period", "must be a {shape} for this report, e.g. 2021-03, 2021 or 2021/2022", shape=shape.replace('_', ' '))
    return parsed.start


class Report(CascadeAggregate):
    """The one report a school owes for a kind and period; its history shows every return."""

    stream_kind = "report"

    class Filed(CascadeAggregate.Created):
        class_version = 2
        school: str
        kind: ReportKind
        period: str
        filed_on: date
        summary: str
        attachments: tuple[str, ...]
        #: A named report: the key of the duty that names it ("" for the fixed kinds, and v1).
        duty: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["duty"] = ""

    class Refiled(CascadeAggregate.Event):
        filed_on: date
        summary: str
        attachments: tuple[str, ...]

    class Accepted(CascadeAggregate.Event):
        accepted_on: date

    class Returned(CascadeAggregate.Event):
        returned_on: date
        remarks: str

    @staticmethod
    def key_for(school: str, kind: ReportKind, period: str, duty: str = "") -> str:
        """Client-independent key: one stream per school, kind (a named report: its duty) and
        period, so a report is unique."""
        if kind != "named":
            if duty:
                raise InvalidValue("duty", "only a named report names its duty")
            period_start(kind, period)
            return composite_key(check_key(school, "school"), kind, period)
        if not duty:
            raise InvalidValue("duty", "a named report names the duty that asks for it")
        return composite_key(check_key(school, "school"), kind, check_key(duty, "duty"),
                             check_key(period, "period"))

    @staticmethod
    def create_id(meta: Provenance, school: str, kind: ReportKind, period: str, duty: str = "") -> UUID:
        return Report.stream_for(meta.tenant_id, Report.key_for(school, kind, period, duty))

    @classmethod
    def file(
        cls,
        meta: Provenance,
        school: str,
        kind: ReportKind,
        period: str,
        filed_on: date,
        summary: str,
        attachments: tuple[str, ...] = (),
        duty: str = "",
        begins: date | None = None,
    ) -> Report:
        """File the report of a period for the first time (monthly: by the 28th, 000 p.2.2).

        A named report gives its duty and the first day of its period (`begins`: the period's
        first day by the duty's shape, or the day of the event it reports on)."""
        cls.key_for(school, kind, period, duty)
        _check_content(summary, attachments)
        if kind == "named" and begins is None:
            raise InvalidValue("period", "a named report's period begins on a day its duty gives")
        if filed_on < (begins if kind == "named" else period_start(kind, period)):  # type: ignore[operator]
            raise InvalidValue("filed_on", "must not be before the period {period} begins", period=period)
        return cls._create(
            cls.Filed,
            meta=meta,
            school=school,
            kind=kind,
            period=period,
            filed_on=filed_on,
            summary=summary,
            attachments=tuple(attachments),
            duty=duty,
        )

    def __init__(
        self,
        meta: Provenance,
        school: str,
        kind: str,
        period: str,
        filed_on: date,
        summary: str,
        attachments: tuple[str, ...],
        duty: str = "",
    ) -> None:
        self.school = school
        self.duty = duty
        self.kind = kind
        self.period = period
        self.status: ReportStatus = "filed"
        self.first_filed_on = filed_on
        self.filed_on = filed_on
        self.summary = summary
        self.attachments = attachments
        self.accepted_on: date | None = None
        self.returned_on: date | None = None
        self.remarks = ""
        self.returns = 0

    @property
    def key(self) -> str:
        kind = f"{self.kind}:{self.duty}" if self.duty else self.kind
        return f"{self.school}:{kind}:{self.period}"

    def accept(self, meta: Provenance, accepted_on: date) -> None:
        """The authority accepts the filed report; a period's report is accepted once."""
        self._require(self.status != "accepted", "report {key} is already accepted", key=self.key)
        self._require(self.status == "filed", "report {key} was returned and is not filed again", key=self.key)
        if accepted_on < self.filed_on:
            raise InvalidValue("accepted_on", "must not be before {filed_on}", filed_on=self.filed_on)
        self._accepted(meta=meta, accepted_on=accepted_on)

    @event(Accepted)
    def _accepted(self, meta: Provenance, accepted_on: date) -> None:
        self.status = "accepted"
        self.accepted_on = accepted_on

    def return_for_revision(self, meta: Provenance, returned_on: date, remarks: str) -> None:
        """The authority returns the filed report for revision, saying what to fix."""
        self._require(self.status != "accepted", "report {key} is already accepted", key=self.key)
        self._require(self.status == "filed", "report {key} was returned and is not filed again", key=self.key)
        if not remarks.strip():
            raise InvalidValue("remarks", "must not be empty")
        if returned_on < self.filed_on:
            raise InvalidValue("returned_on", "must not be before {filed_on}", filed_on=self.filed_on)
        self._returned(meta=meta, returned_on=returned_on, remarks=remarks)

    @event(Returned)
    def _returned(self, meta: Provenance, returned_on: date, remarks: str) -> None:
        self.status = "returned"
        self.returned_on = returned_on
        self.remarks = remarks
        self.returns += 1

    def file_again(
        self,
        meta: Provenance,
        filed_on: date,
        summary: str,
        attachments: tuple[str, ...] = (),
    ) -> None:
        """File the revised report; only a returned report can be filed again."""
        self._require(self.status == "returned", "report {key} is {status}, not returned", key=self.key, status=self.status)
        _check_content(summary, attachments)
        returned_on = self.returned_on or self.filed_on
        if filed_on < returned_on:
            raise InvalidValue("filed_on", "must not be before {returned_on}", returned_on=returned_on)
        self._refiled(meta=meta, filed_on=filed_on, summary=summary, attachments=tuple(attachments))

    @event(Refiled)
    def _refiled(
        self, meta: Provenance, filed_on: date, summary: str, attachments: tuple[str, ...]
    ) -> None:
        self.status = "filed"
        self.filed_on = filed_on
        self.summary = summary
        self.attachments = attachments


def _check_content(summary: str, attachments: tuple[str, ...]) -> None:
    """A report says something, and every attachment names a file or link."""
    if not summary.strip():
        raise InvalidValue("summary", "must not be empty")
    if any(not attachment.strip() for attachment in attachments):
        raise InvalidValue("attachments", "must not contain empty names")
