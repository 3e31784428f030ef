"""Rebuild a view without downtime: fill a new generation from position 0, then switch readers."""

from __future__ import annotations

import time
from dataclasses import dataclass

from services.projections.runner import ProjectionRunner, Target
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend


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
                 on_progress=None) -> None:
        super().__init__(backend, store, [view], on_progress=on_progress)
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
    generation = store.start_rebuild(view_type)
    runner = _GenerationRunner(backend, store, view, generation, on_progress)
    started = time.perf_counter()
    events = 0
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
