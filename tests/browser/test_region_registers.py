"""The region's other registers as pages, in a real browser: each register's totals and rows are
the JSON API's for the same filters, a filter narrows both alike, pages and downloads follow the
filters, a bad filter in the address is refused in Russian, the people register's name search never
puts the name in the address, and axe-core finds nothing serious on any of them."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import httpx
from playwright.sync_api import Page, expect

from domain.roles import REGION_OPERATOR
from services.auth import Principal, ensure_development_key, mint_token
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import sign_in
from tests.browser.test_accessibility import serious

REGION = "ru-16"
OPERATOR = Principal("operator@ru-16", REGION_OPERATOR, REGION)
REGISTERS = {"partnerships": "Партнёрства", "visits": "Взаимопосещения", "reports": "Отчёты",
             "internships": "Стажировки", "approvals": "Листы согласования", "people": "Ответственные лица"}


def _total(page: Page) -> int:
    text = page.locator("#found").inner_text()
    return int(re.search(r"Найдено: ([\d\s\u00a0\u202f]+)", text).group(1).replace("\u00a0", "")
               .replace("\u202f", "").replace(" ", ""))


def _matches_the_api(page: Page, server: DemoServer, name: str, query: str = "") -> dict:
    answer = server.api(OPERATOR, f"/api/v1/regions/{REGION}/registers/{name}?limit=25&{query}")
    assert _total(page) == answer["page"]["total"], name
    expect(page.locator("#register tbody tr")).to_have_count(len(answer["rows"]))
    return answer


def _api_bytes(server: DemoServer, name: str, query: str) -> bytes:
    """The JSON API's export of the same register for the same filters, as its bytes."""
    token = mint_token(ensure_development_key(server.settings.dev_key_path), OPERATOR,
                       audience=server.settings.jwt_audience)
    answer = httpx.get(f"{server.url}/api/v1/regions/{REGION}/registers/{name}?{query}",
                       headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.content


def test_the_regions_registers_as_pages(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    found: list[str] = []
    sign_in(page, demo_server, "operator.ru16@")
    expect(page).to_have_url(re.compile(f"/r/{REGION}$"))
    for name, link in REGISTERS.items():
        page.goto(demo_server.url + f"/r/{REGION}")
        page.locator('nav[aria-label="Реестры региона"]').get_by_role("link", name=link).click()
        expect(page).to_have_url(re.compile(f"/r/{REGION}/registers/{name}$"))
        answer = _matches_the_api(page, demo_server, name)
        assert answer["page"]["total"] > 0, f"the demo has {name}"
        # No identifier reaches a header or a cell: the export's Russian cells, codes in words.
        headers = page.locator("#register thead th").all_inner_texts()
        assert all(re.search("[А-Яа-яЁё]", h) for h in headers), headers
        body = page.locator("#register tbody").inner_text()
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", body), body
        found += serious(page)
        shots.take(name)

    # A filter narrows the page as the API's same filter narrows its answer; the download follows.
    page.goto(demo_server.url + f"/r/{REGION}/registers/partnerships")
    page.get_by_label("Муниципалитет").select_option(label="Кайбицкий муниципальный район")
    page.get_by_label("Состояние").select_option(label="соглашение заключено")
    page.get_by_role("button", name="Найти").click()
    expect(page).to_have_url(re.compile(r"municipality=ru-16-kaybitsy.*status=concluded"))
    narrowed = _matches_the_api(page, demo_server, "partnerships",
                                "municipality=ru-16-kaybitsy&status=concluded")
    everyone = demo_server.api(OPERATOR, f"/api/v1/regions/{REGION}/registers/partnerships")
    assert 0 < narrowed["page"]["total"] < everyone["page"]["total"]
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert Path(download.value.path()).read_bytes() == _api_bytes(
        demo_server, "partnerships", "municipality=ru-16-kaybitsy&status=concluded&format=csv")

    # A value the filter does not take is refused in Russian, nothing of the register shown.
    page.goto(demo_server.url + f"/r/{REGION}/registers/visits?status=lost")
    expect(page.get_by_role("heading", level=1)).to_have_text("Неверный адрес")
    page.goto(demo_server.url + f"/r/{REGION}/registers/nothing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Неверный адрес")

    # People: the name search is posted; the address never holds the name, and the rows are the
    # API's search for it. A name given in the address is not searched.
    people = demo_server.api(OPERATOR, f"/api/v1/regions/{REGION}/registers/people")
    person = next(r["person"]["full_name"] for r in people["rows"] if r["person"]["full_name"])
    surname = person.split()[0]
    page.goto(demo_server.url + f"/r/{REGION}/registers/people")
    page.get_by_label("Ф.И.О.").fill(surname)
    page.get_by_role("button", name="Найти").click()
    assert surname not in unquote(page.url)
    expect(page.locator("#register tbody")).to_contain_text(surname)
    searched = demo_server.api(OPERATOR, f"/api/v1/regions/{REGION}/registers/people?q={surname}")
    assert _total(page) == searched["page"]["total"] < people["page"]["total"]
    found += serious(page)
    shots.take("people-searched")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV").click()
    assert download.value.url.endswith("/registers/people") and surname not in download.value.url
    assert Path(download.value.path()).read_bytes() == _api_bytes(demo_server, "people", f"q={surname}&format=csv")
    page.goto(demo_server.url + f"/r/{REGION}/registers/people?q={surname}")
    assert _total(page) == people["page"]["total"]
    assert found == []
