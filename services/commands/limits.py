"""What every view can hold: each value of an accepted command is checked against these limits.

Rules msgspec's `Meta` cannot express (a date range, a Decimal's size, text in the domain's own
Structs such as schedules) are checked here after decoding, for every field at any depth, so a
new command is covered without a line of its own. A refusal names the field:
"invalid field `schedule.dates[1]`: ..." (services/problems.py turns it into `field`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec

from domain.base import FIRST_DATE, LAST_DATE

#: Integers fit a PostgreSQL `integer` and an SQLite INTEGER alike.
INT_LIMIT = 2**31 - 1

#: Decimal values: at most 12 digits before the point and 6 after.
DECIMAL_LIMIT = Decimal(10) ** 12
DECIMAL_PLACES = 6

#: No sequence in a command is longer (each field has its own, usually smaller, limit).
MAX_ITEMS = 1000

#: C0 controls but tab, newline and carriage return; DEL and C1; lone surrogates (not UTF-8).
#: (Regex escapes as text, so the OpenAPI document can carry the patterns built from it.)
FORBIDDEN_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARACTERS}]")


def check_limits(command: msgspec.Struct) -> None:
    """Raise ValueError naming the first field whose value a view could not hold."""
    for path, problem in _problems(command, ""):
        raise ValueError(f"invalid field `{path}`: {problem}")


def _problems(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from _problems(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list | tuple | set | frozenset):
        if len(value) > MAX_ITEMS:
            yield path, f"at most {MAX_ITEMS} items"
        for index, item in enumerate(value):
            yield from _problems(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _problems(key, path)
            yield from _problems(item, f"{path}.{key}")
    else:
        problem = _scalar_problem(value)
        if problem:
            yield path, problem


def _scalar_problem(value: Any) -> str | None:
    if isinstance(value, str):
        return "control characters are not allowed" if _FORBIDDEN.search(value) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -INT_LIMIT <= value <= INT_LIMIT else f"must be within ±{INT_LIMIT}"
    if isinstance(value, date):  # a datetime is a date too: its day is what views keep
        day = value.date() if hasattr(value, "hour") else value
        if not FIRST_DATE <= day <= LAST_DATE:
            return f"must be a date from {FIRST_DATE} to {LAST_DATE}"
        return None
    if isinstance(value, Decimal):
        return _decimal_problem(value)
    if isinstance(value, float) and not abs(value) < float(DECIMAL_LIMIT):
        return f"must be a finite number below {DECIMAL_LIMIT:,}"
    return None


def _decimal_problem(value: Decimal) -> str | None:
    if not value.is_finite() or abs(value) >= DECIMAL_LIMIT:
        return "must be a finite number below 10^12"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
        return f"at most {DECIMAL_PLACES} digits after the decimal point"
    return None
