"""One canonical log line per command: request id, tenant, actor, command, outcome, duration."""

from structlog.testing import capture_logs

from domain.roles import MUNICIPAL_OFFICER
from services.log_context import merge_request_context
from tests.e2e.helpers import TENANT, officer

COMMAND = {"type": "register_school", "school": "k-1", "name": "Школа"}


def canonical_lines():
    """Log entries with the request context merged in, as the configured logger writes them."""
    return capture_logs(processors=[merge_request_context])


def test_an_accepted_command_logs_one_line_with_its_context(api):
    with canonical_lines() as logs:
        response = api.client.post(
            f"/api/v1/tenants/{TENANT}/commands", json=COMMAND,
            headers=api.headers(officer(), **{"X-Request-ID": "req-42"}),
        )
    assert response.status_code == 201
    assert response.headers["x-request-id"] == "req-42"
    [line] = [entry for entry in logs if entry["event"] == "command accepted"]
    assert line["tenant"] == TENANT
    assert line["actor"] == officer().subject and line["role"] == MUNICIPAL_OFFICER
    assert line["organisation"] == TENANT
    assert line["command"] == "register_school" and line["request_id"] == "req-42"
    assert line["status"] == 201 and line["events"] == 1
    assert line["position"] == response.json()["position"]
    assert line["duration_ms"] >= 0
    api.project()
    events = api.get(f"/api/v1/tenants/{TENANT}/events", officer()).json()["events"]
    assert events[0]["correlation_id"] == "req-42"


def test_a_refused_command_logs_its_problem_with_its_context(api):
    unknown = {"type": "designate_school", "school": "nope", "designation": "network_centre"}
    with canonical_lines() as logs:
        api.post(TENANT, unknown, officer())
    [line] = [entry for entry in logs if entry["event"] == "request refused"]
    assert line["status"] == 404 and line["problem"] == "not-found" and line["field"] == "school"
    assert line["tenant"] == TENANT and line["actor"] == officer().subject
    assert line["command"] == "designate_school"
    assert line["path"] == f"/api/v1/tenants/{TENANT}/commands"


def test_a_body_refused_before_the_handler_still_logs_its_problem(api):
    with canonical_lines() as logs:
        api.post(TENANT, {"type": "register_school", "school": "k-1"}, officer())
    [line] = [entry for entry in logs if entry["event"] == "request refused"]
    assert line["status"] == 422 and line["field"] == "name"
    assert line["path"] == f"/api/v1/tenants/{TENANT}/commands" and line["method"] == "POST"
