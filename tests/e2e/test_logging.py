"""One canonical log line per command: request id, tenant, actor, command, outcome, duration."""

from structlog.testing import capture_logs

from tests.e2e.conftest import officer

COMMAND = {"type": "register_school", "school": "k-1", "name": "Школа"}


def test_an_accepted_command_logs_one_line_with_its_context(api):
    with capture_logs() as logs:
        response = api.client.post(
            "/api/v1/tenants/ru-16-kaybitsy/commands", json=COMMAND,
            headers=api.headers(officer(), **{"X-Request-ID": "req-42"}),
        )
    assert response.status_code == 201
    assert response.headers["x-request-id"] == "req-42"
    [line] = [entry for entry in logs if entry["event"] == "command accepted"]
    assert line["status"] == 201 and line["duration_ms"] >= 0
    api.project()
    events = api.get("/api/v1/tenants/ru-16-kaybitsy/events", officer()).json()["events"]
    assert events[0]["correlation_id"] == "req-42"


def test_a_refused_command_logs_its_problem(api):
    with capture_logs() as logs:
        api.post("ru-16-kaybitsy", {"type": "register_school", "school": "k-1"}, officer())
    [line] = [entry for entry in logs if entry["event"] == "request refused"]
    assert line["status"] == 422 and line["field"] == "name"
