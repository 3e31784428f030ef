"""Liveness and readiness: whether the process answers, and whether it can serve right figures.

`/health/live` answers as long as the process does. `/health/ready` is 503 while the store or
the view database does not answer, or while a view has parked an event (it could not apply it)
for longer than the grace period: the figures of that tenant are then incomplete. Every parked
event is listed either way, so an operator sees a degraded tenant before it turns the probe red.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import msgspec
from litestar import Response, get
from litestar.di import NamedDependency

from services.context import Services


class Check(msgspec.Struct, frozen=True):
    """One condition of readiness and what is wrong with it, if anything."""

    name: str
    ok: bool
    detail: str = ""


class DegradedView(msgspec.Struct, frozen=True):
    """A view that skipped events of a tenant: its figures for that tenant are incomplete."""

    view: str
    tenant: str
    parked: int
    oldest_parked_at: datetime


class Readiness(msgspec.Struct, frozen=True):
    status: Literal["ready", "not-ready"]
    checks: list[Check]
    degraded: list[DegradedView]


def _answers(name: str, probe) -> Check:
    try:
        probe()
    except Exception as error:  # any failure of the probe is what the check reports
        return Check(name, False, f"{type(error).__name__}: {error}"[:300])
    return Check(name, True)


def degraded_views(services: Services) -> list[DegradedView]:
    """Parked events grouped by view and tenant, oldest first."""
    groups: dict[tuple[str, str], list[datetime]] = {}
    for event in services.read.store.parked():
        groups.setdefault((event.view, event.tenant), []).append(event.first_failed_at)
    return [
        DegradedView(view, tenant, len(times), min(times))
        for (view, tenant), times in sorted(groups.items(), key=lambda item: min(item[1]))
    ]


def readiness(services: Services, parked_grace_seconds: float, now: datetime | None = None) -> Readiness:
    """Store and views answer, and nothing has stayed parked past the grace period."""
    checks = [
        _answers("store", services.backend.registry.all),
        _answers("views", lambda: services.read.store.db.query("SELECT 1")),
    ]
    degraded = degraded_views(services) if checks[1].ok else []
    moment = now or datetime.now(UTC)
    stale = [d for d in degraded
             if (moment - d.oldest_parked_at).total_seconds() > parked_grace_seconds]
    detail = ", ".join(f"{d.view}/{d.tenant}: {d.parked}" for d in stale)
    checks.append(Check("parked", not stale, f"parked longer than {parked_grace_seconds:g} s: "
                        f"{detail}" if stale else ""))
    status: Literal["ready", "not-ready"] = "ready" if all(c.ok for c in checks) else "not-ready"
    return Readiness(status, checks, degraded)


@get("/health", operation_id="health", tags=["service"], sync_to_thread=False, include_in_schema=False)
def health() -> dict[str, str]:
    """Liveness, kept at its old path for probes configured before /health/live."""
    return {"status": "live"}


@get("/health/live", operation_id="healthLive", tags=["service"], sync_to_thread=False,
     summary="Liveness: the process answers")
def health_live() -> dict[str, str]:
    return {"status": "live"}


@get("/health/ready", operation_id="healthReady", tags=["service"], sync_to_thread=True,
     summary="Readiness: store and views answer; no event parked past the grace period",
     description="503 with the failing checks when not ready; `degraded` lists every view and "
                 "tenant with parked events (its figures are incomplete) whether ready or not.")
def health_ready(services: NamedDependency[Services]) -> Response[Readiness]:
    answer = readiness(services, services.ready_parked_seconds)
    return Response(answer, status_code=200 if answer.status == "ready" else 503)


HEALTH_ROUTES = [health, health_live, health_ready]
