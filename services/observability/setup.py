"""What create_app() and the projector add to be watched: one call each."""

from __future__ import annotations

from services.observability.collectors import PoolCollector, ProjectionCollector, store_pools
from services.observability.metrics import Metrics, metrics_endpoint
from services.observability.tracing import request_tracing, route_naming
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend

#: The routes an app serves for its operators.
OBSERVABILITY_ROUTES = [metrics_endpoint]


def process_metrics(backend: Backend, store: ViewStore, views: tuple[View, ...]) -> Metrics:
    """The metrics of one process, with the stores read on every scrape."""
    return Metrics(ProjectionCollector(backend, store, views), PoolCollector(store_pools(backend, store)))


def http_middleware(metrics: Metrics) -> list:
    """Outermost first: the request's span, then its count and latency under the route template."""
    return [request_tracing().middleware, route_naming, metrics.middleware]
