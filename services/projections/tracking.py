"""The runner's bookkeeping in few statements: one read per round, two writes per batch (issue 16 goal 3)."""

from __future__ import annotations

from collections.abc import Sequence

from services.projections.database import ViewDatabase, ViewTx

#: Live generations, generations being rebuilt, and every position: one statement, one round trip.
_ROUND = (
    "SELECT 'live' AS what, view, generation, '' AS tenant, 0 AS position FROM projection_current "
    "UNION ALL SELECT 'building', view, generation, '', 0 FROM projection_generations WHERE state = 'building' "
    "UNION ALL SELECT 'tracked', view, generation, tenant, position FROM projection_tracking"
)


def round_state(db: ViewDatabase) -> tuple[dict[str, int], dict[str, list[int]], dict[tuple[str, int], dict[str, int]]]:
    """What `ViewStore.generations()` and `ViewStore.all_positions()` say, read in one statement."""
    live: dict[str, int] = {}
    building: dict[str, list[int]] = {}
    positions: dict[tuple[str, int], dict[str, int]] = {}
    for r in db.query(_ROUND):
        if r["what"] == "live":
            live[r["view"]] = int(r["generation"])
        elif r["what"] == "building":
            building.setdefault(r["view"], []).append(int(r["generation"]))
        else:
            positions.setdefault((r["view"], int(r["generation"])), {})[r["tenant"]] = int(r["position"])
    return live, building, positions


def track_many(tx: ViewTx, tenant: str, keys: Sequence[tuple[str, int]], position: int) -> None:
    """Track several generations at one position and forget their failed tries: two statements."""
    if not keys:
        return
    rows = ", ".join("(?, ?, ?, ?)" for _ in keys)
    tx.execute(
        f"INSERT INTO projection_tracking (view, generation, tenant, position) VALUES {rows} "
        "ON CONFLICT (view, generation, tenant) DO UPDATE SET position = excluded.position",
        [value for view, generation in keys for value in (view, generation, tenant, position)],
    )
    pairs = " OR ".join("(view = ? AND generation = ?)" for _ in keys)
    tx.execute(
        f"DELETE FROM projection_parked WHERE tenant = ? AND position <= ? AND state = 'failing' AND ({pairs})",
        [tenant, position, *(value for key in keys for value in key)],
    )


def tracked_marks(tx: ViewTx, tenant: str) -> dict[tuple[str, int], tuple[int, int]]:
    """Every generation's (position, parked events) for one tenant, inside the writing transaction.

    A parked event applied by `--retry-parked` changes rows but no position: its count tells.
    """
    rows = tx.query(
        "SELECT t.view, t.generation, t.position, (SELECT COUNT(*) FROM projection_parked p "
        "WHERE p.view = t.view AND p.generation = t.generation AND p.tenant = t.tenant "
        "AND p.state = 'parked') AS parked FROM projection_tracking t WHERE t.tenant = ?", (tenant,))
    return {(r["view"], int(r["generation"])): (int(r["position"]), int(r["parked"])) for r in rows}
