"""Facts transcribed from paper (issue 10 item 9): the command's envelope and its checks.

A municipality moving from Word and Excel enters its history with the real dates: any command
may carry `transcribed` {effective_on, reason, document}. The command is then decided as on
`effective_on` (the handler's `session.today`), so every rule that depends on "today" is judged
at the day the fact happened; each event keeps the transcription in its provenance beside the
instant it was recorded and the actor who recorded it. Who may do it is decided in
services/commands/authorisation.py; when it may be is decided here: never in the future and
never before the tenant's programme start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import msgspec

from domain.base import InvalidValue, PaperDocument, Transcription
from domain.programme import Programme
from services.commands.limits import FIRST_DATE, FORBIDDEN_CHARACTERS, LAST_DATE
from tenants.application import TenantApplication
from tenants.registry import Tenant

_LINES = f"^[^{FORBIDDEN_CHARACTERS}]*$"
_LINE = f"^[^{FORBIDDEN_CHARACTERS}\t\n\r]*$"
_DATE = f"A date from {FIRST_DATE} to {LAST_DATE}."

#: The field of every refusal about when a transcribed fact happened.
EFFECTIVE_ON = "transcribed.effective_on"

#: What the log stores a programme's adoption as; its period_start is when the programme begins.
_ADOPTED_TOPIC = f"{Programme.__module__}:{Programme.Adopted.__qualname__}"
_PAGE = 500


class TranscribedDocument(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The paper the fact is copied from, e.g. {"number": "15", "issued_on": "2021-04-01"}."""

    number: Annotated[str, msgspec.Meta(
        min_length=1, max_length=300, pattern=_LINE, description="Its number, or «б/н» when it has none.",
    )]
    issued_on: Annotated[date, msgspec.Meta(description=_DATE)]
    title: Annotated[str, msgspec.Meta(max_length=300, pattern=_LINE)] = ""


class Transcribed(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The command records a fact of an earlier day, copied from paper (issue 10 item 9).

    Only municipal officers and region operators transcribe; `effective_on` lies between the
    tenant's programme start and today, and every rule of the command is judged on it.
    """

    effective_on: Annotated[date, msgspec.Meta(
        description="The day the fact happened; the command is judged as on this day.",
    )]
    reason: Annotated[str, msgspec.Meta(
        min_length=1, max_length=2000, pattern=_LINES, examples=["перенесено с бумажного носителя"],
    )]
    document: TranscribedDocument

    def to_domain(self) -> Transcription:
        document = self.document
        return Transcription(
            self.effective_on, self.reason,
            PaperDocument(document.number, document.issued_on, document.title),
        )


#: A tenant's log by tenant id (the backend's `application`), to find its region's programmes.
Logs = Callable[[str], TenantApplication]


def transcription_on(
    transcribed: Transcribed, today: date, programme_start: Callable[[], date | None]
) -> Transcription:
    """The transcription, if its dates are possible: not in the future, not before the programme."""
    if not transcribed.reason.strip():
        raise InvalidValue("transcribed.reason", "must say why the fact is entered now")
    effective_on = transcribed.effective_on
    if effective_on > today:
        raise InvalidValue(
            EFFECTIVE_ON, f"{effective_on.isoformat()} is after today ({today.isoformat()}): "
            "a fact from paper has happened already",
        )
    if transcribed.document.issued_on > today:
        raise InvalidValue(
            "transcribed.document.issued_on", f"{transcribed.document.issued_on.isoformat()} is after today",
        )
    start = programme_start()
    if start is None:
        raise InvalidValue(
            EFFECTIVE_ON, "no programme is adopted in this tenant or its region: "
            "there is no programme start to transcribe facts after",
        )
    if effective_on < start:
        raise InvalidValue(
            EFFECTIVE_ON, f"{effective_on.isoformat()} is before the programme start "
            f"({start.isoformat()}): facts from paper are entered from the programme start on",
        )
    return transcribed.to_domain()


def programme_start(app: TenantApplication, tenant: Tenant, logs: Logs | None) -> date | None:
    """When the tenant's programme began: its own programmes' earliest period start, else its region's.

    A municipality without a programme of its own works under its region's (the overview's
    targets follow the same order: the municipality's own first, else the region's).
    """
    own = _earliest_start(app)
    if own is not None or tenant.kind == "region" or logs is None:
        return own
    return _earliest_start(logs(tenant.region_id))


def _earliest_start(app: TenantApplication) -> date | None:
    """The earliest period_start of the programmes adopted in one log (read by topic)."""
    earliest: date | None = None
    start: int | None = None
    while True:
        page = app.recorder.select_notifications(
            start, _PAGE, topics=[_ADOPTED_TOPIC], inclusive_of_start=start is None,
        )
        for notification in page:
            adopted = app.mapper.to_domain_event(notification)
            if earliest is None or adopted.period_start < earliest:
                earliest = adopted.period_start
        if len(page) < _PAGE:
            return earliest
        start = page[-1].id
