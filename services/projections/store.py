"""Bookkeeping of views: which generation serves readers, and how far each has read each tenant."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from services.projections.database import ViewDatabase, ViewTx
from services.projections.tracking import track_many
from services.projections.view import Index, Tables, View

if TYPE_CHECKING:
    from services.projections.fingerprints import Reset

_BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS projection_current ("
    "view TEXT PRIMARY KEY, generation INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS projection_generations ("
    "view TEXT NOT NULL, generation INTEGER NOT NULL, state TEXT NOT NULL, "
    "PRIMARY KEY (view, generation))",
    "CREATE TABLE IF NOT EXISTS projection_tracking ("
    "view TEXT NOT NULL, generation INTEGER NOT NULL, tenant TEXT NOT NULL, "
    "position BIGINT NOT NULL, PRIMARY KEY (view, generation, tenant))",
    # Events a view failed to apply: `failing` while the runner still retries, then `parked`.
    "CREATE TABLE IF NOT EXISTS projection_parked ("
    "view TEXT NOT NULL, generation INTEGER NOT NULL, tenant TEXT NOT NULL, "
    "position BIGINT NOT NULL, state TEXT NOT NULL, tries INTEGER NOT NULL, error TEXT NOT NULL, "
    "first_failed_at TEXT NOT NULL, last_failed_at TEXT NOT NULL, "
    "PRIMARY KEY (view, generation, tenant, position))",
    # What each generation's rows were built by (View.fingerprint): a mismatch at start -> rebuild.
    "CREATE TABLE IF NOT EXISTS projection_fingerprints ("
    "view TEXT NOT NULL, generation INTEGER NOT NULL, fingerprint TEXT NOT NULL, "
    "PRIMARY KEY (view, generation))",
)


@dataclass(frozen=True)
class ParkedEvent:
    """An event of a tenant's log that one view could not apply, kept until it is retried."""

    view: str
    generation: int
    tenant: str
    position: int
    state: str
    tries: int
    error: str
    first_failed_at: datetime
    last_failed_at: datetime


def _parked(r: dict) -> ParkedEvent:
    return ParkedEvent(r["view"], int(r["generation"]), r["tenant"], int(r["position"]), r["state"], int(r["tries"]),
                       r["error"], datetime.fromisoformat(r["first_failed_at"]), datetime.fromisoformat(r["last_failed_at"]))


class ViewStore:
    """Generations, tracking positions and the switch of readers after a rebuild."""

    def __init__(self, db: ViewDatabase) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.lock("projection-ddl")
            for statement in _BOOKKEEPING:
                tx.execute(statement)

    # Generations ---------------------------------------------------------------------
    def current_generation(self, view: type[View]) -> int | None:
        rows = self.db.query("SELECT generation FROM projection_current WHERE view = ?", (view.name,))
        return int(rows[0]["generation"]) if rows else None

    def ensure_live(self, view: type[View]) -> int:
        """The generation serving readers; created (empty, at position 0) on first use."""
        generation = self.current_generation(view)
        if generation is not None:
            return generation
        with self.db.transaction() as tx:
            tx.lock("projection-ddl")  # two processes may start at once
            rows = tx.query("SELECT generation FROM projection_current WHERE view = ?", (view.name,))
            if rows:
                return int(rows[0]["generation"])
            self._create(tx, view, 1, "live")
            tx.execute("INSERT INTO projection_current (view, generation) VALUES (?, ?)", (view.name, 1))
        return 1

    def start_rebuild(self, view: type[View], state: str = "building",
                      indexes: Sequence[Index] | None = None) -> int:
        """A fresh, empty generation that the runner fills from position 0 while the old serves
        (`folding`: runners leave it alone until `mark_building`; services/projections/rebuild.py);
        with only the given `indexes` (default all): a bulk copy builds the rest after its rows."""
        with self.db.transaction() as tx:
            tx.lock("projection-ddl")
            rows = tx.query(
                "SELECT MAX(generation) AS g FROM projection_generations WHERE view = ?", (view.name,)
            )
            generation = int(rows[0]["g"] or 0) + 1
            self._create(tx, view, generation, state, indexes)
        return generation

    def mark_building(self, view: type[View], generation: int) -> None:  # after a fold: runners join
        self.db.query("UPDATE projection_generations SET state = 'building' WHERE view = ? AND generation = ?", (view.name, generation))

    def building_generations(self, view: type[View]) -> list[int]:
        rows = self.db.query("SELECT generation FROM projection_generations WHERE view = ? AND state = 'building'",
                             (view.name,))
        return [int(r["generation"]) for r in rows]

    def switch(self, view: type[View], generation: int) -> int | None:
        """Point readers at a caught-up generation and drop the one it replaces."""
        with self.db.transaction() as tx:
            rows = tx.query("SELECT generation FROM projection_current WHERE view = ?", (view.name,))
            old = int(rows[0]["generation"]) if rows else None
            tx.execute("UPDATE projection_current SET generation = ? WHERE view = ?", (generation, view.name))
            tx.execute(
                "UPDATE projection_generations SET state = 'live' WHERE view = ? AND generation = ?",
                (view.name, generation),
            )
            if old is not None and old != generation:
                self._drop(tx, view, old)
        return old

    def reconcile(self, views: Sequence[View | type[View]]) -> list[Reset]:
        """At start: rebuild from position 0 each view whose live generation has another
        fingerprint (services/projections/fingerprints.py)."""
        from services.projections.fingerprints import reconcile

        return reconcile(self, views)

    def _create(self, tx: ViewTx, view: type[View], generation: int, state: str,
                indexes: Sequence[Index] | None = None) -> None:
        tables = view.tables(generation)
        for statement in view.schema.values():
            tx.execute(tables.sql(statement))
        self.create_indexes(tx, view, generation, view.indexes if indexes is None else indexes)
        tx.execute(
            "INSERT INTO projection_generations (view, generation, state) VALUES (?, ?, ?)",
            (view.name, generation, state),
        )
        tx.execute(
            "INSERT INTO projection_fingerprints (view, generation, fingerprint) VALUES (?, ?, ?)",
            (view.name, generation, view.fingerprint()),
        )

    @staticmethod
    def create_indexes(tx: ViewTx, view: type[View], generation: int, indexes: Sequence[Index]) -> None:
        """Indexes of a generation's tables (those that exist already are kept)."""
        tables = view.tables(generation)
        for index in indexes:
            tx.execute(tables.index_sql(index))

    def _drop(self, tx: ViewTx, view: type[View], generation: int) -> None:
        tables = view.tables(generation)
        for name in view.schema:
            tx.execute(f"DROP TABLE IF EXISTS {tables.physical(name)}")
        tx.execute("DELETE FROM projection_tracking WHERE view = ? AND generation = ?", (view.name, generation))
        tx.execute("DELETE FROM projection_parked WHERE view = ? AND generation = ?", (view.name, generation))
        for table in ("projection_fingerprints", "projection_generations"):
            tx.execute(f"DELETE FROM {table} WHERE view = ? AND generation = ?", (view.name, generation))

    def generations(self) -> tuple[dict[str, int], dict[str, list[int]]]:
        """Every view's live generation and those being rebuilt, in two queries (one round)."""
        live = {r["view"]: int(r["generation"]) for r in self.db.query("SELECT * FROM projection_current")}
        building: dict[str, list[int]] = {}
        for r in self.db.query("SELECT view, generation FROM projection_generations WHERE state = 'building'"):
            building.setdefault(r["view"], []).append(int(r["generation"]))
        return live, building

    # Tracking ------------------------------------------------------------------------
    def all_positions(self) -> dict[tuple[str, int], dict[str, int]]:
        """How far every generation of every view has read each tenant, in one query."""
        found: dict[tuple[str, int], dict[str, int]] = {}
        for r in self.db.query("SELECT view, generation, tenant, position FROM projection_tracking"):
            found.setdefault((r["view"], int(r["generation"])), {})[r["tenant"]] = int(r["position"])
        return found

    @staticmethod
    def tracked_all(tx: ViewTx, tenant: str) -> dict[tuple[str, int], int]:
        """Every generation's position for one tenant, read inside the writing transaction."""
        rows = tx.query("SELECT view, generation, position FROM projection_tracking WHERE tenant = ?", (tenant,))
        return {(r["view"], int(r["generation"])): int(r["position"]) for r in rows}

    def positions(self, view: type[View], generation: int) -> dict[str, int]:
        rows = self.db.query("SELECT tenant, position FROM projection_tracking WHERE view = ? AND generation = ?",
                             (view.name, generation))
        return {r["tenant"]: int(r["position"]) for r in rows}

    @staticmethod
    def tracked(tx: ViewTx, view: type[View], generation: int, tenant: str) -> int:
        """Position recorded for a tenant, read inside the writing transaction."""
        rows = tx.query(
            "SELECT position FROM projection_tracking WHERE view = ? AND generation = ? AND tenant = ?",
            (view.name, generation, tenant),
        )
        return int(rows[0]["position"]) if rows else 0

    @staticmethod
    def track(tx: ViewTx, view: type[View], generation: int, tenant: str, position: int) -> None:
        """Record progress in the same transaction as the rows it produced."""
        tx.execute(
            "INSERT INTO projection_tracking (view, generation, tenant, position) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (view, generation, tenant) DO UPDATE SET position = excluded.position",
            (view.name, generation, tenant, position),
        )

    # Failures and parked events ----------------------------------------------------------
    def record_failure(
        self, view: type[View], generation: int, tenant: str, position: int, error: str, limit: int
    ) -> ParkedEvent:
        """Count one more failed try of an event; at `limit` tries it is parked."""
        now = datetime.now(UTC).isoformat()
        with self.db.transaction() as tx:
            key = (view.name, generation, tenant, position)
            rows = tx.query(
                "SELECT tries FROM projection_parked "
                "WHERE view = ? AND generation = ? AND tenant = ? AND position = ?", key,
            )
            tries = (int(rows[0]["tries"]) if rows else 0) + 1
            state = "parked" if tries >= limit else "failing"
            tx.execute(
                "INSERT INTO projection_parked (view, generation, tenant, position, state, tries, "
                "error, first_failed_at, last_failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (view, generation, tenant, position) DO UPDATE SET "
                "state = excluded.state, tries = excluded.tries, error = excluded.error, "
                "last_failed_at = excluded.last_failed_at",
                (*key, state, tries, error[:2000], now, now),
            )
            if state == "parked":
                ViewStore.track(tx, view, generation, tenant, position)  # the view moves on
            rows = tx.query(
                "SELECT * FROM projection_parked "
                "WHERE view = ? AND generation = ? AND tenant = ? AND position = ?", key,
            )
        return _parked(rows[0])

    #: `track` and `clear_failures` for several generations at once, in two statements (tracking.py).
    track_many = staticmethod(track_many)

    @staticmethod
    def clear_failures(tx: ViewTx, view: type[View], generation: int, tenant: str, up_to: int) -> None:
        """Forget failed tries of events applied after all (a transient failure)."""
        tx.execute(
            "DELETE FROM projection_parked WHERE view = ? AND generation = ? AND tenant = ? "
            "AND position <= ? AND state = 'failing'",
            (view.name, generation, tenant, up_to),
        )

    def unpark(self, tx: ViewTx, event: ParkedEvent) -> None:
        tx.execute("DELETE FROM projection_parked WHERE view = ? AND generation = ? AND tenant = ? AND position = ?",
                   (event.view, event.generation, event.tenant, event.position))

    def failed_again(self, event: ParkedEvent, error: str) -> None:
        """A retried parked event failed once more: count it, keep the newest error."""
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE projection_parked SET tries = tries + 1, error = ?, last_failed_at = ? "
                "WHERE view = ? AND generation = ? AND tenant = ? AND position = ?",
                (error[:2000], datetime.now(UTC).isoformat(),
                 event.view, event.generation, event.tenant, event.position),
            )

    def parked(
        self, view: str | type[View] | None = None, tenant: str | None = None
    ) -> list[ParkedEvent]:
        """Events parked by the views (all, one view's or one tenant's), in log order."""
        name = view if isinstance(view, str) or view is None else view.name
        sql, params = "SELECT * FROM projection_parked WHERE state = 'parked'", []
        if name is not None:
            sql, params = sql + " AND view = ?", [*params, name]
        if tenant is not None:
            sql, params = sql + " AND tenant = ?", [*params, tenant]
        rows = self.db.query(sql + " ORDER BY view, generation, tenant, position", params)
        return [_parked(r) for r in rows]

    def parked_positions(self, view: type[View], tenants: Sequence[str]) -> list[int]:
        """Positions of the tenants' events the live generation of a view skipped (degraded)."""
        generation = self.ensure_live(view)
        return sorted(p.position for p in self.parked(view) if p.generation == generation
                      and p.tenant in tenants)

    def reader_tables(self, view: type[View]) -> Tables:
        """Tables readers use now: the live generation."""
        return view.tables(self.ensure_live(view))
