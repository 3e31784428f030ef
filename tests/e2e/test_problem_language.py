"""Refusals speak the caller's language (issue 15 item 5): Russian by default, English on request.

`type`, `status` and `field` never change with the language; `title` and `detail` do. The
handler's own parameter name (`fmt`) never shows: the client sent `format`.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.helpers import PROBLEM_JSON, TENANT, Api, officer, operator

ROADMAPS = f"/api/v1/tenants/{TENANT}/roadmaps"
COMMANDS = f"/api/v1/tenants/{TENANT}/commands"
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")

#: Each refusal as a client meets it: (name, request, status, type, field).
REFUSALS = [
    ("refused-command", ("POST", COMMANDS, officer(), {"type": "designate_school", "school": "nope",
                                                       "designation": "network_centre"}),
     404, "not-found", "school"),
    ("bad-query", ("GET", ROADMAPS + "?format=pdf", officer(), None), 422, "invalid-request", "format"),
    ("401", ("GET", ROADMAPS, None, None), 401, "unauthenticated", None),
    ("403", ("GET", "/api/v1/regions/ru-67/overview", operator(), None), 403, "forbidden", None),
    ("404", ("GET", "/api/v1/no-such-thing", officer(), None), 404, "not-found", None),
    ("405", ("DELETE", "/api/v1/tenants", officer(), None), 405, "method-not-allowed", None),
]


def _ask(api: Api, request: tuple[str, str, Any, Any], language: str | None) -> Any:
    method, path, principal, body = request
    headers = api.headers(principal, **({"Accept-Language": language} if language else {}))
    return api.client.request(method, path, json=body, headers=headers)


def _russian(text: str) -> bool:
    return bool(CYRILLIC & set(text.lower()))


def _same_problem(answer: Any, status: int, problem: str, field: str | None) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM_JSON)
    body = answer.json()
    assert body["type"] == f"/problems/{problem}" and body["status"] == status
    assert body.get("field") == field
    assert "fmt" not in answer.text
    return body


@pytest.mark.parametrize(("request_", "status", "problem", "field"), [r[1:] for r in REFUSALS],
                         ids=[r[0] for r in REFUSALS])
def test_a_refusal_is_in_russian_by_default_and_in_english_on_request(api, request_, status, problem, field):
    for language in (None, "ru", "ru-RU,ru;q=0.9,en;q=0.5", "de, fr", "en;q=0"):
        body = _same_problem(_ask(api, request_, language), status, problem, field)
        assert _russian(body["title"]) and _russian(body["detail"]), (language, body)
        if field:
            assert f"«{field}»" in body["detail"]
    for language in ("en", "en-GB", "ru;q=0.2, en-US;q=0.8", "fr, en;q=0.5, ru;q=0"):
        body = _same_problem(_ask(api, request_, language), status, problem, field)
        assert not _russian(body["title"]) and not _russian(body["detail"]), (language, body)


def test_the_english_detail_keeps_the_rules_own_message(api):
    answer = _ask(api, REFUSALS[1][1], "en")
    assert answer.json()["detail"] == "format: Invalid enum value 'pdf'"


def test_the_openapi_document_never_names_the_internal_parameter(api):
    document = api.client.get("/docs/openapi.json").text
    assert '"fmt"' not in document and '"format"' in document


def test_a_rules_own_message_is_in_russian_by_default_and_in_english_on_request(api):
    """A domain rule's message (003 p.2.3.2: an internship is requested at least 7 days before it
    starts) reaches the client in Russian, its dates as 28.02.2026; in English on request."""
    from datetime import timedelta

    from tests.e2e.helpers import register_schools, today

    register_schools(api, "k-1", "k-2")
    start = today() + timedelta(days=2)
    command = {"type": "request_internship", "internship": "in-1", "school": "k-1", "host_school": "k-2",
               "topic": "ОГЭ", "participants": 2, "start": start.isoformat(), "end": start.isoformat()}
    request_ = ("POST", COMMANDS, officer(), command)
    russian = _same_problem(_ask(api, request_, None), 422, "deadline-rule", "submitted_on")
    assert russian["title"] == "Не соблюдён срок"
    assert russian["detail"].startswith(f"Заявку на стажировку, начинающуюся {start:%d.%m.%Y}, нужно "
                                        "подать не позднее "), russian
    assert start.isoformat() not in russian["detail"]
    english = _same_problem(_ask(api, request_, "en"), 422, "deadline-rule", "submitted_on")
    assert english["detail"].startswith(f"an internship starting on {start.isoformat()} must be requested by ")
