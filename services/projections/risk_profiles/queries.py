"""Risk profiles on a date: the only reader of the risk-profile tables.

The profile on D is the school's latest assessment dated by D; a programme counts from its
adoption date. Each measure's state comes from the roadmaps model's queries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import msgspec

from domain.risk import FactorLevel, MeasureRef, ProgrammeIndicator
from services.projections.risk_profiles.projection import RiskProfilesView
from services.projections.roadmaps.queries import roadmap_status
from services.projections.store import ViewStore


class Measure(msgspec.Struct, frozen=True):
    """A measure (a roadmap item) with its state on the date; `status` None: the item is unknown."""

    roadmap: str
    item: str
    title: str | None
    status: str | None
    overdue: bool


class Indicator(msgspec.Struct, frozen=True):
    title: str
    target: Decimal
    unit: str


class Programme(msgspec.Struct, frozen=True):
    """The anti-risk programme of one factor (антирисковая программа)."""

    factor: str
    level: str | None
    title: str
    goals: list[str]
    measures: list[Measure]
    indicators: list[Indicator]
    adopted_on: date
    measures_done: int


class RiskCard(msgspec.Struct, frozen=True):
    """A school's risk profile on `as_of`: its factors with levels, their programmes, the history."""

    tenant_id: str
    school: str
    as_of: date
    assessed_on: date | None
    source: str | None
    factors: list[FactorLevel]
    programmes: list[Programme]
    assessments: int
    view_position: int


def _in(values: Sequence[str]) -> str:
    return ", ".join("?" for _ in values)


def _assessments(store: ViewStore, tenants: Sequence[str], as_of: date, school: str | None = None) -> list[dict]:
    tables = store.reader_tables(RiskProfilesView)
    where, params = [f"tenant IN ({_in(tenants)})", "assessed_on <= ?"], [*tenants, as_of.isoformat()]
    if school is not None:
        where.append("school = ?")
        params.append(school)
    return store.db.query(tables.sql(
        f"SELECT * FROM {{risk_assessments}} WHERE {' AND '.join(where)} ORDER BY tenant, school, assessed_on, position"),
        params)


def levels(store: ViewStore, tenants: Sequence[str], as_of: date) -> dict[tuple[str, str], list[FactorLevel]]:
    """(tenant, school) -> its factors and levels on `as_of` (the latest assessment by then)."""
    latest: dict[tuple[str, str], list[FactorLevel]] = {}
    for row in _assessments(store, tenants, as_of):
        latest[(row["tenant"], row["school"])] = msgspec.json.decode(row["factors"], type=list[FactorLevel])
    return latest


def _measures(store: ViewStore, tenant: str, school: str, as_of: date, refs: list[MeasureRef]) -> list[Measure]:
    items = {(r.roadmap, i.item): i for r in roadmap_status(store, tenant, school, as_of).roadmaps for i in r.items}
    found = []
    for ref in refs:
        item = items.get((ref.roadmap, ref.item))
        found.append(Measure(ref.roadmap, ref.item, item.title if item else None,
                             item.status if item else None, bool(item and item.overdue)))
    return found


def risk_card(store: ViewStore, tenant: str, school: str, as_of: date) -> RiskCard:
    """One school's risk profile and anti-risk programmes on `as_of` (blocking)."""
    tables = store.reader_tables(RiskProfilesView)
    history = _assessments(store, [tenant], as_of, school)
    latest = history[-1] if history else None
    factors = msgspec.json.decode(latest["factors"], type=list[FactorLevel]) if latest else []
    level = {f.factor: f.level for f in factors}
    rows = store.db.query(tables.sql(
        "SELECT * FROM {risk_programmes} WHERE tenant = ? AND school = ? AND adopted_on <= ? ORDER BY position"),
        [tenant, school, as_of.isoformat()])
    programmes = []
    for row in rows:
        refs = msgspec.json.decode(row["measures"], type=list[MeasureRef])
        measures = _measures(store, tenant, school, as_of, refs)
        indicators = msgspec.json.decode(row["indicators"], type=list[ProgrammeIndicator])
        programmes.append(Programme(
            row["factor"], level.get(row["factor"]), row["title"], json.loads(row["goals"]), measures,
            [Indicator(i.title, i.target, i.unit) for i in indicators], date.fromisoformat(row["adopted_on"]),
            sum(m.status == "done" for m in measures)))
    reached = store.positions(RiskProfilesView, tables.generation).get(tenant, 0)
    return RiskCard(tenant, school, as_of, date.fromisoformat(latest["assessed_on"]) if latest else None,
                    latest["source"] if latest else None, factors, programmes, len(history), reached)
