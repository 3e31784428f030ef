"""Networks view (002): the only writer of the networks and school_names tables.

Tables:
- `networks`: one row per network: its centre school, every composition in the order the orders
  took effect (JSON list of domain.network.NetworkComposition), and its dissolution if any;
- `school_names`: the name of each school of the tenant, so that a network lists its members by name.
"""

from __future__ import annotations

import msgspec

from domain.base import CascadeAggregate
from domain.network import Network
from domain.school import School
from services.projections.view import BoundTx, View
from tenants.registry import Tenant


class NetworkView(View):
    """Each network with its compositions by order (history kept), and the schools' names."""

    name = "networks"
    schema = {
        "networks": (
            "CREATE TABLE IF NOT EXISTS {networks} ("
            "tenant TEXT NOT NULL, network TEXT NOT NULL, name TEXT NOT NULL, "
            "centre_school TEXT NOT NULL, compositions TEXT NOT NULL, dissolved_on TEXT, "
            "dissolution_order TEXT, PRIMARY KEY (tenant, network))"
        ),
        "school_names": (
            "CREATE TABLE IF NOT EXISTS {school_names} ("
            "tenant TEXT NOT NULL, school TEXT NOT NULL, name TEXT NOT NULL, "
            "PRIMARY KEY (tenant, school))"
        ),
    }

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case School.Registered():
                tx.execute("INSERT INTO {school_names} (tenant, school, name) VALUES (?, ?, ?)",
                           (tenant.id, event.code, event.name))
            case Network.Established():
                tx.execute(
                    "INSERT INTO {networks} (tenant, network, name, centre_school, compositions, "
                    "dissolved_on, dissolution_order) VALUES (?, ?, ?, ?, ?, NULL, NULL)",
                    (tenant.id, event.key, event.name, event.centre_school,
                     msgspec.json.encode([event.composition]).decode()),
                )
            case Network.Recomposed():
                self._recomposed(tx, tenant.id, event)
            case Network.Dissolved():
                tx.execute(
                    "UPDATE {networks} SET dissolved_on = ?, dissolution_order = ? "
                    "WHERE tenant = ? AND network = ?",
                    (event.dissolved_on.isoformat(), msgspec.json.encode(event.order).decode(),
                     tenant.id, self._key(tx, tenant.id, event)),
                )

    def _key(self, tx: BoundTx, tenant: str, event: CascadeAggregate.Event) -> str | None:
        """The network key of the event's stream (stream ids are a pure function of the key)."""
        for row in tx.query("SELECT network FROM {networks} WHERE tenant = ?", (tenant,)):
            if Network.stream_for(tenant, row["network"]) == event.originator_id:
                return row["network"]
        return None

    def _recomposed(self, tx: BoundTx, tenant: str, event: Network.Recomposed) -> None:
        key = self._key(tx, tenant, event)
        rows = tx.query("SELECT compositions FROM {networks} WHERE tenant = ? AND network = ?",
                        (tenant, key))
        if not rows:
            return
        compositions = [*msgspec.json.decode(rows[0]["compositions"]), msgspec.to_builtins(event.composition)]
        tx.execute("UPDATE {networks} SET compositions = ? WHERE tenant = ? AND network = ?",
                   (msgspec.json.encode(compositions).decode(), tenant, key))
