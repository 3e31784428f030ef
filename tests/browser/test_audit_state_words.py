"""The auditor's pages in a real browser: a stream's state in Russian field names, the trail's
`transcribed` filter, and a stream read at a version number.

Every stream kind of the demo's logs is rendered on «Состояние на дату» and no field is shown by
its stored name alone (web/state_words.py); the trail filtered to facts from paper shows exactly
the API's `transcribed=true` page; a stream is read at its first version as the API's
`?version=1` answers it, and a version it does not have is refused in Russian at its field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx
from playwright.sync_api import Page, expect

from cascade.app import open_backend
from domain.roles import AUDITOR, MUNICIPAL_OFFICER
from services.audit.time_travel import state_at
from services.auth import Principal, ensure_development_key, mint_token
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import sign_in
from tests.browser.test_accessibility import serious
from web.state_words import field_word

TENANT = "ru-16-kaybitsy"
ME = Principal("auditor.ru16@example.org", AUDITOR, "ru-16")
OFFICER = Principal("officer.kaybitsy@example.org", MUNICIPAL_OFFICER, "ru-16", TENANT)
#: A stored name, or any word of Latin letters: what a Russian label never is.
_IDENTIFIER = re.compile(r"[A-Za-z_]{2,}")


def _streams(server: DemoServer) -> dict[tuple[str, str], list[tuple[str, int, list[str]]]]:
    """Each (tenant, kind) of the region's logs: its streams with their versions and fields."""
    found: dict[tuple[str, str], list[tuple[str, int, list[str]]]] = {}
    backend = open_backend(server.settings)
    try:
        for tenant in backend.registry.all():
            app = backend.application(tenant.id)
            ids = {n.originator_id for n in app.recorder.select_notifications(None, 1_000_000, inclusive_of_start=True)}
            for stream in sorted(map(str, ids)):
                state = state_at(app, tenant.id, stream)
                found.setdefault((tenant.id, state.type), []).append(
                    (stream, state.latest_version, sorted(state.state)))
    finally:
        backend.close()
    return found


def _paper_fact(server: DemoServer) -> int:
    """A sheet entered from paper with its earlier date (the API's `transcribed`)."""
    token = mint_token(ensure_development_key(server.settings.dev_key_path), OFFICER)
    day = date.fromisoformat(server.api(OFFICER, f"/api/v1/tenants/{TENANT}/registers/visits")["as_of"])
    command = {"type": "submit_for_approval", "sheet": "sheet-from-paper",
               "document": {"kind": "other", "key": "paper-doc", "title": "Положение о методическом совете"},
               "approvers": [{"subject": "director@kaybitsy", "position": "директор", "organisation": "школа"}],
               "transcribed": {"effective_on": (day - timedelta(days=40)).isoformat(),
                               "reason": "лист вёлся на бумаге",
                               "document": {"number": "7", "issued_on": (day - timedelta(days=40)).isoformat()}}}
    answer = httpx.post(f"{server.url}/api/v1/tenants/{TENANT}/commands", json=command,
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code in (201, 200), answer.text
    return answer.json()["position"]


def test_every_stream_kinds_state_is_shown_in_russian_field_names(page: Page, demo_server: DemoServer,
                                                                   shots: Screenshots) -> None:
    found: list[str] = []
    streams = _streams(demo_server)
    unnamed = {(kind, name) for (_, kind), rows in streams.items() for _, _, names in rows for name in names
               if field_word(kind, name) is None}
    assert unnamed == set(), "fields with no Russian name in web/state_words.py"
    sign_in(page, demo_server, "auditor.ru16@")
    # The auditor reads the logs of their region; every kind of every region is named above.
    for (tenant, kind), rows in sorted(streams.items()):
        if tenant != "ru-16" and not tenant.startswith("ru-16-"):
            continue
        stream, _, names = max(rows, key=lambda row: len(row[2]))
        page.goto(demo_server.url + f"/audit/{tenant}/state?stream={stream}")
        labels = page.locator("#compare .state-field").all_inner_texts()
        assert len(labels) == len(names), (kind, labels)
        for label in labels:
            assert re.search("[А-Яа-яЁё]", label) and not _IDENTIFIER.search(label), (kind, label)
        if kind in ("Partnership", "School"):
            found += serious(page)
            shots.take(f"state-{kind}")
    assert found == []


def test_the_trails_transcribed_filter_and_a_stream_at_a_version(page: Page, demo_server: DemoServer,
                                                                  shots: Screenshots) -> None:
    found: list[str] = []
    position = _paper_fact(demo_server)
    # The trail has read the fact (the API waits for its position) before the page is opened.
    demo_server.api(ME, f"/api/v1/tenants/{TENANT}/events?position={position}&limit=1")
    sign_in(page, demo_server, "auditor.ru16@")
    page.goto(demo_server.url + f"/audit/{TENANT}/events")
    page.get_by_label("Откуда факт").select_option(label="только перенесённые с бумажного носителя")
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"transcribed=yes"))
    answer = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/events?transcribed=true&order=desc&limit=50")
    assert answer["events"], "the log holds a fact from paper"
    rows = page.locator("#trail tbody tr")
    expect(rows).to_have_count(len(answer["events"]))
    for row in rows.all():
        expect(row).to_contain_text("с бумаги")
    found += serious(page)
    shots.take("trail-from-paper")
    page.get_by_label("Откуда факт").select_option(label="только записанные в день факта")
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"transcribed=no"))
    expect(page.locator("#trail tbody tr").first).to_be_visible()
    assert "с бумаги" not in page.locator("#trail tbody").inner_text()

    # A stream at its first version, as the API answers it; the table's labels are Russian.
    streams = _streams(demo_server)
    stream, latest, _ = next(row for row in streams[(TENANT, "Partnership")] if row[1] >= 2)
    page.goto(demo_server.url + f"/audit/{TENANT}/state?stream={stream}")
    page.get_by_label("Версия").fill("1")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#versions")).to_have_text(re.compile(f"^Версия 1 из {latest}; сегодня — версия {latest}"))
    first = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/streams/{stream}?version=1")
    expect(page.locator('#compare tr[data-field="status"] td').first).to_have_text(first["state"]["status"])
    found += serious(page)
    shots.take("stream-at-version-1")
    # Each event of the stream links to the state at its version.
    page.get_by_role("link", name=f"{latest} — состояние на этой версии").click()
    expect(page.locator("#versions")).to_have_text(re.compile(f"^Версия {latest} из {latest};"))
    # A version the stream does not have: refused in Russian at its field.
    page.get_by_label("Версия").fill(str(latest + 5))
    page.get_by_role("button", name="Показать").click()
    expect(page.locator(".error-summary")).to_contain_text(f"У этого потока версии с 1 по {latest}")
    expect(page.get_by_label("Версия")).to_have_attribute("aria-invalid", "true")
    found += serious(page)
    assert found == []
