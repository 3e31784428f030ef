"""OpenTelemetry traces: a span per request (Litestar's middleware), per command, per projection batch.

Off unless configured by the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT (or
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) sends OTLP over HTTP; OTEL_TRACES_EXPORTER picks the
exporter (`otlp`, `console`, `none`); OTEL_SERVICE_NAME names the process. Without them the
tracer is the API's no-op one and a span costs next to nothing. Every structlog line of a traced
operation carries its `trace_id` and `span_id`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from litestar.plugins.opentelemetry import OpenTelemetryConfig
from litestar.types import ASGIApp, Receive, Scope, Send
from opentelemetry import trace
from opentelemetry.semconv.attributes.http_attributes import HTTP_ROUTE

TRACER = "cascade"


def exporter_name(environ: Mapping[str, str]) -> str | None:
    """The span exporter the OTEL_* variables ask for, or None when tracing is off."""
    chosen = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if chosen == "none" or environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return None
    if chosen:
        return chosen
    endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT")
    return "otlp" if endpoint else None


def configure_tracing(service: str, environ: Mapping[str, str] | None = None) -> bool:
    """Install the process's tracer provider if the environment asks for traces; True if so."""
    environ = os.environ if environ is None else environ
    name = exporter_name(environ)
    if name is None:
        return False
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    if name == "console":
        exporter: Any = ConsoleSpanExporter()
    elif name == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()  # endpoint, headers, timeout: from OTEL_EXPORTER_OTLP_*
    else:
        raise ValueError(f"OTEL_TRACES_EXPORTER={name!r}: this build exports otlp or console")
    resource = Resource.create({SERVICE_NAME: environ.get("OTEL_SERVICE_NAME") or service})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return True


def request_tracing() -> OpenTelemetryConfig:
    """Litestar's OpenTelemetry middleware: one server span per request (it runs before routing;
    `route_naming` names the span by its route template once the route is known)."""
    return OpenTelemetryConfig(exclude_spans=["receive", "send"], scopes={"http"})


def route_naming(app: ASGIApp) -> ASGIApp:
    """Name the request's span `METHOD /route/{template}`: one name for every tenant and school."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        template = scope.get("path_template")
        span = trace.get_current_span()
        if template and span.is_recording():
            span.update_name(f"{scope.get('method', '')} {template}".strip())
            span.set_attribute(HTTP_ROUTE, template)
        await app(scope, receive, send)

    return middleware


def tracer() -> trace.Tracer:
    return trace.get_tracer(TRACER)


@contextmanager
def command_span(tenant: str, command: str) -> Iterator[trace.Span]:
    """One command's execution; the caller sets `cascade.outcome` (and an error status for a
    failure: a refusal is the client's, not the service's, so it leaves the status unset)."""
    with tracer().start_as_current_span(
        f"command {command}", attributes={"cascade.tenant": tenant, "cascade.command": command},
        record_exception=False, set_status_on_exception=False,
    ) as span:
        yield span


@contextmanager
def batch_span(tenant: str, views: list[str], events: int) -> Iterator[trace.Span]:
    """One projection batch: the events of one tenant applied to the views in one transaction."""
    with tracer().start_as_current_span(
        "projection batch",
        attributes={"cascade.tenant": tenant, "cascade.views": views, "cascade.events": events},
    ) as span:
        yield span


def add_trace_context(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: the current span's trace and span id on the line, when tracing."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event
