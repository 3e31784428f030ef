"""Rebuild a view without downtime: fill a new generation from position 0, then switch readers.

The bulk of the logs is folded into a scratch SQLite file first (every read and write a view makes
stays in memory and on local disk, no round trip per statement), then copied into the new
generation in one transaction (COPY on PostgreSQL, executemany on SQLite) with its positions. The
runner then catches the generation up with what was written meanwhile, as it does any view.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from services.projections.collector import fewer_collections
from services.projections.database import SQLiteViewDatabase
from services.projections.runner import ProjectionRunner, Target
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend

#: Events per batch of the fold: one scratch transaction each.
FOLD_BATCH = 20_000


@dataclass(frozen=True)
class RebuildReport:
    """What a rebuild did and how fast."""

    view: str
    generation: int
    replaced: int | None
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float("inf")


class _GenerationRunner(ProjectionRunner):
    """A runner that fills one generation only."""

    def __init__(self, backend: Backend, store: ViewStore, view: View, generation: int,
                 on_progress=None, batch: int | None = None) -> None:
        super().__init__(backend, store, [view], on_progress=on_progress, **({"batch": batch} if batch else {}))
        self._target = Target(view, generation)
        self.reconciled = True  # rebuild() did it before creating this generation

    def targets(self) -> list[Target]:
        return [self._target]


def rebuild(backend: Backend, store: ViewStore, view: View, max_rounds: int = 1000,
            on_progress=None) -> RebuildReport:
    """Readers keep the old copy until the new one has read at least as far, in every tenant;
    `on_progress(tenant, position)` after every batch."""
    view_type = type(view)
    store.reconcile([view])  # a live copy of another schema cannot be read while this one fills
    live = store.ensure_live(view_type)
    generation = store.start_rebuild(view_type, state="folding", indexes=())  # built after the copy
    started = time.perf_counter()
    try:
        events = fold(backend, store, view, generation, on_progress)
    except BaseException:
        with store.db.transaction() as tx:
            store._drop(tx, view_type, generation)
        raise
    store.mark_building(view_type, generation)  # from here other runners help it catch up
    runner = _GenerationRunner(backend, store, view, generation, on_progress)
    for _ in range(max_rounds):
        events += runner.run_once()
        live_positions = store.positions(view_type, live)
        new_positions = store.positions(view_type, generation)
        if all(new_positions.get(t, 0) >= p for t, p in live_positions.items()):
            break
    else:
        raise RuntimeError(f"rebuild of {view.name} did not catch up in {max_rounds} rounds")
    seconds = time.perf_counter() - started
    replaced = store.switch(view_type, generation)
    return RebuildReport(view.name, generation, replaced, events, seconds)


def fold(backend: Backend, store: ViewStore, view: View, generation: int, on_progress=None) -> int:
    """Every log folded into a scratch copy of the view, then copied into `generation` (empty,
    not yet followed by any runner) with its positions and parked events; the events read."""
    view_type = type(view)
    with tempfile.TemporaryDirectory(prefix="cascade-fold-") as directory, fewer_collections():
        scratch = ViewStore(SQLiteViewDatabase(Path(directory) / "fold.sqlite", scratch=True))
        try:
            folded = scratch.start_rebuild(view_type, state="folding", indexes=view_type.writer_indexes)
            runner = _GenerationRunner(backend, scratch, view, folded, on_progress, batch=FOLD_BATCH)
            events = runner.run_once()
            copy_generation(scratch, folded, store, view_type, generation)
        finally:
            scratch.db.close()
    return events


def copy_generation(source: ViewStore, from_generation: int, target: ViewStore, view: type[View],
                    generation: int) -> None:
    """A generation's rows, tracking and parked events, from one store into another, in one
    transaction of the target."""
    tables, into = view.tables(from_generation), view.tables(generation)
    tracking = source.positions(view, from_generation)
    parked = [p for p in source.parked(view) if p.generation == from_generation]
    with target.db.transaction() as tx:
        for name in view.schema:  # streamed as plain tuples, never all at once as dicts
            columns, rows = source.db.tuples(f"SELECT * FROM {tables.physical(name)}")
            tx.copy_rows(into.physical(name), columns, rows)
        ViewStore.create_indexes(tx, view, generation, view.indexes)  # faster once the rows are in
        for tenant, position in tracking.items():
            ViewStore.track(tx, view, generation, tenant, position)
        tx.executemany(
            "INSERT INTO projection_parked (view, generation, tenant, position, state, tries, error, "
            "first_failed_at, last_failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(p.view, generation, p.tenant, p.position, p.state, p.tries, p.error,
              p.first_failed_at.isoformat(), p.last_failed_at.isoformat()) for p in parked],
        )
