"""Day ledgers: a tenant's counts as changes by business day, summed up to any date (pure).

Kept per tenant (overview.regional), a ledger answers every `as_of` with one search, so the
school counts cost an answer nothing per school (issue 16 goal 2). Each school's spells
(identified, partnered, in an agreement, networked) become +1/-1 at their boundary days,
exactly as the grouped SQL counted them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

#: Before every business day (ISO dates compare as text): what holds from the beginning.
FIRST = ""

Row = dict[str, Any]
Spell = tuple[str | None, str | None]


class DayLedger:
    """Changes by day turned into running totals; `at(day)` sums every change up to `day`."""

    def __init__(self, changes: dict[str, Sequence[int]], width: int) -> None:
        self.days = sorted(changes)
        self.totals: list[tuple[int, ...]] = []
        running = [0] * width
        for day in self.days:
            running = [a + b for a, b in zip(running, changes[day], strict=True)]
            self.totals.append(tuple(running))
        self.width = width

    def at(self, day: str) -> tuple[int, ...]:
        i = bisect_right(self.days, day) - 1
        return self.totals[i] if i >= 0 else (0,) * self.width


def _on(spell: Spell, day: str) -> bool:
    start, end = spell
    return (start is None or start <= day) and (end is None or end > day)


def _after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


#: The school counts a ledger holds, in this order.
SCHOOL_FIELDS = ("registered", "networked", "identified", "with_partner", "with_agreement")


def school_ledger(schools: Iterable[Row], identifications: Iterable[Row], partnerships: Iterable[Row]) -> DayLedger:
    """One tenant's school counts by day. Identified on D: an identification dated by D and not
    exited by D; a partnership from assigned_on until the day it ended; its agreement from signing
    through the last day of its term (domain.agreement.in_force); networked: a registered school
    in a partnership on D, on either side (as overview.queries counted them in SQL)."""
    registered = {r["school"] for r in schools}
    spells: dict[str, list[Spell]] = defaultdict(list)
    for i in identifications:
        spells[i["school"]].append((i["identified_on"], i["exited_on"]))
    supported: dict[str, list[tuple[Spell, Spell | None]]] = defaultdict(list)
    either: dict[str, list[Spell]] = defaultdict(list)
    for p in partnerships:
        active: Spell = (p["assigned_on"], p["ended_on"])
        agreed = None if p["concluded_on"] is None or p["term_until"] is None else (
            p["concluded_on"], _after(p["term_until"]))
        supported[p["supported_school"]].append((active, agreed))
        either[p["supported_school"]].append(active)
        either[p["partner_school"]].append(active)
    changes: dict[str, list[int]] = defaultdict(lambda: [0] * len(SCHOOL_FIELDS))
    changes[FIRST][0] = len(registered)
    for school in registered | set(spells):
        days = {FIRST} | {d for s in [*spells[school], *either[school]] for d in s if d is not None}
        days |= {d for _, agreed in supported[school] if agreed for d in agreed}
        before = (0, 0, 0, 0)
        for day in sorted(days):
            identified = any(_on(s, day) for s in spells[school])
            now = (
                int(school in registered and any(_on(s, day) for s in either[school])),
                int(identified),
                int(identified and any(_on(a, day) for a, _ in supported[school])),
                int(identified and any(_on(a, day) and g is not None and _on(g, day) for a, g in supported[school])),
            )
            if now != before:
                row = changes[day]
                for k, (new, old) in enumerate(zip(now, before, strict=True), start=1):
                    row[k] += new - old
                before = now
    return DayLedger(dict(changes), len(SCHOOL_FIELDS))
