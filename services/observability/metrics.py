"""Prometheus metrics of one process: requests, commands, and what the stores say on each scrape.

Each app (and the projector) owns a registry of its own, so two apps in one process (the tests)
never share counters. Request and command metrics are counted as they happen; the projection
positions, lags, parked events, checkpoint age and pool usage are read from the stores when
Prometheus scrapes (collectors.py): no background loop.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litestar import Request, Response, get
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry.trace import StatusCode
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
)
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

# No `*_created` series beside every counter: Prometheus does not need them and they double
# the exposition.
disable_created_metrics()

#: Seconds: a read answers in milliseconds, an export or a rebuild-time query in seconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The registry of one process and the metrics counted as requests and commands happen."""

    def __init__(self, *collectors: Collector) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "cascade_http_requests", "HTTP requests answered, by route template, method and status",
            ["method", "route", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "cascade_http_request_duration_seconds", "Time to answer an HTTP request",
            ["method", "route", "status"], buckets=BUCKETS, registry=self.registry,
        )
        self.commands = Counter(
            "cascade_commands", "Commands executed, by type and outcome "
            "(recorded, replayed, refused with its problem code, failed)",
            ["command", "outcome", "code"], registry=self.registry,
        )
        self.command_latency = Histogram(
            "cascade_command_duration_seconds", "Time to decide and record a command",
            ["command"], buckets=BUCKETS, registry=self.registry,
        )
        for collector in collectors:
            self.registry.register(collector)

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Count every HTTP answer under its route template (`/api/v1/tenants/{tenant_id}/...`)."""

        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            status = [500]

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status[0] = message["status"]
                await send(message)

            try:
                await app(scope, receive, sending)
            finally:
                labels = (scope["method"], route_template(scope), str(status[0]))
                self.requests.labels(*labels).inc()
                self.latency.labels(*labels).observe(time.perf_counter() - started)

        return middleware

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def route_template(scope: Scope) -> str:
    """The route as declared, so that every tenant and school shares one series."""
    return str(scope.get("path_template") or scope.get("path", ""))


class CommandOutcome:
    """What the command API tells the metrics and the trace when its command ends."""

    def __init__(self) -> None:
        self.outcome = "failed"
        self.code = ""

    def done(self, replayed: bool) -> None:
        self.outcome = "replayed" if replayed else "recorded"


@contextmanager
def observe_command(app: Any, tenant: str, command: str) -> Iterator[CommandOutcome]:
    """Count one command by outcome and trace it (tenant, type, outcome) as one span."""
    from services.observability.tracing import command_span

    metrics: Metrics | None = getattr(app.state, "metrics", None)
    outcome = CommandOutcome()
    started = time.perf_counter()
    with command_span(tenant, command) as span:
        try:
            yield outcome
        except Exception as error:
            # Refusals carry their problem code (DomainError, Forbidden); anything else failed.
            code = getattr(error, "code", None)
            if isinstance(code, str):
                outcome.outcome = "refused"
            outcome.code = code if isinstance(code, str) else type(error).__name__
            raise
        finally:
            span.set_attributes({"cascade.outcome": outcome.outcome, "cascade.problem": outcome.code})
            if outcome.outcome == "failed":
                span.set_status(StatusCode.ERROR, outcome.code)
            if metrics is not None:
                metrics.commands.labels(command, outcome.outcome, outcome.code).inc()
                metrics.command_latency.labels(command).observe(time.perf_counter() - started)


@get("/metrics", operation_id="metrics", tags=["service"], sync_to_thread=True,
     media_type=CONTENT_TYPE_LATEST, summary="Prometheus metrics of this process",
     description="Requests, commands, projection positions and lags, parked events, checkpoint "
                 "age and pool usage (docs/operations.md explains each).")
def metrics_endpoint(request: Request) -> Response[bytes]:
    metrics: Metrics = request.app.state.metrics
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
