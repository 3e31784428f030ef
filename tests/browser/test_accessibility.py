"""axe-core on every page built so far: no serious or critical WCAG 2.1 A/AA violation."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import DemoServer
from tests.browser.journeys import sign_in

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}


def serious(page: Page) -> list[str]:
    """The serious and critical violations axe-core finds on the page as it stands."""
    results = Axe().run(page, options=WCAG)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_every_page_has_no_serious_or_critical_accessibility_violation(
    page: Page, demo_server: DemoServer
) -> None:
    found: list[str] = []
    page.goto(demo_server.url + "/sign-in")
    found += serious(page)
    sign_in(page, demo_server, "user.kaybitsy-fedorovskaya@")
    found += serious(page)
    page.goto(demo_server.url + "/m/ru-16-kaybitsy/schools/kaybitsy-fedorovskaya?month=2021-10")
    found += serious(page)
    page.goto(demo_server.url + "/m/ru-16-kaybitsy/schools/kaybitsy-fedorovskaya/reports/new")
    found += serious(page)
    page.get_by_label("Отчётный месяц").fill("2099-01")
    page.get_by_role("button", name="Отправить отчёт").click()
    found += serious(page)  # the refused form, with its error summary
    page.goto(demo_server.url + "/m/ru-16-leninogorsk")
    found += serious(page)  # the 403 page
    page.get_by_role("button", name="Выйти").click()
    for person, path in (("officer.kaybitsy@", "/m/ru-16-kaybitsy"), ("operator.ru16@", "/r/ru-16")):
        sign_in(page, demo_server, person)
        page.goto(demo_server.url + path)
        found += serious(page)
        page.get_by_role("button", name="Выйти").click()
    assert found == []
