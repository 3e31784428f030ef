"""The pages' sessions and forms over HTTP, on both backends: CSRF, sign-in and sign-out, double submit."""

from __future__ import annotations

import re
import threading

import pytest

from services.auth import Principal
from tests.e2e.helpers import Api, officer, register_schools, school_user
from web.pages import WebConfig
from web.sessions import COOKIE

PEOPLE: dict[str, Principal] = {
    "officer": officer(),
    "school k-1": school_user("k-1"),
    "unregistered school": school_user("k-9"),
}
FORM = "/m/ru-16-kaybitsy/schools/k-1/reports"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1")
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> str:
    """Choose the person on the sign-in page; the session cookie's value."""
    page = api.client.get("/sign-in")
    csrf = _CSRF.search(page.text)
    assert csrf, page.text
    index = list(PEOPLE).index(person)
    answer = api.client.post("/sign-in", data={"csrf_token": csrf[1], "person": str(index)},
                             follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return api.client.cookies[COOKIE]


def report_form(api: Api) -> tuple[str, str]:
    page = api.client.get(FORM + "/new")
    assert page.status_code == 200, page.text
    return _CSRF.findall(page.text)[-1], _KEY.findall(page.text)[0]


def report(csrf: str | None, key: str, period: str = "2021-03") -> dict[str, str]:
    data = {"idempotency_key": key, "period": period, "summary": "Выполнено 5 мероприятий из 6"}
    return {**data, "csrf_token": csrf} if csrf is not None else data


def test_a_form_posted_without_the_sessions_csrf_token_is_refused_and_writes_nothing(web: Api) -> None:
    sign_in(web, "school k-1")
    csrf, key = report_form(web)
    before = web.count("ru-16-kaybitsy")
    for token in (None, "", "not-the-token"):
        answer = web.client.post(FORM, data=report(token, key), follow_redirects=False)
        assert answer.status_code == 403
        assert "Форма устарела" in answer.text
    assert web.count("ru-16-kaybitsy") == before
    accepted = web.client.post(FORM, data=report(csrf, key), follow_redirects=False)
    assert accepted.status_code == 303
    assert web.count("ru-16-kaybitsy") == before + 1


def test_a_double_submit_of_one_form_rendering_writes_once(web: Api) -> None:
    sign_in(web, "school k-1")
    csrf, key = report_form(web)
    before = web.count("ru-16-kaybitsy")
    first = web.client.post(FORM, data=report(csrf, key), follow_redirects=False)
    second = web.client.post(FORM, data=report(csrf, key), follow_redirects=False)
    assert (first.status_code, second.status_code) == (303, 303)
    assert first.headers["location"] == second.headers["location"]
    assert web.count("ru-16-kaybitsy") == before + 1


def test_a_refused_form_shows_the_russian_sentence_at_its_field_and_writes_nothing(web: Api) -> None:
    sign_in(web, "school k-1")
    csrf, key = report_form(web)
    before = web.count("ru-16-kaybitsy")
    answer = web.client.post(FORM, data={**report(csrf, key), "summary": ""})
    assert answer.status_code == 422
    assert re.search(r'id="summary-error"[^>]*>.*Напишите, что сделано за месяц', answer.text)
    assert 'href="#summary"' in answer.text
    assert web.count("ru-16-kaybitsy") == before


def test_signing_out_ends_the_session_on_the_server(web: Api) -> None:
    session = sign_in(web, "school k-1")
    assert web.client.get("/m/ru-16-kaybitsy/schools/k-1").status_code == 200
    csrf = _CSRF.findall(web.client.get("/m/ru-16-kaybitsy/schools/k-1").text)[0]
    out = web.client.post("/sign-out", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    web.client.cookies.set(COOKIE, session)  # the old cookie, kept by a careless browser
    again = web.client.get("/m/ru-16-kaybitsy/schools/k-1", follow_redirects=False)
    assert (again.status_code, again.headers["location"]) == (303, "/sign-in")


def test_signing_in_gives_a_new_session_id(web: Api) -> None:
    web.client.get("/sign-in")
    anonymous = web.client.cookies[COOKIE]
    signed = sign_in(web, "officer")
    assert signed != anonymous
    web.client.cookies.set(COOKIE, anonymous)
    assert web.client.get("/m/ru-16-kaybitsy/schools/k-1", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_httponly_and_samesite_lax(web: Api) -> None:
    answer = web.client.get("/sign-in")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=" in cookie
    assert "Secure" not in cookie  # development serves plain HTTP on loopback
    production = web.client.app.state.web.sessions.config.__class__(
        web.client.app.state.web.sessions.config.store, 60, True
    )
    assert production.cookie("x").secure is True


def test_a_person_the_registry_does_not_confirm_cannot_sign_in(web: Api) -> None:
    page = web.client.get("/sign-in")
    csrf = _CSRF.search(page.text)
    assert csrf
    answer = web.client.post("/sign-in", data={"csrf_token": csrf[1], "person": "2"})
    assert answer.status_code == 403
    assert "Реестр не подтверждает полномочия" in answer.text
    assert web.client.get("/m/ru-16-kaybitsy/schools/k-9", follow_redirects=False).status_code == 303


def test_a_foreign_school_or_municipality_gives_the_russian_403_page(web: Api) -> None:
    sign_in(web, "school k-1")
    for path in ("/m/ru-16-kaybitsy/schools/k-2", "/m/ru-16-leninogorsk/schools/k-1",
                 "/m/no-such-tenant/schools/k-1"):
        answer = web.client.get(path)
        assert answer.status_code == 403
        assert "Нет доступа" in answer.text and "k-2" not in answer.text


def test_pages_forbid_inline_scripts(web: Api) -> None:
    policy = web.client.get("/sign-in").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_json_api_keeps_its_bearer_tokens(web: Api) -> None:
    sign_in(web, "school k-1")
    # A session cookie is no credential for the API: it answers as to anyone without a token.
    assert web.client.get("/api/v1/tenants/ru-16-kaybitsy/roadmaps").status_code == 401
    web.client.cookies.clear()
    answer = web.get("/api/v1/tenants/ru-16-kaybitsy/roadmaps", school_user("k-1"))
    assert answer.status_code == 200


def _stale_session(web: Api, principal: Principal) -> None:
    """A session made when its claims held (or by a bug): the cookie a browser still sends."""
    import anyio

    made: list[str] = []
    # A thread of its own: this one may already run an event loop (e.g. the test client's).
    thread = threading.Thread(target=lambda: made.append(
        anyio.run(web.client.app.state.web.sessions.start, principal)[0]))
    thread.start()
    thread.join()
    web.client.cookies.set(COOKIE, made[0])


def test_every_request_checks_the_sessions_claims_against_the_registry(web: Api) -> None:
    _stale_session(web, school_user("k-9"))  # a school the municipality never registered
    answer = web.client.get("/m/ru-16-kaybitsy/schools/k-9")
    assert answer.status_code == 403 and "Нет доступа" in answer.text
    _stale_session(web, officer("ru-16-nowhere"))  # a municipality the registry does not hold
    answer = web.client.get("/m/ru-16-nowhere")
    assert answer.status_code == 401 and "Войдите заново" in answer.text


def test_a_page_address_with_a_value_it_cannot_take_gives_a_russian_page(web: Api) -> None:
    sign_in(web, "school k-1")
    for query in ("?month=2021-13", "?position=999999", "?position=abc"):
        answer = web.client.get("/m/ru-16-kaybitsy/schools/k-1" + query)
        assert answer.status_code == 400, (query, answer.text)
        assert "Неверный адрес" in answer.text and answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("forged", ["../../chain-key", "x" * 43 + "=", "", "a" * 500])
def test_a_cookie_value_no_session_was_issued_under_opens_nothing(web: Api, forged: str) -> None:
    web.client.cookies.set(COOKIE, forged)
    answer = web.client.get("/m/ru-16-kaybitsy/schools/k-1", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/sign-in")
