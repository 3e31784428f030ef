"""The school's offline bundle and the JSON answer of a queued form (issue 13 item 6), both backends.

The bundle is one request with an ETag: unchanged, a conditional GET is a 304 with no body; a
command that changes what the school sees changes it. A queued form is posted as the page posts
it (CSRF token, Idempotency-Key) with the queue's header and answered in JSON: accepted with the
log position, a resend with the same key replays it (written once), a refusal with the Russian
sentence at its field.
"""

from __future__ import annotations

import re

import pytest

from services.auth import Principal
from tests.e2e.helpers import Api, days, officer, register_schools, school_user
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"school k-1": school_user("k-1"), "officer": officer()}
BUNDLE = "/m/ru-16-kaybitsy/schools/k-1/offline-bundle"
FORM = "/m/ru-16-kaybitsy/forms/request_internship"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUEUE = {"X-Cascade-Queue": "1"}


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1", "k-2", "k-3")
    api.project()
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> None:
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303


def _request(csrf: str, key: str, start: int = 14, internship: str = "int-offline-1") -> dict[str, str]:
    return {"csrf_token": csrf, "idempotency_key": key, "fixed": "internship,school",
            "internship": internship, "school": "k-1", "host_school": "k-2", "topic": "Формирующее оценивание",
            "participants": "3", "start": days(start), "end": days(start + 2)}


def test_the_offline_bundle_is_one_request_and_a_304_while_unchanged(web: Api) -> None:
    sign_in(web, "school k-1")
    first = web.client.get(BUNDLE)
    assert first.status_code == 200
    body = first.json()
    assert body["school"] == "k-1" and body["subject"] == school_user("k-1").subject
    assert {"obligations", "roadmaps", "occurrences_due", "visits", "internships", "built_at", "csrf"} <= set(body)
    assert re.fullmatch(r"\d\d:\d\d \d\d\.\d\d", body["built_shown"])
    etag = first.headers["etag"]
    again = web.client.get(BUNDLE, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    accepted = web.client.post(FORM, data=_request(body["csrf"], "web-k1"), headers=QUEUE)
    assert accepted.status_code == 200, accepted.text
    web.project()
    changed = web.client.get(BUNDLE, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert [i["internship"] for i in changed.json()["internships"]] == ["int-offline-1"]
    assert changed.json()["withdrawal_deadlines"]["int-offline-1"] < days(14)


def test_the_offline_bundle_of_another_school_or_without_a_session_is_refused(web: Api) -> None:
    assert web.client.get(BUNDLE, follow_redirects=False).status_code == 303  # to the sign-in page
    sign_in(web, "school k-1")
    assert web.client.get("/m/ru-16-kaybitsy/schools/k-2/offline-bundle").status_code == 403
    assert web.client.get("/m/ru-16-kaybitsy/schools/k-2/manifest.webmanifest").status_code == 403
    sign_in(web, "officer")
    assert web.client.get(BUNDLE).status_code == 403


def test_a_queued_form_is_answered_in_json_and_a_resend_with_its_key_writes_once(web: Api) -> None:
    sign_in(web, "school k-1")
    csrf = web.client.get(BUNDLE).json()["csrf"]
    head = web.head("ru-16-kaybitsy")
    first = web.client.post(FORM, data=_request(csrf, "web-once"), headers=QUEUE)
    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["status"] == "accepted" and answer["command"] == "request_internship"
    assert answer["position"] > head and answer["events"] == ["InternshipRequest.Submitted"]
    assert answer["next"].startswith("/m/ru-16-kaybitsy/schools/k-1/actions?position=")
    resent = web.client.post(FORM, data=_request(csrf, "web-once"), headers=QUEUE)
    assert resent.json()["position"] == answer["position"]
    assert web.head("ru-16-kaybitsy") == answer["position"]


def test_a_refused_queued_form_carries_the_russian_sentence_at_its_field(web: Api) -> None:
    sign_in(web, "school k-1")
    csrf = web.client.get(BUNDLE).json()["csrf"]
    head = web.head("ru-16-kaybitsy")
    refused = web.client.post(FORM, data=_request(csrf, "web-late", start=2), headers=QUEUE)
    assert refused.status_code == 422
    assert refused.json() == {"status": "refused", "command": "request_internship", "refusals": [
        {"field": "start", "message": "Заявку подают не позднее чем за 7 дней до начала стажировки "
                                      "(003 п. 2.3.2): выберите более позднюю дату начала."}]}
    without_csrf = web.client.post(FORM, data=_request("forged", "web-forged"), headers=QUEUE)
    assert without_csrf.status_code == 403
    assert web.head("ru-16-kaybitsy") == head


def test_the_manifest_and_the_service_worker_scope_the_school_pages(web: Api) -> None:
    worker = web.client.get("/m/ru-16-kaybitsy/sw.js")
    assert worker.status_code == 200 and worker.headers["content-type"].startswith("text/javascript")
    assert "offline-bundle" in worker.text
    sign_in(web, "school k-1")
    manifest = web.client.get("/m/ru-16-kaybitsy/schools/k-1/manifest.webmanifest").json()
    assert manifest["start_url"] == "/m/ru-16-kaybitsy/schools/k-1"
    assert manifest["scope"] == "/m/ru-16-kaybitsy/" and manifest["display"] == "standalone"
    assert manifest["lang"] == "ru" and manifest["icons"]
