"""Traces from the in-memory exporter: a span per request, per command, per projection batch."""

from __future__ import annotations

import secrets

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import IdGenerator
from structlog.testing import capture_logs

from services.log_context import merge_request_context
from services.observability.tracing import add_trace_context, configure_tracing, exporter_name
from tests.e2e.helpers import TENANT, officer

REGISTER = {"type": "register_school", "school": "t-1", "name": "Школа"}


class _Recording(SimpleSpanProcessor):
    """Exports only while a test of this module listens, so the rest of the suite keeps nothing."""

    listening = False

    def on_end(self, span) -> None:
        if self.listening:
            super().on_end(span)


class _SecretIds(IdGenerator):
    """Span and trace ids from `secrets`: the SDK's default draws from the `random` module, whose
    state Hypothesis guards in the fuzz tests that run later in the same process."""

    def generate_span_id(self) -> int:
        return secrets.randbits(64) or 1

    def generate_trace_id(self) -> int:
        return secrets.randbits(128) or 1


_EXPORTER = InMemorySpanExporter()
_PROCESSOR = _Recording(_EXPORTER)


@pytest.fixture
def spans():
    """The process's tracer provider (set once: OpenTelemetry allows no second) into memory."""
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider(id_generator=_SecretIds())
        provider.add_span_processor(_PROCESSOR)
        trace.set_tracer_provider(provider)
    _EXPORTER.clear()
    _PROCESSOR.listening = True
    yield _EXPORTER
    _PROCESSOR.listening = False
    _EXPORTER.clear()


def named(exporter, name: str):
    return [span for span in exporter.get_finished_spans() if span.name == name]


def test_a_command_is_one_span_inside_its_request_span(api, spans):
    assert api.post(TENANT, REGISTER, officer()).status_code == 201
    [request] = named(spans, "POST /api/v1/tenants/{tenant_id}/commands")
    [command] = named(spans, "command register_school")
    assert command.parent.span_id == request.context.span_id
    assert command.context.trace_id == request.context.trace_id
    assert dict(command.attributes) == {
        "cascade.tenant": TENANT, "cascade.command": "register_school",
        "cascade.outcome": "recorded", "cascade.problem": "",
    }
    assert request.attributes["http.route"] == "/api/v1/tenants/{tenant_id}/commands"


def test_a_refused_command_span_names_its_outcome_and_problem(api, spans):
    assert api.post(TENANT, REGISTER, officer()).status_code == 201
    assert api.post(TENANT, REGISTER, officer()).status_code == 409
    outcomes = [(s.attributes["cascade.outcome"], s.attributes["cascade.problem"])
                for s in named(spans, "command register_school")]
    assert outcomes == [("recorded", ""), ("refused", "already-exists")]


def test_a_projection_batch_is_one_span_with_its_tenant_views_and_events(api, spans):
    assert api.post(TENANT, REGISTER, officer()).status_code == 201
    api.project()
    [batch] = [s for s in named(spans, "projection batch") if s.attributes["cascade.tenant"] == TENANT]
    assert batch.attributes["cascade.events"] == 1
    views = {view.name for view in api.client.app.state.services.read.views}
    assert set(batch.attributes["cascade.views"]) == views


def test_every_log_line_of_a_traced_request_carries_its_trace_id(api, spans):
    with capture_logs(processors=[merge_request_context, add_trace_context]) as logs:
        assert api.post(TENANT, REGISTER, officer()).status_code == 201
    [command] = named(spans, "command register_school")
    [line] = [entry for entry in logs if entry["event"] == "command accepted"]
    assert line["trace_id"] == format(command.context.trace_id, "032x")


def test_traces_are_off_unless_the_standard_variables_ask_for_them():
    assert exporter_name({}) is None
    assert configure_tracing("cascade", {}) is False
    assert exporter_name({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}) == "otlp"
    assert exporter_name({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}) == "otlp"
    assert exporter_name({"OTEL_TRACES_EXPORTER": "console"}) == "console"
    assert exporter_name({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318",
                          "OTEL_TRACES_EXPORTER": "none"}) is None
    assert exporter_name({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318",
                          "OTEL_SDK_DISABLED": "true"}) is None


def test_a_refusal_is_not_an_error_of_the_service(api, spans):
    from opentelemetry.trace import StatusCode

    assert api.post(TENANT, REGISTER, officer()).status_code == 201
    assert api.post(TENANT, REGISTER, officer()).status_code == 409
    statuses = [s.status.status_code for s in named(spans, "command register_school")]
    assert statuses == [StatusCode.UNSET, StatusCode.UNSET]
    assert all(not s.events for s in named(spans, "command register_school"))
