"""Automatic rebuild of a view whose tables or revision changed (View.fingerprint).

Each generation records the fingerprint of the view that created it. When a projector or server
starts, a live generation with another fingerprint (or none: built before fingerprints existed) is
dropped and replaced by an empty one, which the runner fills from position 0 of every log. Readers
see the new generation at once (its rows appear as the replay proceeds); unchanged views are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import structlog

from services.projections.store import ViewStore
from services.projections.view import View

log = structlog.get_logger("cascade.projections")


@dataclass(frozen=True)
class Reset:
    """A view whose live generation was built by another schema or revision, replaced by an empty one."""

    view: str
    replaced: int
    generation: int
    recorded: str | None
    current: str


def reconcile(store: ViewStore, views: Sequence[View | type[View]]) -> list[Reset]:
    """At start: drop and recreate each view whose live generation has another fingerprint.

    The new generation is empty at position 0, so the runner replays the view from the start of
    every log. Unchanged views are left alone; a store built before fingerprints has none
    recorded and is rebuilt once.
    """
    resets = []
    for view in views:
        reset = _reconcile(store, view if isinstance(view, type) else type(view))
        if reset is not None:
            log.warning(
                "view rebuilt from position 0: its fingerprint changed", view=reset.view,
                recorded=reset.recorded or "none", current=reset.current,
                replaced_generation=reset.replaced, generation=reset.generation,
            )
            resets.append(reset)
    return resets


def _reconcile(store: ViewStore, view: type[View]) -> Reset | None:
    current = view.fingerprint()
    with store.db.transaction() as tx:
        tx.lock("projection-ddl")  # two processes may start at once: the second finds it done
        rows = tx.query(
            "SELECT c.generation, f.fingerprint FROM projection_current c "
            "LEFT JOIN projection_fingerprints f ON f.view = c.view AND f.generation = c.generation "
            "WHERE c.view = ?", (view.name,),
        )
        if not rows:
            return None  # never built: ensure_live creates it with this fingerprint
        live, recorded = int(rows[0]["generation"]), rows[0]["fingerprint"]
        for stale in tx.query(
            "SELECT g.generation FROM projection_generations g LEFT JOIN projection_fingerprints f "
            "ON f.view = g.view AND f.generation = g.generation WHERE g.view = ? "
            "AND g.state = 'building' AND (f.fingerprint IS NULL OR f.fingerprint <> ?)",
            (view.name, current),
        ):
            store._drop(tx, view, int(stale["generation"]))  # a rebuild begun by other code
        if recorded == current:
            return None
        rows = tx.query(
            "SELECT MAX(generation) AS g FROM projection_generations WHERE view = ?", (view.name,)
        )
        generation = max(int(rows[0]["g"] or 0), live) + 1
        store._drop(tx, view, live)
        store._create(tx, view, generation, "live")
        tx.execute("UPDATE projection_current SET generation = ? WHERE view = ?", (generation, view.name))
    return Reset(view.name, live, generation, recorded, current)
