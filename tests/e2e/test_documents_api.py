"""The documents' endpoints on both backends: the same isolation as the views they read, bad
inputs answered as problems naming the field, and the approval sheet of 003 with a return."""

from __future__ import annotations

import html
import re

import pytest

from tests.e2e.documents import DOCX, PDF, docx_text, fetch, pdf_pages, spaced
from tests.e2e.helpers import PROBLEM_JSON, TENANT, auditor, officer, ok, operator, school_user
from tests.e2e.registers import LENINOGORSK, SMOLENSK, seed
from web.pages import WebConfig

BASE = f"/api/v1/tenants/{TENANT}/documents"
OVERVIEW = "/api/v1/regions/ru-16/documents/overview"
ROADMAP = {"type": "approve_roadmap", "roadmap": "rm-fed", "school": "k-fed", "title": "Совместный план",
           "period_start": "2021-05-15", "period_end": "2021-12-31", "approved_on": "2021-05-15"}
ITEM = {"type": "add_roadmap_item", "roadmap": "rm-fed", "item": "1", "section": "Методическая работа",
        "title": "Открытые уроки", "schedule": {"form": "monthly", "day": 25, "start": "2021-09-01",
                                                "end": "2021-12-31", "label": "ежемесячно до 25 числа"},
        "responsible": ["директор"]}
APPROVERS = [{"subject": officer().subject, "position": "начальник отдела", "organisation": TENANT},
             {"subject": school_user("k-fed").subject, "position": "директор", "organisation": "k-fed"}]
SHEET = {"type": "submit_for_approval", "sheet": "s-fed", "approvers": APPROVERS,
         "document": {"kind": "roadmap", "key": "rm-fed", "title": "Совместный план МБОУ «Фёдоровская СОШ»"}}


@pytest.fixture
def seeded(api):
    seed(api)
    ok(api, ROADMAP)
    ok(api, ITEM)
    ok(api, SHEET)
    ok(api, {"type": "sign_off", "sheet": "s-fed", "comment": "Согласовано"})
    ok(api, {"type": "return_with_remarks", "sheet": "s-fed", "remarks": "Уточнить сроки п. 1"},
       school_user("k-fed"))
    api.project()
    return api


def _status(api, path, who, **params):
    return api.get(path, who, **params).status_code


def _problem(api, path, who, status, field, **params):
    response = api.get(path, who, **params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert response.json()["field"] == field, response.text


def test_003_a_returned_sheet_prints_the_remarks_with_date_and_time(seeded):
    _, [table], _ = docx_text(fetch(seeded, f"{BASE}/approval-sheet", officer(), "docx", sheet="s-fed"))
    first, second = table[1], table[2]
    assert first[3].startswith("Согласовано ") and len(first[3].split()) == 3  # date and time
    assert second[3].startswith("Возвращено на доработку ") and second[4] == "Уточнить сроки п. 1"
    pages, _ = pdf_pages(fetch(seeded, f"{BASE}/approval-sheet", officer(), "pdf", sheet="s-fed"))
    assert "Уточнить сроки п. 1" in spaced(pages[0]) and "Совместный план МБОУ «Фёдоровская СОШ»" in spaced(pages[0])


def test_a_school_user_prints_only_its_own_schools_rows(seeded):
    _, [table], _ = docx_text(fetch(seeded, f"{BASE}/partner-schools", school_user("k-fed"), "docx",
                                    as_of="2021-03-01"))
    assert [row[1] for row in table[1:]] == ["МБОУ «Фёдоровская СОШ»"]
    _, [table], _ = docx_text(fetch(seeded, f"{BASE}/partner-schools", officer(), "docx", as_of="2021-03-01"))
    assert [row[1] for row in table[1:]] == ["МБОУ «Фёдоровская СОШ»", "МБОУ «Чутеевская СОШ»"]
    _, tables, _ = docx_text(fetch(seeded, f"{BASE}/monthly-report", school_user("k-fed"), "docx", month="2021-10"))
    assert [(r[1], r[2]) for r in tables[0][1:]] == [("Открытые уроки", "25.10.2021")]


def test_documents_keep_the_isolation_of_the_views_they_read(seeded):
    for fmt in ("docx", "pdf"):
        assert _status(seeded, f"{BASE}/partner-schools", officer(LENINOGORSK), format=fmt) == 403
        assert _status(seeded, f"{BASE}/roadmap", school_user("k-chu"), roadmap="rm-fed", format=fmt) == 403
    assert _status(seeded, f"{BASE}/partner-schools", officer(SMOLENSK, "ru-67")) == 403
    assert _status(seeded, f"{BASE}/monthly-report", school_user("k-fed"), school="k-chu", month="2021-10") == 403
    assert _status(seeded, f"{BASE}/criteria", school_user("k-fed"), school="k-chu") == 403
    assert _status(seeded, f"{BASE}/approval-sheet", school_user("k-chu"), sheet="s-fed") == 404
    assert _status(seeded, "/api/v1/tenants/ru-16-nowhere/documents/partner-schools", officer()) in (403, 404)
    assert _status(seeded, OVERVIEW, officer()) == 403
    assert _status(seeded, OVERVIEW, operator("ru-67")) == 403
    assert _status(seeded, "/api/v1/regions/ru-67/documents/overview", operator()) == 403
    assert _status(seeded, OVERVIEW, auditor(), format="pdf") == 200
    assert _status(seeded, OVERVIEW, None) == 401


def test_a_bad_format_or_input_is_a_problem_naming_the_field(seeded):
    _problem(seeded, f"{BASE}/partner-schools", officer(), 422, "format", format="xlsx")
    _problem(seeded, OVERVIEW, operator(), 422, "format", format="html")
    _problem(seeded, f"{BASE}/approval-sheet", officer(), 422, "sheet")
    _problem(seeded, f"{BASE}/approval-sheet", officer(), 404, "sheet", sheet="no-such-sheet")
    _problem(seeded, f"{BASE}/monthly-report", officer(), 422, "school", month="2021-10")
    _problem(seeded, f"{BASE}/monthly-report", officer(), 422, "month", school="k-fed", month="2021-13")
    _problem(seeded, f"{BASE}/monthly-report", officer(), 422, "month", school="k-fed")
    _problem(seeded, f"{BASE}/monthly-report", officer(), 404, "school", school="k-none", month="2021-10")
    _problem(seeded, f"{BASE}/roadmap", officer(), 404, "roadmap", roadmap="rm-none")
    _problem(seeded, f"{BASE}/criteria", officer(), 404, "school", school="k-hoz")
    _problem(seeded, f"{BASE}/criteria", officer(), 422, "as_of", school="k-fed", as_of="1999-01-01")


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_DOWNLOAD = re.compile(r'href="(/[mr]/[^"]+/documents/[^"]+)"')


def _signed_in(api, people, person):
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, people)
    api.client.cookies.clear()
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(people).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303


def _links(api, page):
    response = api.client.get(page)
    assert response.status_code == 200, response.text
    return [html.unescape(link) for link in _DOWNLOAD.findall(response.text)]


def test_the_pages_link_each_shown_document_as_docx_and_pdf(seeded):
    people = {"officer": officer(), "school": school_user("k-fed"), "operator": operator()}
    _signed_in(seeded, people, "officer")
    links = _links(seeded, f"/m/{TENANT}")
    assert {link.split("/documents/")[1].split("?")[0] for link in links} == {"partner-schools", "criteria"}
    for link in links:
        response = seeded.client.get(link)
        assert response.status_code == 200, (link, response.text)
        assert response.headers["content-type"].startswith(DOCX if "format=docx" in link else PDF)
    _signed_in(seeded, people, "school")
    links = _links(seeded, f"/m/{TENANT}/schools/k-fed?month=2021-10")
    assert f"/m/{TENANT}/documents/monthly-report?school=k-fed&month=2021-10&format=docx" in links
    assert f"/m/{TENANT}/documents/roadmap?roadmap=rm-fed&format=pdf" in links
    monthly = seeded.client.get(f"/m/{TENANT}/documents/monthly-report?school=k-fed&month=2021-10&format=docx")
    _, [table, _], _ = docx_text(monthly.content)
    assert [row[1] for row in table[1:]] == ["Открытые уроки"]
    assert seeded.client.get(f"/m/{TENANT}/documents/monthly-report?school=k-chu&month=2021-10").status_code == 403
    _signed_in(seeded, people, "operator")
    [docx_link, pdf_link] = _links(seeded, "/r/ru-16")
    assert seeded.client.get(pdf_link).headers["content-type"].startswith(PDF)
    assert seeded.client.get(docx_link).headers["content-type"].startswith(DOCX)


def test_003_a_sheet_awaiting_signature_links_its_approval_sheet_on_the_officers_actions(api):
    seed(api)
    ok(api, ROADMAP)
    ok(api, {**SHEET, "sheet": "s-new"})
    api.project()
    _signed_in(api, {"officer": officer()}, "officer")
    links = _links(api, f"/m/{TENANT}/actions")
    assert links == [f"/m/{TENANT}/documents/approval-sheet?sheet=s-new&format=docx",
                     f"/m/{TENANT}/documents/approval-sheet?sheet=s-new&format=pdf"]
    for link in links:
        answer = api.client.get(link)
        assert answer.headers["content-type"].startswith(DOCX if "docx" in link else PDF), answer.text


def test_the_openapi_document_declares_both_media_types_and_the_required_inputs(api):
    paths = api.client.get("/docs/openapi.json").json()["paths"]
    documents = {path: item["get"] for path, item in paths.items() if "/documents/" in path}
    assert len(documents) == 6
    for path, operation in documents.items():
        assert set(operation["responses"]["200"]["content"]) == {DOCX, PDF}, path
        [fmt] = [p for p in operation["parameters"] if p["name"] == "format"]
        assert fmt["schema"]["enum"] == ["docx", "pdf"], path
        assert operation["security"] == [{"bearer": []}], path
    required = {(path.rsplit("/", 1)[1], p["name"]) for path, operation in documents.items()
                for p in operation["parameters"] if p["required"] and p["in"] == "query"}
    assert required == {("approval-sheet", "sheet"), ("monthly-report", "month"), ("roadmap", "roadmap")}
