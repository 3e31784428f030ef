"""Bookkeeping of views: which generation serves readers, and how far each has read each tenant."""

from __future__ import annotations

import zlib

from services.projections.database import ViewDatabase, ViewTx
from services.projections.view import Index, Tables, View

_BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS projection_current ("
    "view TEXT PRIMARY KEY, generation INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS projection_generations ("
    "view TEXT NOT NULL, generation INTEGER NOT NULL, state TEXT NOT NULL, "
    "PRIMARY KEY (view, generation))",
    "CREATE TABLE IF NOT EXISTS projection_tracking ("
    "view TEXT NOT NULL, generation INTEGER NOT NULL, tenant TEXT NOT NULL, "
    "position BIGINT NOT NULL, PRIMARY KEY (view, generation, tenant))",
)


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

    def start_rebuild(self, view: type[View]) -> int:
        """A fresh, empty generation that the runner fills from position 0 while the old serves."""
        with self.db.transaction() as tx:
            tx.lock("projection-ddl")
            rows = tx.query(
                "SELECT MAX(generation) AS g FROM projection_generations WHERE view = ?", (view.name,)
            )
            generation = int(rows[0]["g"] or 0) + 1
            self._create(tx, view, generation, "building")
        return generation

    def building_generations(self, view: type[View]) -> list[int]:
        rows = self.db.query(
            "SELECT generation FROM projection_generations WHERE view = ? AND state = 'building'",
            (view.name,),
        )
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

    def _create(self, tx: ViewTx, view: type[View], generation: int, state: str) -> None:
        tables = view.tables(generation)
        for statement in view.schema.values():
            tx.execute(tables.sql(statement))
        for index in view.indexes:
            tx.execute(_index_sql(tables, index))
        tx.execute(
            "INSERT INTO projection_generations (view, generation, state) VALUES (?, ?, ?)",
            (view.name, generation, state),
        )

    def _drop(self, tx: ViewTx, view: type[View], generation: int) -> None:
        tables = view.tables(generation)
        for name in view.schema:
            tx.execute(f"DROP TABLE IF EXISTS {tables.physical(name)}")
        tx.execute("DELETE FROM projection_tracking WHERE view = ? AND generation = ?", (view.name, generation))
        tx.execute(
            "DELETE FROM projection_generations WHERE view = ? AND generation = ?", (view.name, generation)
        )

    # Tracking ------------------------------------------------------------------------
    def positions(self, view: type[View], generation: int) -> dict[str, int]:
        rows = self.db.query(
            "SELECT tenant, position FROM projection_tracking WHERE view = ? AND generation = ?",
            (view.name, generation),
        )
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

    def reader_tables(self, view: type[View]) -> Tables:
        """Tables readers use now: the live generation."""
        return view.tables(self.ensure_live(view))


def _index_sql(tables: Tables, index: Index) -> str:
    """Index names are unique per generation too: `<physical table>_ix<n>`.

    `n` hashes the statement as views used to write it, so databases built before keep their
    index names and `IF NOT EXISTS` still finds them.
    """
    written = f"CREATE INDEX IF NOT EXISTS {{ix}} ON {{{index.table}}} ({index.columns})"
    table = tables.physical(index.table)
    name = f"{table}_ix{zlib.crc32(written.encode()) % 100_000}"
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({index.columns})"
