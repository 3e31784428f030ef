"""Snapshot state codec: an aggregate's attributes as tagged JSON, so dates stay dates.

Event fields are typed by their class; an aggregate's attributes are not, so a snapshot tags
every non-JSON value: `{"$date": ...}`, `{"$struct": topic, "f": {...}}`, `{"$tuple": [...]}`...
Persons are sealed exactly as in events (see tenants.mapper), so erasure reaches snapshots too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic, resolve_topic


def to_tagged(value: Any, seal: Callable[[Any], Any]) -> Any:
    """Plain JSON values, with every other type tagged (and Persons sealed by `seal`)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    sealed = seal(value)
    if sealed is not value:
        return sealed
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, UUID):
        return {"$uuid": str(value)}
    if isinstance(value, msgspec.Struct):
        fields = {f: to_tagged(getattr(value, f), seal) for f in value.__struct_fields__}
        return {"$struct": get_topic(type(value)), "f": fields}
    if isinstance(value, tuple):
        return {"$tuple": [to_tagged(v, seal) for v in value]}
    if isinstance(value, frozenset | set):
        return {"$set": [to_tagged(v, seal) for v in sorted(value, key=repr)], "frozen": isinstance(value, frozenset)}
    if isinstance(value, list):
        return [to_tagged(v, seal) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[to_tagged(k, seal), to_tagged(v, seal)] for k, v in value.items()]}
    raise TypeError(f"cannot snapshot a {type(value).__name__}")


def from_tagged(value: Any, unseal: Callable[[dict[str, Any]], Any]) -> Any:
    """The inverse of `to_tagged`; `unseal` opens a sealed Person (or returns None if not one)."""
    if isinstance(value, list):
        return [from_tagged(v, unseal) for v in value]
    if not isinstance(value, dict):
        return value
    opened = unseal(value)
    if opened is not None:
        return opened
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    if "$decimal" in value:
        return Decimal(value["$decimal"])
    if "$uuid" in value:
        return UUID(value["$uuid"])
    if "$struct" in value:
        cls = resolve_topic(value["$struct"])
        return cls(**{k: from_tagged(v, unseal) for k, v in value["f"].items()})
    if "$tuple" in value:
        return tuple(from_tagged(v, unseal) for v in value["$tuple"])
    if "$set" in value:
        items = [from_tagged(v, unseal) for v in value["$set"]]
        return frozenset(items) if value.get("frozen") else set(items)
    if "$dict" in value:
        return {from_tagged(k, unseal): from_tagged(v, unseal) for k, v in value["$dict"]}
    raise ValueError(f"unknown snapshot tag in {sorted(value)}")
