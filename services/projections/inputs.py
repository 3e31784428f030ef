"""Bounds of query inputs, so a date, instant, integer or text no store can hold is a 4xx, not a 500."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from domain.base import InvalidValue

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
#: Largest integer a BIGINT column (and SQLite's INTEGER) holds.
MAX_INT64 = 2**63 - 1

_FIRST_INSTANT = datetime(EARLIEST.year, EARLIEST.month, EARLIEST.day, tzinfo=UTC)
_LAST_INSTANT = datetime(LATEST.year, LATEST.month, LATEST.day, 23, 59, 59, 999999, tzinfo=UTC)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RANGE = f"must lie between {EARLIEST.isoformat()} and {LATEST.isoformat()}"


def bounded_date(value: date | None, field: str) -> date | None:
    """A date within the years the programme can concern."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise InvalidValue(field, _RANGE)
    return value


def bounded_instant(raw: str | None, field: str) -> datetime | None:
    """An ISO 8601 instant with its offset, within the same years."""
    if not raw:
        return None
    try:
        instant = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(field, "must be an ISO 8601 instant, e.g. 2021-06-01T12:00:00+03:00") from None
    if instant.tzinfo is None:
        raise InvalidValue(field, "must carry a time zone offset")
    if not _FIRST_INSTANT <= instant <= _LAST_INSTANT:
        raise InvalidValue(field, _RANGE)
    return instant


def plain_text(value: str | None, field: str) -> str | None:
    """Text without control characters (PostgreSQL refuses NUL in a string)."""
    if value is not None and _CONTROL.search(value):
        raise InvalidValue(field, "must not contain control characters")
    return value
