"""Gauges read from the stores when Prometheus scrapes: nothing runs between two scrapes.

A store that does not answer does not fail the scrape: `cascade_scrape_ok{source}` says 0 and
the other sources still report (the readiness probe says what is wrong).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import structlog
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from services.projections.failures import decode
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend
from tenants.root_log import root_log

log = structlog.get_logger("cascade.metrics")


def _gauge(name: str, documentation: str, labels: Iterable[str] = ()) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, labels=list(labels))


class ProjectionCollector(Collector):
    """Per view and tenant: position read, events and seconds behind the log, parked events."""

    def __init__(self, backend: Backend, store: ViewStore, views: Iterable[View]) -> None:
        self.backend = backend
        self.store = store
        self.views = list(views)

    def collect(self) -> Iterator[Metric]:
        ok = _gauge("cascade_scrape_ok", "1 when the source answered this scrape", ["source"])
        families: list[Metric] = []
        for source, read in (("projections", self._projections), ("checkpoints", self._checkpoint)):
            try:
                families.extend(read())
                ok.add_metric([source], 1)
            except Exception as error:  # an outage: reported as a 0, never as a failed scrape
                log.warning("metrics source failed", source=source, error=repr(error)[:300])
                ok.add_metric([source], 0)
        yield from families
        yield ok

    def _projections(self) -> list[Metric]:
        head = _gauge("cascade_log_head_position", "Position of the newest event of a tenant's log",
                      ["tenant"])
        position = _gauge("cascade_projection_position",
                          "Log position the live generation of a view has read", ["view", "tenant"])
        lag = _gauge("cascade_projection_lag_events", "Events of the log a view has not read yet",
                     ["view", "tenant"])
        seconds = _gauge("cascade_projection_lag_seconds",
                         "Age of the oldest event a view has not read yet (0 when caught up)",
                         ["view", "tenant"])
        parked = _gauge("cascade_projection_parked_events",
                        "Events a view parked: its figures of the tenant are incomplete",
                        ["view", "tenant"])
        tenants = {t.id: self.backend.application(t.id) for t in self.backend.registry.all()}
        heads = {tenant: app.head_position() for tenant, app in tenants.items()}
        for tenant, at in heads.items():
            head.add_metric([tenant], at)
        counts: dict[tuple[str, str], int] = {}
        for event in self.store.parked():
            counts[(event.view, event.tenant)] = counts.get((event.view, event.tenant), 0) + 1
        now = time.time()
        for view in self.views:
            reached = self.store.positions(type(view), self.store.ensure_live(type(view)))
            for tenant, app in tenants.items():
                read = reached.get(tenant, 0)
                position.add_metric([view.name, tenant], read)
                lag.add_metric([view.name, tenant], max(heads[tenant] - read, 0))
                behind = _oldest_unread(app, read, now) if heads[tenant] > read else 0.0
                seconds.add_metric([view.name, tenant], behind)
                parked.add_metric([view.name, tenant], counts.get((view.name, tenant), 0))
        return [head, position, lag, seconds, parked]

    def _checkpoint(self) -> list[Metric]:
        age = _gauge("cascade_checkpoint_age_seconds",
                     "Seconds since the newest signed checkpoint of the chain heads (absent: none yet)")
        latest = root_log(self.backend).latest()
        if latest is not None:
            signed = datetime.fromisoformat(json.loads(latest.body)["at"])
            age.add_metric([], max((datetime.now(UTC) - signed).total_seconds(), 0.0))
        return [age]


def _oldest_unread(app: Any, read: int, now: float) -> float:
    """Seconds since the first event after `read` was recorded."""
    [notification] = app.recorder.select_notifications(start=read, limit=1, inclusive_of_start=False)
    event = decode(app, notification)
    stamp = getattr(event, "timestamp", None)
    return max(now - stamp.timestamp(), 0.0) if stamp is not None else 0.0


class PoolCollector(Collector):
    """Connections of each PostgreSQL pool: size, idle, in use and requests waiting."""

    def __init__(self, pools: Callable[[], dict[str, Any]]) -> None:
        self.pools = pools

    def collect(self) -> Iterator[Metric]:
        family = _gauge("cascade_pool_connections",
                        "Connections of a store pool by state (max, size, idle, in_use, waiting)",
                        ["pool", "state"])
        for name, pool in self.pools().items():
            stats = pool.get_stats()
            size, idle = stats.get("pool_size", 0), stats.get("pool_available", 0)
            for state, value in (("max", stats.get("pool_max", 0)), ("size", size), ("idle", idle),
                                 ("in_use", max(size - idle, 0)),
                                 ("waiting", stats.get("requests_waiting", 0))):
                family.add_metric([name, state], value)
        yield family


def store_pools(backend: Backend, store: ViewStore) -> Callable[[], dict[str, Any]]:
    """The pools of the event store and of the view database (none on SQLite)."""

    def pools() -> dict[str, Any]:
        found = {}
        datastore = getattr(backend, "datastore", None)
        if datastore is not None and getattr(datastore, "pool", None) is not None:
            found["events"] = datastore.pool
        if getattr(store.db, "pool", None) is not None:
            found["views"] = store.db.pool
        return found

    return pools
