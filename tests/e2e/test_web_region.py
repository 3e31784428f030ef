"""«Обзор региона» and the region's register as pages, over HTTP on both backends: the figures are
the API's, the downloads are the API's exports, the live stream takes the session cookie, scope."""

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
    operator,
    register_schools,
)
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {
    "operator": operator(), "officer": officer(), "other operator": operator("ru-67"),
}
OVERVIEW = "/r/ru-16/overview"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STREAM = "/api/v1/regions/ru-16/overview/stream?max_seconds=1"


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


def sign_in(api: Api, person: str) -> None:
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303


def _figure(page: str, tenant: str, figure: str) -> tuple[int, int]:
    row = re.search(rf'<tr data-tenant="{tenant}">(.*?)</tr>', page, re.S)
    assert row is not None
    cell = re.search(rf'data-figure="{figure}" data-count="(\d+)" data-of="(\d+)"', row.group(1))
    assert cell is not None
    return int(cell.group(1)), int(cell.group(2))


def test_the_overview_page_shows_the_apis_figures_with_their_status_in_words(web: Api) -> None:
    sign_in(web, "operator")
    page = web.client.get(OVERVIEW, params={"as_of": "2021-06-01"})
    assert page.status_code == 200
    answer = web.get("/api/v1/regions/ru-16/overview", operator(), as_of="2021-06-01").json()
    for row in [*answer["municipalities"], answer["total"]]:
        for figure in ("with_partner", "with_agreement", "roadmap_items", "reports_on_time", "visits"):
            assert _figure(page.text, row["tenant_id"], figure) == (row[figure]["count"], row[figure]["of"])
    assert _figure(page.text, "ru-16-kaybitsy", "with_partner") == (1, 2)
    assert "50,0 %, требует внимания" in page.text and "0,0 %, отстаёт" in page.text
    assert 'href="/m/ru-16-kaybitsy"' in page.text  # the drill-down
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text and 'src="/static/overview-live.js"' in page.text


def test_the_overview_download_is_the_apis_export_for_the_same_date(web: Api) -> None:
    sign_in(web, "operator")
    mine = web.client.get(OVERVIEW + "/download", params={"as_of": "2021-06-01", "format": "csv"})
    theirs = web.get("/api/v1/regions/ru-16/overview", operator(), as_of="2021-06-01", format="csv")
    assert mine.status_code == 200 and mine.headers["content-type"].startswith("text/csv")
    assert mine.content == theirs.content
    xlsx = web.client.get(OVERVIEW + "/download", params={"as_of": "2021-06-01", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_the_region_register_searches_filters_and_downloads_what_is_shown(web: Api) -> None:
    sign_in(web, "operator")
    page = web.client.get("/r/ru-16/schools", params={"q": "ШКОЛА K-2", "municipality": "", "category": ""})
    assert page.status_code == 200 and "Найдено: 1 школа" in page.text and 'data-school="k-2"' in page.text
    filtered = web.client.get("/r/ru-16/schools", params={"category": "low_results"})
    assert "Найдено: 2 школы" in filtered.text and 'data-school="k-3"' not in filtered.text
    assert "/r/ru-16/schools/download?category=low_results&amp;format=csv" in filtered.text
    mine = web.client.get("/r/ru-16/schools/download", params={"category": "low_results", "format": "csv"})
    theirs = web.get("/api/v1/regions/ru-16/registers/schools", operator(), category="low_results", format="csv")
    assert mine.status_code == 200 and mine.content == theirs.content
    assert web.client.get("/r/ru-16/schools", params={"category": "nonsense"}).status_code == 400


@pytest.mark.parametrize("person", ["officer", "other operator"])
def test_a_municipal_officer_or_another_region_gets_the_403_page(web: Api, person: str) -> None:
    sign_in(web, person)
    for path in (OVERVIEW, "/r/ru-16/schools", OVERVIEW + "/download?format=csv"):
        answer = web.client.get(path)
        assert answer.status_code == 403 and "Нет доступа" in answer.text
        assert "Лениногорский" not in answer.text  # nothing of what is behind the address


def test_the_overview_stream_takes_the_session_cookie_as_well_as_the_bearer_token(web: Api) -> None:
    assert web.client.get(STREAM).status_code == 401  # neither cookie nor token
    sign_in(web, "operator")
    with web.client.stream("GET", STREAM) as answer:
        assert answer.status_code == 200
        body = "".join(answer.iter_text())
    assert "event: overview-changed" in body and '"tenant": "ru-16-kaybitsy"' in body
    web.client.post("/sign-out", data={"csrf_token": _CSRF.findall(web.client.get(OVERVIEW).text)[-1]})
    assert web.client.get(STREAM).status_code == 401  # the session is gone with sign-out
    sign_in(web, "officer")
    assert web.client.get(STREAM).status_code == 403  # the same registry check and guard as a token's


def test_004_3_2_the_identification_assistant_shows_the_rules_proposals_beside_the_figures(web: Api) -> None:
    rows = [{"municipality": "ru-16-kaybitsy", "school": school, "school_name": f"Школа {school}",
             "year": 2023, "indicator": indicator, "value": value}
            for school, indicator, value in (("k-1", "gia9_fail_share", "35"), ("k-1", "vpr_fail_share", "31"),
                                             ("k-2", "gia9_fail_share", "40"), ("k-2", "vpr_fail_share", "12"))]
    ok(web, {"type": "import_results", "source": "ГИА и ВПР 2023 (ИРО)", "rows": rows}, operator(), tenant="ru-16")
    web.project()
    sign_in(web, "operator")
    page = web.client.get("/r/ru-16/identification", params={"year": 2023})
    assert page.status_code == 200
    answer = web.get("/api/v1/tenants/ru-16/identification-proposals", operator(), year=2023).json()
    for school in answer["schools"]:
        flag = "yes" if school["proposed"] else "no"
        assert f'data-school="{school["school"]}" data-proposed="{flag}"' in page.text
    assert 'data-school="k-1" data-proposed="yes"' in page.text  # 35 % and 31 %: two procedures
    assert "доля не сдавших ГИА-9, %: 35" in page.text
    csv = web.client.get("/r/ru-16/identification/download", params={"year": 2023, "format": "csv"})
    assert csv.status_code == 200 and "Школа k-1;ru-16-kaybitsy;да" in csv.content.decode("utf-8-sig")
    contests = web.client.get("/r/ru-16/contests")
    assert contests.status_code == 200 and "Конкурсов пока нет." in contests.text


def test_001_the_programmes_page_lists_each_programmes_period_and_targets_in_words(web: Api) -> None:
    ok(web, {"type": "adopt_programme", "programme": "rp", "title": "Региональная программа",
             "level": "regional", "period_start": "2021-01-01", "period_end": "2024-12-31",
             "adopted_on": "2021-01-20", "targets": [
                 {"indicator": "network_organisations_share", "comparison": ">=", "value": 50, "unit": "percent"},
                 {"indicator": "use_russian_average", "comparison": ">= regional average", "unit": "score"}]},
       operator(), tenant="ru-16")
    web.project()
    sign_in(web, "operator")
    page = web.client.get("/r/ru-16/programmes")
    assert page.status_code == 200 and 'data-programme="rp"' in page.text
    assert '<h2 id="programme-1">Региональная программа</h2>' in page.text  # its own title, not its key
    assert "01.01.2021 – 31.12.2024" in page.text
    assert "не менее 50 %" in page.text and "не ниже среднего по региону" in page.text
    csv = web.client.get("/r/ru-16/programmes/download", params={"format": "csv"}).content.decode("utf-8-sig")
    assert "Республика Татарстан;Региональная программа;01.01.2021 – 31.12.2024" in csv and "не менее 50 %" in csv
