"""Commands about school reports: file (or file again after a return), accept, return."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from domain.base import InvalidValue, NotFound
from domain.duty import ReportingDuty
from domain.duty_due import PERIOD_SHAPE_OF_FORM
from domain.internship import InternshipRequest
from domain.report import Report, ReportKind, named_period_start, period_start
from domain.roles import MUNICIPAL_ROLES, MUNICIPALITY_ONLY
from domain.visit import Visit
from services.commands.authorisation import require_school
from services.commands.catalogue.common import Key, ShortText, Text
from services.commands.registry import Command, handles
from services.commands.session import Session

#: «2021-03» (monthly), «2021/2022» (school year) or «2021» (calendar year), by the report's kind;
#: a named report due after an event: the key of that visit or internship request.
Period = Annotated[str, msgspec.Meta(min_length=1, max_length=80, examples=["2021-03", "2021/2022"])]


class FileReport(Command, tag="file_report"):
    """File a school's report for a period today; a returned report is filed again."""

    school: Key
    kind: ReportKind
    period: Period
    summary: Text
    attachments: Annotated[list[ShortText], msgspec.Meta(max_length=50)] = []
    #: kind `named`: the duty that names the report (its title and period shape).
    duty: Key | None = None


class AcceptReport(Command, tag="accept_report"):
    """Accept a filed report today; a period's report is accepted once."""

    school: Key
    kind: ReportKind
    period: Period
    duty: Key | None = None


class ReturnReport(Command, tag="return_report"):
    """Return a filed report for revision today, saying what to fix."""

    school: Key
    kind: ReportKind
    period: Period
    remarks: Text
    duty: Key | None = None


def _filed(session: Session, school: str, kind: ReportKind, period: str, duty: str | None) -> Report:
    """The report the command acts on; the school is checked first so a 404 names the right field."""
    session.school(school)
    stream = Report.stream_for(session.tenant.id, Report.key_for(school, kind, period, duty or ""))
    try:
        return session.target(Report, stream, "period", period)
    except NotFound:
        raise NotFound(
            f"school {school} has no {kind} report for {period} in tenant {session.tenant.id}",
            "period",
        ) from None


def _named_begins(session: Session, duty_key: str, period: str) -> date:
    """The first day of a named report's period, by the shape its duty gives: a month, a year,
    a school year, or the day the visit or internship it reports on was held."""
    duty = session.load(ReportingDuty, ReportingDuty.stream_for(session.tenant.id, duty_key),
                        "duty", duty_key)
    terms = duty.versions[-1].terms
    if terms.report_kind != "named":
        raise InvalidValue("duty", f"duty {duty_key} asks for {terms.report_kind}, not a named report")
    shape = PERIOD_SHAPE_OF_FORM[terms.due.form]
    if shape != "event":
        return named_period_start(shape, period)
    cls = Visit if terms.due.after == "visit_held" else InternshipRequest
    held = session.find(cls, cls.stream_for(session.tenant.id, period))  # type: ignore[attr-defined]
    if held is None or held.status != "held":
        what = "visit" if cls is Visit else "internship request"
        raise NotFound(f"no {what} {period} held in tenant {session.tenant.id}", "period")
    return held.held_on


@handles(FileReport, roles=MUNICIPAL_ROLES)
def file_report(cmd: FileReport, session: Session) -> None:
    require_school(session.principal, cmd.school)
    session.school(cmd.school)
    key = Report.key_for(cmd.school, cmd.kind, cmd.period, cmd.duty or "")
    named = cmd.kind == "named"
    begins = _named_begins(session, cmd.duty or "", cmd.period) if named else None
    if (begins or period_start(cmd.kind, cmd.period)) > session.today:
        raise InvalidValue("period", f"{cmd.period} has not begun yet (today is {session.today})")
    stream = Report.stream_for(session.tenant.id, key)
    attachments = tuple(cmd.attachments)
    if session.find(Report, stream) is None:
        report = Report.file(
            session.meta, cmd.school, cmd.kind, cmd.period, session.today, cmd.summary, attachments,
            cmd.duty or "", begins,
        )
        session.new(report, "report", key)
        return
    report = session.target(Report, stream, "report", key)
    report.file_again(session.meta, session.today, cmd.summary, attachments)


@handles(AcceptReport, roles=MUNICIPALITY_ONLY)
def accept_report(cmd: AcceptReport, session: Session) -> None:
    _filed(session, cmd.school, cmd.kind, cmd.period, cmd.duty).accept(session.meta, session.today)


@handles(ReturnReport, roles=MUNICIPALITY_ONLY)
def return_report(cmd: ReturnReport, session: Session) -> None:
    _filed(session, cmd.school, cmd.kind, cmd.period, cmd.duty).return_for_revision(
        session.meta, session.today, cmd.remarks
    )
