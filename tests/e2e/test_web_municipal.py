"""The officer's «Мои задачи» over HTTP, on both backends: reports to accept, «Принять отчёт», scope."""

from __future__ import annotations

import re

import pytest

from services.auth import Principal
from tests.e2e.helpers import Api, officer, ok, operator, register_schools, school_user
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {
    "officer": officer(), "school k-1": school_user("k-1"), "operator": operator(),
    "other officer": officer("ru-16-leninogorsk"),
}
HOME = "/m/ru-16-kaybitsy"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1")
    ok(api, {"type": "file_report", "school": "k-1", "kind": "monthly_roadmap", "period": "2021-03",
             "summary": "Выполнено"}, as_=school_user("k-1"))
    api.project()
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> None:
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303


def accept_form(page: str) -> dict[str, str]:
    return {"csrf_token": _CSRF.findall(page)[-1], "idempotency_key": _KEY.findall(page)[0],
            "school": "k-1", "kind": "monthly_roadmap", "period": "2021-03"}


def test_000_p2_2_the_officer_accepts_a_filed_report_from_the_work_list(web: Api) -> None:
    sign_in(web, "officer")
    page = web.client.get(HOME)
    assert page.status_code == 200
    assert "1 отчёт ждёт" in page.text and "Принять отчёт" in page.text
    before = web.count("ru-16-kaybitsy")
    done = web.client.post(HOME + "/reports/accept", data=accept_form(page.text), follow_redirects=False)
    assert done.status_code == 303 and "done=accepted" in done.headers["location"]
    assert web.count("ru-16-kaybitsy") == before + 1
    web.project()
    assert "0 отчётов ждут" in web.client.get(HOME).text
    again = web.client.post(HOME + "/reports/accept", data={**accept_form(page.text), "idempotency_key": "another"})
    assert again.status_code == 422
    assert "Этот отчёт уже принят или возвращён на доработку." in again.text
    assert web.count("ru-16-kaybitsy") == before + 1


def test_the_region_reads_the_work_list_but_may_not_accept(web: Api) -> None:
    sign_in(web, "operator")
    page = web.client.get(HOME)
    assert page.status_code == 200 and "1 отчёт ждёт" in page.text
    assert "Принять отчёт" not in page.text
    before = web.count("ru-16-kaybitsy")
    refused = web.client.post(HOME + "/reports/accept", data={
        "csrf_token": _CSRF.findall(page.text)[-1], "idempotency_key": "k", "school": "k-1",
        "kind": "monthly_roadmap", "period": "2021-03"})
    assert refused.status_code == 422 and "У вас нет прав на это действие." in refused.text
    assert web.count("ru-16-kaybitsy") == before


@pytest.mark.parametrize("person", ["school k-1", "other officer"])
def test_a_school_user_or_another_municipality_gets_the_403_page(web: Api, person: str) -> None:
    sign_in(web, person)
    answer = web.client.get(HOME)
    assert answer.status_code == 403 and "Нет доступа" in answer.text


def test_002_s4_3_returning_a_report_needs_remarks_shown_at_the_reports_row(web: Api) -> None:
    sign_in(web, "officer")
    page = web.client.get(HOME).text
    before = web.count("ru-16-kaybitsy")
    form = {**accept_form(page), "idempotency_key": "return-1", "remarks": "  "}
    refused = web.client.post(HOME + "/reports/return", data=form)
    assert refused.status_code == 422
    assert re.search(r'id="remarks-k-1-2021-03-error"[^>]*>.*Напишите, что исправить в отчёте', refused.text)
    assert 'href="#remarks-k-1-2021-03"' in refused.text
    assert web.count("ru-16-kaybitsy") == before
    done = web.client.post(HOME + "/reports/return", data={**form, "remarks": "Нет приложений"},
                           follow_redirects=False)
    assert done.status_code == 303 and "done=returned" in done.headers["location"]
    assert web.count("ru-16-kaybitsy") == before + 1
