"""Every table of «Мои задачи» and «Что сделать» downloads as CSV / XLSX over HTTP, on both
backends: each the export of the register or view it is read from, in the page's scope."""

from __future__ import annotations

import re

import pytest

from services.auth import Principal
from tests.e2e.helpers import (
    Api,
    assign_partner,
    identify_school,
    officer,
    ok,
    register_schools,
    school_user,
)
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"officer": officer(), "school k-1": school_user("k-1")}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HOME = "/m/ru-16-kaybitsy"
API = "/api/v1/tenants/ru-16-kaybitsy"


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1", "k-2")
    identify_school(api, "k-1")
    assign_partner(api, "p-1", "k-1", "k-2")
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


def test_every_table_of_the_officers_home_downloads_as_its_registers_export(web: Api) -> None:
    sign_in(web, "officer")
    home = web.client.get(HOME).text
    for table, api_path, params in (
        ("reports", "/registers/reports", {"status": "filed"}),
        ("schools", "/registers/schools", {}),
        ("partnerships", "/registers/partnerships", {}),
        ("roadmaps", "/roadmaps", {}),
    ):
        assert f'href="{HOME}/download/{table}?format=csv"' in home
        mine = web.client.get(f"{HOME}/download/{table}", params={"format": "csv"})
        theirs = web.get(API + api_path, officer(), format="csv", **params)
        assert mine.status_code == 200 and mine.content == theirs.content, table
        xlsx = web.client.get(f"{HOME}/download/{table}", params={"format": "xlsx"})
        assert xlsx.content[:2] == b"PK"
    assert "Школа k-1" in web.client.get(f"{HOME}/download/reports?format=csv").content.decode("utf-8-sig")


def test_a_school_downloads_its_own_tables_and_not_the_municipalitys(web: Api) -> None:
    sign_in(web, "school k-1")
    page = web.client.get(f"{HOME}/schools/k-1").text
    assert f'href="{HOME}/download/roadmaps?school=k-1&amp;format=csv"' in page
    assert f'href="{HOME}/schools/k-1/calendar/download?month=' in page
    own = web.client.get(f"{HOME}/download/roadmaps", params={"school": "k-1", "format": "csv"})
    assert own.status_code == 200
    for path in (f"{HOME}/download/schools?format=csv", f"{HOME}/download/roadmaps?school=k-2&format=csv"):
        answer = web.client.get(path)
        assert answer.status_code == 403 and "Нет доступа" in answer.text
    assert web.client.get(f"{HOME}/download/nonsense?format=csv").status_code in (400, 404)
