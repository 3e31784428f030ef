"""What the overview's rows show of recorded facts, kept per tenant by revision (issue 16 goal 2).

A row's criteria and the recorded values its indicators fall back on are a pure function of its
tenant's and its region's targets and values (overview.criteria.recorded) and of where `as_of`
falls among their dates. They are kept by the overview's generation and both tenants' revisions
(the log position of their latest target or value, written by the projection), and within that
by the interval of dates `as_of` lies in: a kept answer is exact, a new value is a new revision.
Building them was most of an answer's Python work, growing with the schools' values.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from domain.programme import NETWORK_ORGANISATIONS_SHARE
from services.projections.overview.criteria import (
    Facts,
    Recorded,
    Row,
    Scope,
    period_parsed,
    recorded,
)
from services.projections.per_store import PerStore

#: Intervals kept per tenant before its entry starts afresh (a region asked at many dates).
MAX_INTERVALS = 512


def _next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def boundary_days(targets: Iterable[Row], values: Iterable[Row]) -> list[str]:
    """The days on which something a row shows may change: a value measured, a target adopted,
    a programme's period begun or ended, a network share's period begun or ended."""
    days: set[str] = set()
    for t in targets:
        days |= {t["adopted_on"], t["period_start"], _next_day(t["period_end"])}
    for v in values:
        days.add(v["measured_on"])
        if v["indicator"] == NETWORK_ORGANISATIONS_SHARE and (period := period_parsed(v["period"])):
            days |= {period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()}
    return sorted(days)


@dataclass
class Entry:
    """A tenant's targets (own, then its region's) and values with its region's, as read."""

    groups: list[list[Row]]
    values: list[Row]
    days: list[str] = field(init=False)
    found: dict[int, Recorded] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.days = boundary_days([t for group in self.groups for t in group], self.values)

    def recorded(self, scope: Scope, as_of: date) -> Recorded:
        """The scope's recorded part as of `as_of`: computed once per interval between days."""
        day = as_of.isoformat()
        interval = bisect_right(self.days, day)
        found = self.found.get(interval)
        if found is None:
            facts = Facts({}, {}, [v for v in self.values if v["measured_on"] <= day])
            found = recorded(scope, facts, as_of)
            if len(self.found) >= MAX_INTERVALS:
                self.found.clear()
            self.found[interval] = found
        return found


class Kept:
    """Per tenant, the latest thing kept and the key (generation, revisions) it was built for."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[tuple[int, ...], Any]] = {}
        self.lock = threading.Lock()

    def stale(self, keys: dict[str, tuple[int, ...]]) -> list[str]:
        """Tenants whose kept entry is of another generation or revision, or absent."""
        with self.lock:
            return [t for t, key in keys.items() if (e := self.entries.get(t)) is None or e[0] != key]

    def keep(self, tenant: str, key: tuple[int, ...], entry: Any) -> None:
        with self.lock:
            self.entries[tenant] = (key, entry)

    def get(self, tenant: str) -> Any:
        with self.lock:
            return self.entries[tenant][1]


class Summaries:
    """What is kept for one view store: each tenant's recorded facts, ledgers and coverage."""

    def __init__(self) -> None:
        self.recorded, self.schools, self.due, self.items, self.coverage = Kept(), Kept(), Kept(), Kept(), Kept()


_STORES: PerStore[Summaries] = PerStore(Summaries)


def summaries(store: Any) -> Summaries:
    """What is kept for this view store (a replay to an instant has its own)."""
    return _STORES.of(store)
