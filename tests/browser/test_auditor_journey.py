"""The auditor's journey in a real browser: trail, filters, paging, integrity, a past state, the bundle.

Every figure is the JSON API's answer for the same query (the audit endpoints, as an auditor's
own tool would read them); axe-core finds no serious or critical violation on any page.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Page, expect

from domain.roles import AUDITOR, MUNICIPAL_OFFICER, SCHOOL_USER
from services.auth import Principal, ensure_development_key, mint_token
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import sign_in, sign_out
from tests.browser.test_accessibility import serious
from web.event_words import event_shown
from web.formatting import number

TENANT = "ru-16-kaybitsy"
TENANT_NAME = "Кайбицкий муниципальный район"
SCHOOL = "kaybitsy-chuteevskaya"
ME = Principal("auditor.ru16@example.org", AUDITOR, "ru-16")
HOME = "/r/ru-16/audit"
EVENTS = f"/audit/{TENANT}/events"


def _command(server: DemoServer, principal: Principal, body: dict) -> int:
    token = mint_token(ensure_development_key(server.settings.dev_key_path), principal)
    answer = httpx.post(f"{server.url}/api/v1/tenants/{TENANT}/commands", json=body,
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code == 201, answer.text
    return answer.json()["position"]


def _report_filed_then_accepted(server: DemoServer) -> tuple[str, datetime]:
    """A report stream with two versions; its id and the instant its first was recorded."""
    report = {"school": SCHOOL, "kind": "monthly_roadmap", "period": "2026-08"}
    filed = _command(server, Principal(f"user@{SCHOOL}", SCHOOL_USER, "ru-16", TENANT, SCHOOL),
                     {"type": "file_report", **report, "summary": "Выполнены мероприятия месяца"})
    newest = server.api(ME, f"/api/v1/tenants/{TENANT}/events?order=desc&limit=1&position={filed}")["events"][0]
    assert newest["position"] == filed
    _command(server, Principal("officer@kaybitsy", MUNICIPAL_OFFICER, "ru-16", TENANT),
             {"type": "accept_report", **report})
    state = server.api(ME, f"/api/v1/tenants/{TENANT}/streams/{newest['stream_id']}")
    assert state["version"] == 2
    return newest["stream_id"], datetime.fromisoformat(state["history"][0]["recorded_at"])


def _rows(page: Page) -> list[int]:
    return [int(text) for text in page.locator("#trail tbody tr td:first-child").all_inner_texts()]


def test_auditor_journey(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    stream, first_recorded = _report_filed_then_accepted(demo_server)
    found: list[str] = []
    sign_in(page, demo_server, "auditor.ru16@")
    expect(page).to_have_url(re.compile(HOME + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Аудит")
    found += serious(page)
    shots.take("home")

    # The trail, newest first, a page of 50 as the API pages it; the next page follows on.
    page.get_by_role("link", name=f"Журнал событий: {TENANT_NAME}").click()
    expect(page).to_have_url(re.compile(EVENTS + "$"))
    api = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/events?order=desc&limit=50")
    assert api["next"] is not None, "the demo log fills more than one page"
    assert _rows(page) == [e["position"] for e in api["events"]]
    found += serious(page)
    shots.take("trail")
    page.locator("#next-page").click()
    following = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/events?order=desc&limit=50&before={api['next']}")
    assert _rows(page) == [e["position"] for e in following["events"]]
    shots.take("trail-page-2")

    # Filters: an event type and an actor, as the API filters them.
    kind = api["events"][0]["type"]
    actor = api["events"][0]["actor"]["subject"]
    page.get_by_label("Тип события").fill(kind)
    page.get_by_label("Кто записал").fill(actor)
    page.get_by_role("button", name="Показать").click()
    filtered = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/events?order=desc&limit=50&type={kind}&actor={actor}")
    assert _rows(page) == [e["position"] for e in filtered["events"]] != []
    cells = page.locator("#trail tbody td[data-type]")
    assert [cells.nth(i).get_attribute("data-type") for i in range(cells.count())] == [kind] * len(filtered["events"])
    # The type in Russian (web/event_words.py), the stored name beside it to filter by.
    expect(cells.first.locator(".hint")).to_have_text(kind)
    assert cells.first.inner_text().split("\n")[0] == event_shown(kind) != kind
    page.get_by_label("Записано с").fill("2000-01-01")
    page.get_by_label("по", exact=True).fill("2000-01-31")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#trail-count")).to_contain_text("Событий по этому отбору нет.")
    found += serious(page)
    shots.take("trail-filtered")

    # The integrity check, in words, with the API's count.
    page.get_by_role("navigation", name="Аудит журнала").get_by_role("link", name="Целостность").click()
    verdict = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/audit/verify")
    assert verdict["ok"]
    expect(page.locator("#verdict")).to_contain_text(f"Цепочка цела: {number(verdict['checked'])} ")
    found += serious(page)
    shots.take("integrity")

    # The report as it stood when filed, beside today (accepted since).
    local = first_recorded.astimezone(ZoneInfo("Europe/Moscow"))
    page.get_by_role("navigation", name="Аудит журнала").get_by_role("link", name="Состояние на дату").click()
    page.get_by_label("Поток").fill(stream)
    page.get_by_label("Дата").fill(local.date().isoformat())
    page.get_by_label("Время").fill(local.strftime("%H:%M:%S.%f"))
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#versions")).to_contain_text("версия 1; сегодня — версия 2")
    then = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/streams/{stream}?version=1")["state"]
    today = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/streams/{stream}")["state"]
    changed = sorted(k for k in today if today[k] != then.get(k))
    assert changed
    for name in changed:
        expect(page.locator(f'#compare tr[data-field="{name}"]').locator("td").nth(2)).to_have_text("да")
    found += serious(page)
    shots.take("past-state")

    # The whole municipality at that instant: every stream of the log, then and today.
    page.get_by_label("Поток").fill("")
    page.get_by_role("button", name="Показать").click()
    every = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/events?limit=500")
    assert every["next"] is None
    expect(page.locator("#streams tbody tr")).to_have_count(len({e["stream_id"] for e in every["events"]}))
    report = page.locator(f'#streams tbody tr[data-stream="{stream}"] td')
    expect(report.nth(2)).to_have_text("1")
    expect(report.nth(3)).to_have_text("2")
    expect(report.nth(4)).to_have_text("изменился")
    found += serious(page)
    shots.take("whole-municipality")

    # The bundle: a download of the JSON Lines the offline verifier reads.
    with page.expect_download() as download:
        page.get_by_role("navigation", name="Аудит журнала").get_by_role("link", name="Скачать пакет аудита").click()
    text = download.value.path().read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["kind"] == "header" and lines[0]["tenant"] == TENANT
    assert lines[-1] == {"kind": "end", "events": verdict["checked"], "head": verdict["head"]}

    # Another region's logs, and an unknown tenant's: the same Russian 403 page.
    for foreign in ("/r/ru-02/audit", "/audit/ru-02-ufa/events", "/audit/ru-99-nowhere/integrity"):
        answer = page.goto(demo_server.url + foreign)
        assert answer is not None and answer.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Нет доступа")
    found += serious(page)
    shots.take("foreign-403")

    sign_out(page, demo_server, HOME)
    assert found == []
