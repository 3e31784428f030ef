"""The auditor's pages over HTTP, on both backends: who reads which log, and what each page says."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from services.auth import Principal
from tests.e2e.helpers import TENANT, Api, auditor, officer, operator, register_schools, school_user
from web.formatting import number
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {
    "auditor": auditor(),
    "operator": operator(),
    "officer": officer(),
    "other officer": officer("ru-16-leninogorsk"),
    "school k-1": school_user("k-1"),
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_POSITIONS = re.compile(r"<tr>\s*<td>(\d+)</td>")


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1", "k-2", "k-3")
    api.project()
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> None:
    api.client.cookies.clear()
    page = api.client.get("/sign-in")
    answer = api.client.post("/sign-in", data={"csrf_token": _CSRF.search(page.text)[1],
                                               "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303, answer.text


def test_the_auditor_reads_a_municipalitys_trail_integrity_state_and_bundle(web: Api) -> None:
    events = web.count(TENANT)
    sign_in(web, "auditor")
    home = web.client.get("/", follow_redirects=True)
    assert home.url.path == "/r/ru-16/audit" and "Кайбицкий" in home.text

    trail = web.client.get(f"/audit/{TENANT}/events")
    assert trail.status_code == 200
    listed = [int(p) for p in _POSITIONS.findall(trail.text)]
    api_page = web.get(f"/api/v1/tenants/{TENANT}/events", auditor(), order="desc").json()
    assert listed == [e["position"] for e in api_page["events"]] and len(listed) == events
    # Each type in Russian, the stored name beside it (title, secondary text), which still filters.
    assert re.search(r'<td data-type="School.Registered" title="School.Registered">школа внесена в реестр<br>'
                     r'<span class="hint" lang="en">School.Registered</span></td>', trail.text)
    by_type = web.client.get(f"/audit/{TENANT}/events", params={"type": "School.Registered"})
    assert len(_POSITIONS.findall(by_type.text)) == events
    only = web.client.get(f"/audit/{TENANT}/events", params={"stream": "school/k-2"})
    assert len(_POSITIONS.findall(only.text)) == 1
    empty = web.client.get(f"/audit/{TENANT}/events", params={"since_on": "2000-01-01", "until_on": "2000-01-02"})
    assert "Событий по этому отбору нет." in empty.text

    integrity = web.client.get(f"/audit/{TENANT}/integrity")
    assert f"Цепочка цела: {number(events)} " in integrity.text

    whole = web.client.get(f"/audit/{TENANT}/state", params={"on_day": date.today().isoformat(),
                                                            "clock": "23:59:59"})
    assert whole.text.count("<tr data-stream=") == 3  # three schools, one stream each
    assert whole.text.count("<td>школа</td>") == 3
    school = web.client.get(f"/audit/{TENANT}/state", params={"stream": "school/k-1"})
    assert school.status_code == 200 and "версия 1" in school.text and "Школа: тогда и сегодня" in school.text
    assert 'title="School.Registered">школа внесена в реестр<br>' in school.text
    unknown = web.client.get(f"/audit/{TENANT}/state", params={"stream": "school/k-404"})
    assert unknown.status_code == 422 and "Такого потока в этом журнале нет" in unknown.text

    bundle = web.client.get(f"/audit/{TENANT}/bundle")
    assert bundle.headers["content-disposition"].startswith('attachment; filename="audit-bundle-')
    lines = [json.loads(line) for line in bundle.text.splitlines()]
    assert lines[0]["tenant"] == TENANT and lines[-1]["events"] == events


@pytest.mark.parametrize(("person", "path", "status"), [
    ("operator", f"/audit/{TENANT}/events", 200),
    ("operator", "/r/ru-16/audit", 200),
    ("officer", f"/audit/{TENANT}/integrity", 200),
    ("officer", "/r/ru-16/audit", 403),
    ("other officer", f"/audit/{TENANT}/events", 403),
    ("school k-1", f"/audit/{TENANT}/events", 403),
    ("school k-1", f"/audit/{TENANT}/bundle", 403),
    ("auditor", "/audit/ru-99-nowhere/events", 403),
    ("auditor", "/r/ru-02/audit", 403),
])
def test_the_audit_pages_are_read_by_whom_the_api_lets_read_the_log(
    web: Api, person: str, path: str, status: int
) -> None:
    """Issue 12: the same readers as the JSON audit endpoints; any other gets the one 403 page."""
    sign_in(web, person)
    answer = web.client.get(path)
    assert answer.status_code == status, answer.text
    if status == 403:
        assert "Нет доступа" in answer.text and TENANT not in answer.text.split("<main", 1)[1]


def test_a_date_the_filter_cannot_take_is_the_bad_address_page(web: Api) -> None:
    sign_in(web, "auditor")
    answer = web.client.get(f"/audit/{TENANT}/events", params={"since_on": "2021-13-01"})
    assert answer.status_code == 400 and "Неверный адрес" in answer.text

