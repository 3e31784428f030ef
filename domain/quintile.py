"""004 §3.3: «в числе лучших по результатам (верхний квинтиль) среди школ в схожих
неблагоприятных условиях» — the pure rule a base-support-site contest ranks applications by.

Schools are grouped by their context index of social conditions (the contest's band bounds
cut the index into groups of similar conditions); inside each group they are ranked by their
result score, best first, and the top quintile of the group is its best fifth.

Decisions the documents leave open, taken here (docs/domain.md, «Base support sites»):
- *quota*: a group of n schools has a top quintile of ceil(n / 5) places, so a group smaller
  than 5 (even of one school) still has one place: its best school. An empty group has none.
- *ties*: places are competition ranks (1, 2, 2, 4): equal scores share a place. A school whose
  place is within the quota is in the top quintile; so every school tied with the last place of
  the quota is in it too, and the quintile may hold more schools than the quota, never fewer.
- *order*: inside a place, schools are listed by code, so the table is stable.
- *bands*: a context index equal to a bound belongs to the upper band (bounds are lower edges).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal
from math import ceil

import msgspec

from domain.base import InvalidValue


class Entrant(msgspec.Struct, frozen=True):
    """One school's figures: its result score (higher is better) and its context index."""

    school: str
    score: Decimal
    context_index: Decimal


class Placing(msgspec.Struct, frozen=True):
    """A school's place in its context group and whether it is in the group's top quintile."""

    school: str
    group: int
    place: int
    group_size: int
    quota: int
    score: Decimal
    context_index: Decimal
    in_top_quintile: bool
    reason: str


def check_bounds(bounds: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Band bounds of the context index: finite and strictly ascending (none: one group)."""
    if any(not bound.is_finite() for bound in bounds):
        raise InvalidValue("context_bounds", "must be finite numbers")
    if any(later <= earlier for earlier, later in zip(bounds, bounds[1:], strict=False)):
        raise InvalidValue("context_bounds", "must be strictly ascending")
    return tuple(bounds)


def context_group(index: Decimal, bounds: Sequence[Decimal]) -> int:
    """The group of a context index: 0 below the first bound, 1 from it to the next, ..."""
    return bisect_right(list(bounds), index)


def quota(group_size: int) -> int:
    """004 §3.3 top quintile: the best ceil(n / 5) places of a group (one for 1-5 schools)."""
    return ceil(group_size / 5)


def top_quintile(entrants: Iterable[Entrant], bounds: Sequence[Decimal] = ()) -> list[Placing]:
    """004 §3.3: every entrant placed in its context group; groups in ascending order."""
    checked = check_bounds(bounds)
    groups: dict[int, list[Entrant]] = {}
    seen: set[str] = set()
    for entrant in entrants:
        if entrant.school in seen:
            raise InvalidValue("school", "school {school} is entered twice", school=entrant.school)
        seen.add(entrant.school)
        groups.setdefault(context_group(entrant.context_index, checked), []).append(entrant)
    table: list[Placing] = []
    for group in sorted(groups):
        table.extend(_placed(group, groups[group], checked))
    return table


def _placed(group: int, members: list[Entrant], bounds: tuple[Decimal, ...]) -> list[Placing]:
    ordered = sorted(members, key=lambda entrant: (-entrant.score, entrant.school))
    size, places = len(ordered), quota(len(ordered))
    result: list[Placing] = []
    place = 0
    for position, entrant in enumerate(ordered, start=1):
        if position == 1 or entrant.score != ordered[position - 2].score:
            place = position
        inside = place <= places
        result.append(Placing(
            entrant.school, group, place, size, places, entrant.score, entrant.context_index,
            inside, _reason(group, bounds, place, size, places, inside),
        ))
    return result


def _reason(
    group: int, bounds: tuple[Decimal, ...], place: int, size: int, places: int, inside: bool
) -> str:
    """Why the school stands where it does, in the words of the rule (shown in the table)."""
    verdict = "в верхнем квинтиле" if inside else "вне верхнего квинтиля"
    return (
        f"группа условий {group + 1} ({band_title(group, bounds)}): место {place} из {size}, "
        f"квота верхнего квинтиля {places} (⌈{size}/5⌉) — {verdict} (004 §3.3)"
    )


def band_title(group: int, bounds: tuple[Decimal, ...]) -> str:
    """The context-index range of a group, e.g. «индекс от 0.3 до 0.6»."""
    if not bounds:
        return "все школы"
    if group == 0:
        return f"индекс ниже {bounds[0]}"
    if group == len(bounds):
        return f"индекс от {bounds[-1]}"
    return f"индекс от {bounds[group - 1]} до {bounds[group]}"
