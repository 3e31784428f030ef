"""Networks as of a date (002 §4.2): the only reader of the networks and school_names tables."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from domain.network import NetworkComposition, composition_on
from domain.school import BasisDocument
from services.projections.networks.projection import NetworkView
from services.projections.store import ViewStore


class Member(msgspec.Struct, frozen=True):
    """A school of the network, by code and name."""

    school: str
    name: str


class Composition(msgspec.Struct, frozen=True):
    """The network as one order set it (002 §4.2), in force from `effective_from` to `until`
    (the day before the next order took effect or the network was dissolved; None: open)."""

    effective_from: date
    until: date | None
    members: list[Member]
    functions: str
    priority_directions: str
    order: BasisDocument


class NetworkEntry(msgspec.Struct, frozen=True):
    """One network: its centre (002 §1.3), the composition in force `as_of` (None before its first
    order or after its dissolution) and every composition it had, oldest first."""

    network: str
    name: str
    centre: Member
    in_force: Composition | None
    history: list[Composition]
    dissolved_on: date | None = None
    dissolution_order: BasisDocument | None = None


class NetworksAnswer(msgspec.Struct, frozen=True):
    """The tenant's networks as of a date; a school user sees those its school is centre or member of."""

    tenant_id: str
    as_of: date
    networks: list[NetworkEntry]


def _day_before(value: date) -> date:
    return date.fromordinal(value.toordinal() - 1)


def _history(compositions: tuple[NetworkComposition, ...], dissolved_on: date | None,
             names: dict[str, str]) -> list[Composition]:
    ends = [c.effective_from for c in compositions[1:]] + [dissolved_on]
    return [Composition(c.effective_from, _day_before(end) if end else None,
                        [Member(m, names.get(m, m)) for m in c.members], c.functions,
                        c.priority_directions, c.order)
            for c, end in zip(compositions, ends, strict=True)]


def _entry(row: dict[str, Any], names: dict[str, str], as_of: date) -> NetworkEntry:
    compositions = msgspec.json.decode(row["compositions"], type=tuple[NetworkComposition, ...])
    dissolved_on = date.fromisoformat(row["dissolved_on"]) if row["dissolved_on"] else None
    history = _history(compositions, dissolved_on, names)
    current = composition_on(compositions, dissolved_on, as_of)
    in_force = history[compositions.index(current)] if current is not None else None
    order = (msgspec.json.decode(row["dissolution_order"], type=BasisDocument)
             if row["dissolution_order"] else None)
    centre = row["centre_school"]
    return NetworkEntry(row["network"], row["name"], Member(centre, names.get(centre, centre)),
                        in_force, history, dissolved_on, order)


def _involves(entry: NetworkEntry, school: str) -> bool:
    return entry.centre.school == school or any(
        m.school == school for c in entry.history for m in c.members)


def networks_as_of(store: ViewStore, tenant_id: str, school: str | None, as_of: date) -> NetworksAnswer:
    """Every network of the tenant (or of one school) with its composition on `as_of` (blocking)."""
    tables = store.reader_tables(NetworkView)
    names = {r["school"]: r["name"] for r in store.db.query(
        tables.sql("SELECT school, name FROM {school_names} WHERE tenant = ?"), (tenant_id,))}
    rows = store.db.query(tables.sql(
        "SELECT network, name, centre_school, compositions, dissolved_on, dissolution_order "
        "FROM {networks} WHERE tenant = ? ORDER BY network"), (tenant_id,))
    entries = [_entry(row, names, as_of) for row in rows]
    if school is not None:
        entries = [e for e in entries if _involves(e, school)]
    return NetworksAnswer(tenant_id, as_of, entries)

