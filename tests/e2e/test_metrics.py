"""/metrics after real requests: requests by route template, commands by outcome, views' lag."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.helpers import TENANT, officer, school_user

REGISTER = {"type": "register_school", "school": "m-1", "name": "Школа"}


def scrape(api) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics by name and labels."""
    response = api.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text) for sample in family.samples
    }


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_route_template_method_and_status(api):
    path = f"/api/v1/tenants/{TENANT}/roadmaps"
    before = scrape(api)
    assert api.get(path, officer()).status_code == 200
    assert api.get(path, None).status_code == 401
    after = scrape(api)
    route = "/api/v1/tenants/{tenant_id}/roadmaps"
    for status in ("200", "401"):
        labels = {"method": "GET", "route": route, "status": status}
        assert value(after, "cascade_http_requests_total", **labels) == \
            value(before, "cascade_http_requests_total", **labels) + 1
        assert value(after, "cascade_http_request_duration_seconds_count", **labels) == \
            value(before, "cascade_http_request_duration_seconds_count", **labels) + 1
    assert not any(name == "cascade_http_requests_total" and TENANT in dict(labels)["route"]
                   for name, labels in after)


def test_commands_are_counted_by_type_and_outcome(api):
    assert api.post(TENANT, REGISTER, officer(), key="k-1").status_code == 201
    assert api.post(TENANT, REGISTER, officer(), key="k-1").status_code == 201
    assert api.post(TENANT, REGISTER, officer()).status_code == 409
    assert api.post(TENANT, {**REGISTER, "school": "m-2"}, school_user("m-1")).status_code == 403
    samples = scrape(api)
    command = {"command": "register_school"}
    assert value(samples, "cascade_commands_total", **command, outcome="recorded", code="") == 1
    assert value(samples, "cascade_commands_total", **command, outcome="replayed", code="") == 1
    assert value(samples, "cascade_commands_total", **command, outcome="refused",
                 code="already-exists") == 1
    assert value(samples, "cascade_commands_total", **command, outcome="refused",
                 code="forbidden") == 1
    assert value(samples, "cascade_command_duration_seconds_count", **command) == 4


def test_views_report_their_position_and_lag_until_projected(api):
    written = api.post(TENANT, REGISTER, officer()).json()["position"]
    samples = scrape(api)
    view = {"view": "roadmaps", "tenant": TENANT}
    assert value(samples, "cascade_log_head_position", tenant=TENANT) == written
    assert value(samples, "cascade_projection_lag_events", **view) == written
    assert value(samples, "cascade_projection_lag_seconds", **view) > 0
    assert value(samples, "cascade_scrape_ok", source="projections") == 1
    api.project()
    samples = scrape(api)
    assert value(samples, "cascade_projection_position", **view) == written
    assert value(samples, "cascade_projection_lag_events", **view) == 0
    assert value(samples, "cascade_projection_lag_seconds", **view) == 0
    assert value(samples, "cascade_projection_parked_events", **view) == 0


def test_checkpoint_age_appears_once_heads_are_signed(api):
    from services.audit.checkpoints import checkpoint_all

    assert api.post(TENANT, REGISTER, officer()).status_code == 201
    assert not any(name == "cascade_checkpoint_age_seconds" for name, _ in scrape(api))
    checkpoint_all(api.backend, api.client.app.state.notary)
    samples = scrape(api)
    assert 0 <= value(samples, "cascade_checkpoint_age_seconds") < 3600
    assert value(samples, "cascade_scrape_ok", source="checkpoints") == 1


def test_pool_usage_is_reported_on_postgres_only(api):
    samples = scrape(api)
    pools = {dict(labels)["pool"] for name, labels in samples if name == "cascade_pool_connections"}
    if api.backend.__class__.__name__ == "PostgresBackend":
        assert pools == {"events", "views"}
        assert value(samples, "cascade_pool_connections", pool="events", state="max") > 0
    else:
        assert pools == set()


def test_the_projector_serves_its_own_metrics_on_the_configured_port(api):
    import socket

    import httpx
    import msgspec

    from cascade.project_cli import serve_metrics
    from services.projections.runner import ProjectionRunner

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = msgspec.structs.replace(api.settings, metrics_port=port)
    read = api.client.app.state.services.read
    server = serve_metrics(settings, api.backend, read)
    try:
        written = api.post(TENANT, REGISTER, officer()).json()["position"]
        lag = f'cascade_projection_lag_events{{tenant="{TENANT}",view="roadmaps"}}'
        assert f"{lag} {float(written)}" in httpx.get(f"http://127.0.0.1:{port}/metrics").text
        ProjectionRunner(api.backend, read.store, read.views).run_once()
        assert f"{lag} 0.0" in httpx.get(f"http://127.0.0.1:{port}/metrics").text
    finally:
        server.shutdown()
        server.server_close()
    assert serve_metrics(msgspec.structs.replace(api.settings, metrics_port=0), api.backend, read) is None


def test_no_created_series_doubles_the_exposition(api):
    assert api.post(TENANT, REGISTER, officer()).status_code == 201
    assert "_created" not in api.client.get("/metrics").text
