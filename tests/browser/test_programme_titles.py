"""A programme is shown by its own title (001), in a real browser: the programmes page heads each
programme with the title it was adopted under, its download names it so, and the overview's
targets table names the programme whose target applies by that title, never by its key."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from cascade.demo.data import REGIONAL_PLAN
from domain.roles import REGION_OPERATOR
from services.auth import Principal, ensure_development_key, mint_token
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import sign_in
from tests.browser.test_accessibility import serious

REGION = "ru-16"
OPERATOR = Principal("operator@ru-16", REGION_OPERATOR, REGION)
NETWORK_PLAN = {"type": "adopt_programme", "programme": "ru16-network-2026", "level": "regional",
                "title": "Программа развития сетевого взаимодействия школ на 2026-2027 годы",
                "period_start": "2026-01-01", "period_end": "2027-12-31", "adopted_on": "2026-01-15",
                "targets": [{"indicator": "network_organisations_share", "comparison": ">=", "value": 50,
                             "unit": "percent"}]}


def _adopt(server: DemoServer) -> None:
    token = mint_token(ensure_development_key(server.settings.dev_key_path), OPERATOR,
                       audience=server.settings.jwt_audience)
    answer = httpx.post(f"{server.url}/api/v1/tenants/{REGION}/commands", json=NETWORK_PLAN,
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code == 201, answer.text


def test_001_a_programme_is_shown_by_its_own_title(page: Page, demo_server: DemoServer,
                                                   shots: Screenshots) -> None:
    sign_in(page, demo_server, "operator.ru16@")
    page.goto(demo_server.url + f"/r/{REGION}/programmes")
    headings = page.locator("section h2").all_inner_texts()
    assert REGIONAL_PLAN["title"] in headings
    assert not any(re.fullmatch(r"[a-z0-9-]+", h) for h in headings), headings
    assert serious(page) == []
    shots.take("programmes")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert REGIONAL_PLAN["title"] in text and REGIONAL_PLAN["programme"] not in text

    # The overview follows the log live: a programme adopted now names its targets by its title.
    page.goto(demo_server.url + f"/r/{REGION}/overview")
    expect(page.locator("#live")).to_have_attribute("data-live", "on")
    _adopt(demo_server)
    expect(page.locator("td[data-programme]").first).to_have_text(NETWORK_PLAN["title"], timeout=20_000)
    as_of = page.locator("#municipalities").get_attribute("data-as-of")
    answer = demo_server.api(OPERATOR, f"/api/v1/regions/{REGION}/overview?as_of={as_of}")
    targets = [(row["tenant_id"], i["indicator"], i["target"]) for row in [*answer["municipalities"], answer["total"]]
               for i in row["indicators"] if i["target"]]
    assert targets, "the demo's programmes set targets the overview applies"
    for tenant, indicator, target in targets:
        cell = page.locator(f'tr[data-tenant="{tenant}"][data-indicator="{indicator}"] td[data-programme]')
        expect(cell).to_have_attribute("data-programme", target["programme"])
        expect(cell).to_have_text(target["programme_title"])
        assert target["programme_title"] and target["programme_title"] != target["programme"]
    shots.take("overview-targets")
