"""The region's other registers and «Календарь и напоминания» as pages, over HTTP on both backends.

Each register page shows the API's total for the same filters and downloads the API's bytes; the
people register's name search is posted (never in the address); another region's operator gets
the 403 page. A feed link is issued on the page, opens the feed, and once revoked opens nothing.
"""

from __future__ import annotations

import re

import pytest

from services.auth import Principal
from tests.e2e.helpers import (
    Api,
    assign_partner,
    identify_school,
    officer,
    operator,
    register_schools,
)
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"operator": operator(), "officer": officer(), "other operator": operator("ru-67")}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_FOUND = re.compile(r'<p id="found" role="status">Найдено: (\d+)')


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1", "k-2", "k-3")
    identify_school(api, "k-1")
    identify_school(api, "k-2")
    assign_partner(api, "p-1", "k-1", "k-3")
    api.project()
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> str:
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303
    return _CSRF.findall(api.client.get("/").text)[-1]


@pytest.mark.parametrize("name", ["partnerships", "visits", "reports", "internships", "approvals", "people"])
def test_each_register_of_the_region_is_a_page_with_the_apis_rows_and_download(web: Api, name: str) -> None:
    sign_in(web, "operator")
    page = web.client.get(f"/r/ru-16/registers/{name}")
    assert page.status_code == 200
    answer = web.get(f"/api/v1/regions/ru-16/registers/{name}", operator()).json()
    assert int(_FOUND.search(page.text).group(1)) == answer["page"]["total"]
    download = web.client.get(f"/r/ru-16/registers/{name}/download", params={"format": "csv"})
    api_csv = web.get(f"/api/v1/regions/ru-16/registers/{name}", operator(), format="csv")
    assert download.status_code == 200 and download.content == api_csv.content
    # A value its filter does not take is «Неверный адрес», as the API refuses it.
    bad = "role" if name == "people" else "status"
    refused = web.client.get(f"/r/ru-16/registers/{name}", params={bad: "nonsense"})
    assert refused.status_code == 400 and "Неверный адрес" in refused.text


def test_a_register_page_is_the_regions_only(web: Api) -> None:
    sign_in(web, "other operator")
    assert web.client.get("/r/ru-16/registers/partnerships").status_code == 403
    sign_in(web, "officer")
    assert web.client.get("/r/ru-16/registers/people").status_code == 403


def test_the_people_registers_name_search_is_posted_never_in_the_address(web: Api) -> None:
    csrf = sign_in(web, "operator")
    everyone = web.get("/api/v1/regions/ru-16/registers/people", operator()).json()
    name = next(r["person"]["full_name"] for r in everyone["rows"] if r["person"]["full_name"])
    surname = name.split()[0]
    searched = web.client.post("/r/ru-16/registers/people", data={"csrf_token": csrf, "q": surname})
    assert searched.status_code == 200
    expected = web.get("/api/v1/regions/ru-16/registers/people", operator(), q=surname).json()["page"]["total"]
    assert int(_FOUND.search(searched.text).group(1)) == expected
    assert f"q={surname}" not in searched.text  # no link carries the name
    in_address = web.client.get("/r/ru-16/registers/people", params={"q": surname})
    assert int(_FOUND.search(in_address.text).group(1)) == everyone["page"]["total"]
    assert web.client.post("/r/ru-16/registers/people", data={"q": surname}).status_code == 403  # no CSRF


def test_a_feed_link_is_made_on_the_page_opens_the_feed_and_once_revoked_nothing(web: Api) -> None:
    csrf = sign_in(web, "officer")
    made = web.client.post("/m/ru-16-kaybitsy/feeds/issue", data={"csrf_token": csrf, "school": "k-1"})
    assert made.status_code == 200
    path = re.search(r'id="feed-url" value="https?://[^/"]+(/feeds/[^"]+/calendar\.ics)"', made.text).group(1)
    assert web.client.get(path).status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', made.text).group(1)
    listed = web.get("/api/v1/tenants/ru-16-kaybitsy/feed-tokens", officer()).json()
    assert [(t["id"], t["school"]) for t in listed] == [(token, "k-1")]
    revoked = web.client.post("/m/ru-16-kaybitsy/feeds/revoke", data={"csrf_token": csrf, "token": token})
    assert revoked.status_code == 200 and "отозвана" in revoked.text
    assert web.client.get(path).status_code == 404
    assert web.client.post("/m/ru-16-kaybitsy/feeds/issue", data={"school": "k-1"}).status_code == 403  # no CSRF
