"""A roadmap item's occurrences expanded from its stored schedule, for the roadmaps' answer.

Expanding a schedule was half of a roadmaps answer's time (issue 16 goal 2): it is a pure
function of the stored text, so the expansion is kept by everything it is computed from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from domain.occurrence import Evidence as DomainEvidence
from domain.occurrence import ItemOccurrence, item_occurrences
from domain.schedule import Schedule
from services.projections.roadmaps.projection import occurrence_records

_schedule_decoder = msgspec.json.Decoder(Schedule)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


#: Expanded occurrences by everything they are computed from (the item's stored schedule, dates,
#: evidence, status and its occurrence rows): a pure function of the stored text, so a hit is
#: exact, and a changed row is a new key. Expanding a schedule was half of a roadmaps answer's
#: time (issue 16 goal 2); bounded, emptied when full.
_EXPANDED: dict[tuple[Any, ...], tuple[ItemOccurrence, ...]] = {}
_EXPANDED_MAX = 100_000


def expanded_occurrences(row: dict[str, Any], period_start: date, period_end: date,
                         records: list[dict[str, Any]]) -> tuple[ItemOccurrence, ...]:
    """The item's occurrences as they stand; cancelling the item cancels those not done that
    were due on or after the day it was cancelled (as the schedule view does)."""
    key = (row["schedule"], period_start, period_end, row["completed_on"], row["evidence"],
           row["cancelled_on"], row["status"], tuple(tuple(sorted(r.items())) for r in records))
    found = _EXPANDED.get(key)
    if found is None:
        found = tuple(_expand(row, period_start, period_end, records))
        if len(_EXPANDED) >= _EXPANDED_MAX:
            _EXPANDED.clear()
        _EXPANDED[key] = found
    return found


def _expand(row: dict[str, Any], period_start: date, period_end: date,
            records: list[dict[str, Any]]) -> list[ItemOccurrence]:
    found = item_occurrences(
        _schedule_decoder.decode(row["schedule"]), period_start, period_end, occurrence_records(records),
        _date(row["completed_on"]), msgspec.json.decode(row["evidence"], type=tuple[DomainEvidence, ...]))
    cancelled = _date(row["cancelled_on"])
    if row["status"] != "cancelled" or cancelled is None:
        return found
    return [msgspec.structs.replace(o, cancelled_on=cancelled) if o.is_open and o.due >= cancelled else o
            for o in found]
