"""Appointments view: the only writer of the posts and tenures tables. No table holds a name.

Tables:
- `posts`: one row per post: an appointment by order (domain.appointment) or one of the three
  people of each partnership (coordinator, curator, municipal coordinator, from its assignment);
  what it is for (`scope`, `duty`) and the day it ended (the post's end, or the partnership's);
- `tenures`: each holder of a post in turn (`seq` from 0), from which day, on which order. The
  person is not stored: queries read it from the stream, where it is sealed and erasable (152-ФЗ).
"""

from __future__ import annotations

import msgspec

from domain.appointment import PARTNERSHIP_POSTS, Appointment, Tenure, partnership_post_key
from domain.base import CascadeAggregate
from domain.partnership import Partnership
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


class AppointmentView(View):
    """Posts and their holders' terms; the people are shown from the log by appointments.queries."""

    name = "appointments"
    schema = {
        "posts": (
            "CREATE TABLE IF NOT EXISTS {posts} ("
            "tenant TEXT NOT NULL, appointment TEXT NOT NULL, post TEXT NOT NULL, "
            "scope TEXT NOT NULL, duty TEXT NOT NULL, ended_on TEXT, "
            "PRIMARY KEY (tenant, appointment))"
        ),
        "tenures": (
            "CREATE TABLE IF NOT EXISTS {tenures} ("
            "tenant TEXT NOT NULL, appointment TEXT NOT NULL, seq INTEGER NOT NULL, "
            "effective_from TEXT NOT NULL, order_doc TEXT, reason TEXT NOT NULL, "
            "PRIMARY KEY (tenant, appointment, seq))"
        ),
    }
    indexes = (Index("posts", "tenant, post"),)

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case Partnership.Assigned():
                for post in PARTNERSHIP_POSTS:
                    key = partnership_post_key(event.key, post)
                    self._post(tx, tenant.id, key, post, event.key, "")
                    self._tenure(tx, tenant.id, key, Tenure(
                        getattr(event, PARTNERSHIP_POSTS[post]), event.assigned_on, event.basis))
            case Partnership.Ended():
                pair = self._key(tx, tenant.id, event, Partnership)
                tx.execute("UPDATE {posts} SET ended_on = ? WHERE tenant = ? AND scope = ? AND post IN "
                           "('partnership_coordinator', 'partnership_curator', "
                           "'partnership_municipal_coordinator') AND ended_on IS NULL",
                           (event.ended_on.isoformat(), tenant.id, pair))
            case Appointment.Made():
                if event.post not in PARTNERSHIP_POSTS:
                    self._post(tx, tenant.id, event.key, event.post, event.scope, event.duty)
                self._tenure(tx, tenant.id, event.key, event.tenure)
            case Appointment.HolderReplaced():
                self._tenure(tx, tenant.id, self._key(tx, tenant.id, event, Appointment), event.tenure)
            case Appointment.Ended():
                tx.execute("UPDATE {posts} SET ended_on = ? WHERE tenant = ? AND appointment = ?",
                           (event.ended_on.isoformat(), tenant.id, self._key(tx, tenant.id, event, Appointment)))

    def _key(self, tx: BoundTx, tenant: str, event: CascadeAggregate.Event, cls: type) -> str | None:
        """The key of the event's stream: an appointment's, or a partnership's (its posts' scope)."""
        column = "scope" if cls is Partnership else "appointment"
        for row in tx.query(f"SELECT DISTINCT {column} AS k FROM {{posts}} WHERE tenant = ?", (tenant,)):
            if cls.stream_for(tenant, row["k"]) == event.originator_id:
                return row["k"]
        return None

    def _post(self, tx: BoundTx, tenant: str, key: str, post: str, scope: str, duty: str) -> None:
        tx.execute("INSERT INTO {posts} (tenant, appointment, post, scope, duty, ended_on) "
                   "VALUES (?, ?, ?, ?, ?, NULL)", (tenant, key, post, scope, duty))

    def _tenure(self, tx: BoundTx, tenant: str, key: str | None, tenure: Tenure) -> None:
        rows = tx.query("SELECT COUNT(*) AS n FROM {tenures} WHERE tenant = ? AND appointment = ?",
                        (tenant, key))
        order = msgspec.json.encode(tenure.order).decode() if tenure.order is not None else None
        tx.execute("INSERT INTO {tenures} (tenant, appointment, seq, effective_from, order_doc, reason) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (tenant, key, int(rows[0]["n"]), tenure.effective_from.isoformat(), order, tenure.reason))
