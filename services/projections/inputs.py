"""Bounds of query inputs, so a date, instant, integer or text no store can hold is a 4xx, not a 500."""

from __future__ import annotations

import re
from datetime import date, datetime

from domain.base import InvalidValue

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
#: Largest integer a BIGINT column (and SQLite's INTEGER) holds.
MAX_INT64 = 2**63 - 1

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RANGE = f"must lie between {EARLIEST.isoformat()} and {LATEST.isoformat()}"

#: The same bounds as patterns, for the OpenAPI document (services/api_contract.py): a client, or a
#: fuzzer, learns from the contract which dates and instants the server takes.
_YEAR = r"(?:20[0-9]{2}|2100)"
_DAY = r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
MONTH_PATTERN = rf"^{_YEAR}-(?:0[1-9]|1[0-2])$"
DATE_PATTERN = rf"^{_YEAR}-{_DAY}$"
INSTANT_PATTERN = (rf"^{_YEAR}-{_DAY}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{{1,6}})?"
                   r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$")
#: What `plain_text` takes.
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"


def bounded_date(value: date | None, field: str) -> date | None:
    """A date within the years the programme can concern."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise InvalidValue(field, _RANGE)
    return value


def bounded_instant(raw: str | None, field: str) -> datetime | None:
    """An ISO 8601 instant with its offset, within the same years (as written, in its own offset).

    An empty value is not an instant: `at=` is refused, not read as "now".
    """
    if raw is None:
        return None
    try:
        instant = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(field, "must be an ISO 8601 instant, e.g. 2021-06-01T12:00:00+03:00") from None
    if instant.tzinfo is None:
        raise InvalidValue(field, "must carry a time zone offset")
    if not EARLIEST <= instant.date() <= LATEST:
        raise InvalidValue(field, _RANGE)
    return instant


def plain_text(value: str | None, field: str) -> str | None:
    """Text without control characters (PostgreSQL refuses NUL in a string)."""
    if value is not None and _CONTROL.search(value):
        raise InvalidValue(field, "must not contain control characters")
    return value
