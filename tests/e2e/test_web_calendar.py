"""The monitoring calendar pages over HTTP on both backends: the month grid from Monday, each
day's obligations with their status in words, the list, the school's own calendar, downloads."""

from __future__ import annotations

import re
from datetime import date

import pytest

from services.auth import Principal
from tests.e2e.helpers import (
    Api,
    assign_partner,
    days,
    identify_school,
    officer,
    ok,
    register_schools,
    school_user,
    today,
)
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"officer": officer(), "school k-1": school_user("k-1")}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
MONTH = today().strftime("%Y-%m")


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1", "k-2")
    identify_school(api, "k-1")
    assign_partner(api, "p-1", "k-1", "k-2")
    for key, planned_on in (("v-held", today().replace(day=1).isoformat()), ("v-later", days(40))):
        ok(api, {"type": "plan_visit", "visit": key, "partnership": "p-1", "host_school": "k-2",
                 "visiting_school": "k-1", "planned_on": planned_on, "kind": "lesson"})
    ok(api, {"type": "record_visit_held", "visit": "v-held", "held_on": today().replace(day=1).isoformat(),
             "findings": "Уроки посещены", "participants": 5})
    api.project()
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> None:
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303


def test_003_the_month_grid_starts_on_monday_and_spells_out_each_obligations_status(web: Api) -> None:
    sign_in(web, "officer")
    page = web.client.get("/m/ru-16-kaybitsy/calendar", params={"month": MONTH})
    assert page.status_code == 200
    headers = re.findall(r'<th scope="col"><abbr title="([^"]+)">([^<]+)</abbr></th>', page.text)
    assert headers[0] == ("понедельник", "пн") and headers[-1] == ("воскресенье", "вс")
    held_day = today().replace(day=1).isoformat()
    cell = re.search(rf'data-day="{held_day}">(.*?)</td>', page.text, re.S)
    assert cell is not None and "выполнено в срок" in cell.group(1)
    listed = web.client.get("/m/ru-16-kaybitsy/calendar", params={"month": MONTH, "view": "list"})
    assert 'id="calendar-list"' in listed.text and re.search(r"<td>Школа k-[12]</td>", listed.text)
    later = web.client.get("/m/ru-16-kaybitsy/calendar", params={"month": days(40)[:7], "view": "list"})
    assert "предстоит" in later.text
    assert web.client.get("/m/ru-16-kaybitsy/calendar", params={"month": "2021-13"}).status_code == 400


def test_the_calendar_download_is_the_schedules_export_for_the_month(web: Api) -> None:
    sign_in(web, "officer")
    mine = web.client.get("/m/ru-16-kaybitsy/calendar/download", params={"month": MONTH, "format": "csv"})
    first = today().replace(day=1)
    last = (first.replace(month=first.month % 12 + 1, year=first.year + first.month // 12)).toordinal() - 1
    theirs = web.get("/api/v1/tenants/ru-16-kaybitsy/schedule", officer(), format="csv",
                     **{"from": first.isoformat(), "to": date.fromordinal(last).isoformat()})
    assert mine.status_code == 200 and mine.content == theirs.content


def test_a_school_reads_its_own_calendar_and_no_other(web: Api) -> None:
    sign_in(web, "school k-1")
    own = web.client.get("/m/ru-16-kaybitsy/schools/k-1/calendar", params={"month": MONTH})
    assert own.status_code == 200 and "выполнено в срок" in own.text
    for path in ("/m/ru-16-kaybitsy/schools/k-2/calendar", "/m/ru-16-kaybitsy/calendar"):
        answer = web.client.get(path)
        assert answer.status_code == 403 and "Нет доступа" in answer.text
