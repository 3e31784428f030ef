"""Commands about school reports: file (or file again after a return), accept, return."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.base import InvalidValue, NotFound
from domain.report import Report, ReportKind, period_start
from domain.roles import MUNICIPAL_ROLES, MUNICIPALITY_ONLY
from services.commands.authorisation import require_school
from services.commands.catalogue.common import Key, ShortText, Text
from services.commands.registry import Command, handles
from services.commands.session import Session

#: «2021-03» (monthly), «2021/2022» (school year) or «2021» (calendar year), by the report's kind.
Period = Annotated[str, msgspec.Meta(min_length=4, max_length=9, examples=["2021-03", "2021/2022"])]


class FileReport(Command, tag="file_report"):
    """File a school's report for a period today; a returned report is filed again."""

    school: Key
    kind: ReportKind
    period: Period
    summary: Text
    attachments: Annotated[list[ShortText], msgspec.Meta(max_length=50)] = []


class AcceptReport(Command, tag="accept_report"):
    """Accept a filed report today; a period's report is accepted once."""

    school: Key
    kind: ReportKind
    period: Period


class ReturnReport(Command, tag="return_report"):
    """Return a filed report for revision today, saying what to fix."""

    school: Key
    kind: ReportKind
    period: Period
    remarks: Text


def _filed(session: Session, school: str, kind: ReportKind, period: str) -> Report:
    """The report the command acts on; the school is checked first so a 404 names the right field."""
    session.school(school)
    stream = Report.stream_for(session.tenant.id, Report.key_for(school, kind, period))
    try:
        return session.target(Report, stream, "period", period)
    except NotFound:
        raise NotFound(
            f"school {school} has no {kind} report for {period} in tenant {session.tenant.id}",
            "period",
        ) from None


@handles(FileReport, roles=MUNICIPAL_ROLES)
def file_report(cmd: FileReport, session: Session) -> None:
    require_school(session.principal, cmd.school)
    session.school(cmd.school)
    key = Report.key_for(cmd.school, cmd.kind, cmd.period)
    if period_start(cmd.kind, cmd.period) > session.today:
        raise InvalidValue("period", f"{cmd.period} has not begun yet (today is {session.today})")
    stream = Report.stream_for(session.tenant.id, key)
    attachments = tuple(cmd.attachments)
    if session.find(Report, stream) is None:
        report = Report.file(
            session.meta, cmd.school, cmd.kind, cmd.period, session.today, cmd.summary, attachments
        )
        session.new(report, "report", key)
        return
    report = session.target(Report, stream, "report", key)
    report.file_again(session.meta, session.today, cmd.summary, attachments)


@handles(AcceptReport, roles=MUNICIPALITY_ONLY)
def accept_report(cmd: AcceptReport, session: Session) -> None:
    _filed(session, cmd.school, cmd.kind, cmd.period).accept(session.meta, session.today)


@handles(ReturnReport, roles=MUNICIPALITY_ONLY)
def return_report(cmd: ReturnReport, session: Session) -> None:
    _filed(session, cmd.school, cmd.kind, cmd.period).return_for_revision(
        session.meta, session.today, cmd.remarks
    )
