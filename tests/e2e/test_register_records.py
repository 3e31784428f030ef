"""Registers of visits, reports, internship requests, approval sheets and people (issue 11 items 1-3)."""

from __future__ import annotations

import pytest

from services.privacy.erasure import erase_person
from tenants import stream_reads
from tests.e2e.helpers import TENANT, days, officer, ok, school_user
from tests.e2e.registers import csv_rows, register, seed, xlsx_rows


@pytest.fixture
def records(api):
    seed(api)
    for key, on, kind, topic in (("v-1", "2021-03-10", "lesson", "Открытый урок математики"),
                                 ("v-2", "2021-04-12", "seminar", "Семинар по ёмкости задач"),
                                 ("v-3", "2021-05-14", "consultation", "Консультация завуча")):
        ok(api, {"type": "plan_visit", "visit": key, "partnership": "p-fed", "host_school": "k-fed",
                 "visiting_school": "k-bol", "planned_on": on, "kind": kind, "topic": topic})
    ok(api, {"type": "record_visit_held", "visit": "v-1", "held_on": "2021-03-10",
             "findings": "Урок проведён", "participants": 12})
    ok(api, {"type": "cancel_visit", "visit": "v-3", "reason": "карантин"})
    for school in ("k-fed", "k-chu"):
        ok(api, {"type": "file_report", "school": school, "kind": "monthly_roadmap", "period": "2021-03",
                 "summary": "Исполнение дорожной карты"}, school_user(school))
    ok(api, {"type": "return_report", "school": "k-chu", "kind": "monthly_roadmap", "period": "2021-03",
             "remarks": "Нет сведений по пункту 9"})
    ok(api, {"type": "request_internship", "internship": "i-1", "school": "k-chu", "host_school": "k-hoz",
             "topic": "Стажировка учителей начальных классов", "participants": 3,
             "start": days(20), "end": days(22)}, school_user("k-chu"))
    ok(api, {"type": "submit_for_approval", "sheet": "s-1",
             "document": {"kind": "roadmap", "key": "k-fed-2021", "title": "Дорожная карта Фёдоровской СОШ"},
             "approvers": [{"subject": officer().subject, "position": "начальник отдела",
                            "organisation": "отдел образования"}]})
    api.project()
    return api


def test_visits_register_searches_filters_and_flags_overdue(records):
    body = register(records, "visits", officer(), as_of="2021-05-01")
    assert [(r["visit"], r["status"], r["overdue"]) for r in body["rows"]] == [
        ("v-1", "held", False), ("v-2", "planned", True), ("v-3", "cancelled", False)]
    assert [r["visit"] for r in register(records, "visits", officer(), q="ЕМКОСТИ")["rows"]] == ["v-2"]
    assert [r["visit"] for r in register(records, "visits", officer(), q="фёдоровская урок")["rows"]] == ["v-1"]
    assert [r["visit"] for r in register(records, "visits", officer(), status="cancelled")["rows"]] == ["v-3"]
    assert [r["visit"] for r in register(records, "visits", officer(), kind="seminar")["rows"]] == ["v-2"]
    second = register(records, "visits", officer(), limit=2, page=2)
    assert second["page"] == {"total": 3, "page": 2, "limit": 2, "pages": 2}
    assert [r["visit"] for r in second["rows"]] == ["v-3"]
    header, *rows = csv_rows(records.get(f"/api/v1/tenants/{TENANT}/registers/visits", officer(),
                                         format="csv").content)
    assert header[0] == "Дата" and [r[0] for r in rows] == ["10.03.2021", "12.04.2021", "14.05.2021"]


def test_reports_register_shows_decisions_and_filters_by_status(records):
    body = register(records, "reports", officer())
    assert {(r["school"], r["status"]) for r in body["rows"]} == {("k-fed", "filed"), ("k-chu", "returned")}
    returned = register(records, "reports", officer(), status="returned")["rows"]
    assert [r["remarks"] for r in returned] == ["Нет сведений по пункту 9"]
    assert [r["school"] for r in register(records, "reports", officer(), q="чутеевская")["rows"]] == ["k-chu"]
    assert [r["school"] for r in register(records, "reports", school_user("k-fed"))["rows"]] == ["k-fed"]
    _, rows = xlsx_rows(records.get(f"/api/v1/tenants/{TENANT}/registers/reports", officer(),
                                    format="xlsx", status="returned").content)
    assert rows[1][0] == "Школа" and [r[0] for r in rows[2:]] == ["МБОУ «Чутеевская СОШ»"]


def test_internships_and_approval_sheets_registers(records):
    internships = register(records, "internships", officer(), q="начальных классов")["rows"]
    assert [(r["internship"], r["status"], r["host_name"]) for r in internships] == [
        ("i-1", "submitted", "МБОУ «Хозесановская СОШ»")]
    assert register(records, "internships", officer(), status="held")["rows"] == []
    assert [r["internship"] for r in register(records, "internships", school_user("k-hoz"))["rows"]] == ["i-1"]
    assert register(records, "internships", school_user("k-fed"))["rows"] == []
    sheets = register(records, "approvals", officer(), q="федоровской")["rows"]
    assert [(s["sheet"], s["status"], s["awaiting"]) for s in sheets] == [("s-1", "in_approval", officer().subject)]
    assert register(records, "approvals", officer(), status="approved")["rows"] == []
    header, *rows = csv_rows(records.get(f"/api/v1/tenants/{TENANT}/registers/approvals", officer(),
                                         format="csv").content)
    assert rows[0][header.index("Ожидает подписи")] == "начальник отдела, отдел образования"


def test_people_register_shows_names_while_decryptable_and_erased_after(records):
    body = register(records, "people", officer(), role="coordinator")
    assert [(r["school"], r["person"]["full_name"]) for r in body["rows"]] == [
        ("k-fed", "Григорьева А.В."), ("k-chu", "Шарафутдинова Л.Т.")]
    assert [r["partnership"] for r in register(records, "people", officer(), q="григорьева")["rows"]] == ["p-fed"]
    read = records.client.app.state.services.read
    erase_person(records.backend, read, TENANT, "Григорьева А.В.")
    records.project()
    after = register(records, "people", officer(), role="coordinator")["rows"]
    assert [(r["person"]["full_name"], r["person"]["erased"]) for r in after] == [
        (None, True), ("Шарафутдинова Л.Т.", False)]
    assert register(records, "people", officer(), q="григорьева")["rows"] == []
    listing = csv_rows(records.get(f"/api/v1/tenants/{TENANT}/registers/partner-schools", officer(),
                                   format="csv").content)
    assert listing[1][2] == "[персональные данные удалены]"
    assert "Григорьева" not in records.get(f"/api/v1/tenants/{TENANT}/registers/schools", officer()).text


def test_no_view_table_holds_a_name(records):
    store = records.client.app.state.services.read.store
    from services.projections.registers.projection import RegistersView

    tables = store.reader_tables(RegistersView)
    dump = str([store.db.query(tables.sql(f"SELECT * FROM {{{t}}}")) for t in RegistersView.schema])
    assert "Фёдоровская" in dump
    for name in ("Григорьева", "Сибгатуллина", "Шарафутдинова", "Кальчева", "Петрова"):
        assert name not in dump


def test_003_p2_the_people_register_shows_a_replaced_curator_from_the_date_of_the_order(records):
    """003 p.2, 000 app. 1: a curator replaced by order from 01.04.2021 is the one listed on and
    after that date, the first one before it; the partner-school list follows."""
    ok(records, {"type": "replace_partnership_person", "partnership": "p-fed", "role": "curator",
                 "person": {"full_name": "Козлова Е.А.", "position": "учитель математики"},
                 "effective_from": "2021-04-01", "reason": "переход на другую работу"})
    records.project()

    def curator(as_of: str) -> str:
        rows = register(records, "people", officer(), role="curator", as_of=as_of)["rows"]
        return next(r["person"]["full_name"] for r in rows if r["partnership"] == "p-fed")

    assert curator("2021-03-31") == "Сибгатуллина М.Д."
    assert curator("2021-04-01") == "Козлова Е.А."
    listing = csv_rows(records.get(f"/api/v1/tenants/{TENANT}/registers/partner-schools", officer(),
                                   format="csv", as_of="2021-04-02").content)
    assert any("Козлова Е.А." in cell for row in listing for cell in row)


def test_the_region_reads_the_records_of_every_municipality_and_no_other_region(records):
    from tests.e2e.helpers import REGION, operator

    def rows(region, name, who, **params):
        response = records.get(f"/api/v1/regions/{region}/registers/{name}", who, **params)
        assert response.status_code == 200, response.text
        return response.json()["rows"]

    assert [r["visit"] for r in rows(REGION, "visits", operator(), status="planned")] == ["v-2"]
    assert {r["school"] for r in rows(REGION, "reports", operator())} == {"k-fed", "k-chu"}
    assert [r["internship"] for r in rows(REGION, "internships", operator())] == ["i-1"]
    assert [r["sheet"] for r in rows(REGION, "approvals", operator())] == ["s-1"]
    assert [r["tenant_id"] for r in rows(REGION, "visits", operator())] == [TENANT] * 3
    for name in ("visits", "reports", "internships", "approvals", "people"):
        assert rows("ru-67", name, operator("ru-67")) == [], name
        assert rows(REGION, name, operator(), municipality="ru-16-leninogorsk") == [], name
    header, *lines = csv_rows(records.get(f"/api/v1/regions/{REGION}/registers/reports", operator(),
                                          format="csv").content)
    assert header[0] == "Школа" and len(lines) == 2


def test_the_people_register_decrypts_only_its_page_and_shows_an_erased_person_at_once(records, monkeypatch):
    """Issue 16 goal 2, 152-ФЗ: without a search the people register loads the streams of the
    page's rows only (a partnership's and its shown post's), with the whole list's order and
    total; a person erased is erased on the very next answer, on whichever page."""
    repository = records.backend.application(TENANT).repository
    loads: list[str] = []
    get = repository.get

    def counting(aggregate_id, *args, **kwargs):
        loads.append(str(aggregate_id))
        return get(aggregate_id, *args, **kwargs)

    monkeypatch.setattr(repository, "get", counting)
    batches: list[int] = []
    load_many = stream_reads.load_many

    def batched(app, ids):
        batches.append(len(ids))
        loads.extend(str(i) for i in ids)
        return load_many(app, ids)

    monkeypatch.setattr(stream_reads, "load_many", batched)
    whole = register(records, "people", officer())
    assert (whole["page"]["total"], len(whole["rows"])) == (6, 6)
    loads.clear()
    second = register(records, "people", officer(), limit=1, page=2, role="coordinator")
    assert [(r["school"], r["person"]["full_name"]) for r in second["rows"]] == [("k-chu", "Шарафутдинова Л.Т.")]
    assert (second["page"]["total"], second["page"]["pages"]) == (2, 2)
    # The page's partnership and its three posts, read in one query (tenants/stream_reads.py),
    # not every stream of the list.
    assert len(loads) == 4 and batches[-1:] == [4]
    pages = [register(records, "people", officer(), limit=4, page=n)["rows"] for n in (1, 2)]
    assert [*pages[0], *pages[1]] == whole["rows"]
    erase_person(records.backend, records.client.app.state.services.read, TENANT, "Шарафутдинова Л.Т.")
    records.project()
    after = register(records, "people", officer(), limit=1, page=2, role="coordinator")
    assert [(r["person"]["full_name"], r["person"]["erased"]) for r in after["rows"]] == [(None, True)]
    assert after["page"]["total"] == 2


def test_the_people_read_ahead_in_one_query_per_tenant_equals_loading_each_stream(records, monkeypatch):
    """Issue 16 goal 2: tenants/stream_reads.py folds the page's partnerships and posts from one
    select; the registers' answers equal those of `repository.get` per stream, with a curator
    replaced by order (before and after its date) and after an erasure."""
    from services.projections.registers.people import People

    ok(records, {"type": "replace_partnership_person", "partnership": "p-chu", "role": "curator",
                 "person": {"full_name": "Козлова Е.А."}, "effective_from": "2021-04-01"})
    records.project()

    def answers():
        found = []
        for name in ("schools", "partnerships", "partner-schools", "people"):
            for as_of in ("2021-03-31", "2021-04-01", days(0)):
                found.append(register(records, name, officer(), as_of=as_of))
        found.append(register(records, "people", officer(), as_of="2021-04-01", q="козлова"))
        return found

    def each_stream():
        with monkeypatch.context() as patch:
            patch.setattr(People, "read_ahead", lambda self, keys: None)
            return answers()

    read_ahead = answers()
    assert read_ahead == each_stream()
    assert "Козлова Е.А." in str(read_ahead) and "Шарафутдинова Л.Т." in str(read_ahead)
    erase_person(records.backend, records.client.app.state.services.read, TENANT, "Козлова Е.А.")
    records.project()
    erased = answers()
    assert erased == each_stream() and "Козлова Е.А." not in str(erased)
