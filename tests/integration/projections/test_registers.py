"""The registers model fed with events, on SQLite and PostgreSQL (issue 11 item 1)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from domain.approval import ApprovalSheet, Approver, DocumentRef
from domain.internship import InternshipRequest
from domain.partnership import Partnership, Person
from domain.report import Report
from domain.roadmap import Evidence, Roadmap
from domain.rules import DeadlineRules
from domain.schedule import Deadline
from domain.school import BasisDocument, School
from domain.visit import Visit
from services.projections.models import all_views
from services.projections.registers import queries
from services.projections.registers.paging import Scope, page_of
from tenants.registry import Tenant
from tests.integration.projections.feed import (
    KAYBITSY,
    REGION,
    Feed,
    monthly_report_duty,
    provenance,
)

LENINOGORSK = Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский район")
BASIS = BasisDocument(number="20/2", issued_on=date(2021, 2, 11), title="Приказ")
RULES = DeadlineRules()
NAMES = {"k-fed": "МБОУ «Фёдоровская СОШ»", "k-bol": "МБОУ «Большекайбицкая СОШ»",
         "k-chu": "МБОУ «Чутеевская СОШ»", "k-hoz": "МБОУ «Хозесановская СОШ»"}


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, all_views())


def _scope(day: date = date(2021, 6, 1), **changes) -> Scope:
    return dataclasses.replace(Scope((KAYBITSY.id,), day), **changes)


def _schools(feed: Feed) -> dict[str, School]:
    found = {code: School.register(provenance(), code, name) for code, name in NAMES.items()}
    found["k-fed"].identify(provenance(), ("low_results",), 2021, BASIS, ("teacher_shortage",))
    found["k-chu"].identify(provenance(), ("adverse_conditions",), 2020, BASIS)
    found["k-bol"].designate(provenance(), "network_centre")
    feed(*found.values())
    return found


def _pair(schools: dict[str, School], key: str, weak: str, strong: str) -> Partnership:
    person = Person(full_name="Григорьева А.В.", position="заместитель директора")
    return Partnership.assign(provenance(), key, schools[weak], schools[strong], person, person, person,
                              date(2021, 2, 11), BASIS)


def test_the_register_folds_names_for_search_and_orders_by_short_name(store, feed):
    _schools(feed)
    codes = [r.school for r in queries.school_entries(store, _scope())]
    assert codes == ["k-bol", "k-fed", "k-hoz", "k-chu"]
    for q in ("фёдоровская", "ФЕДОРОВСКАЯ", "федоровская сош", "мбоу федор"):
        assert [r.school for r in queries.school_entries(store, _scope(q=q))] == ["k-fed"], q
    assert queries.school_entries(store, _scope(q="100%_!")) == []
    fed = queries.school_entries(store, _scope(q="фед"))[0]
    assert (fed.short_name, fed.cohort_year, fed.risk_factors) == ("Фёдоровская СОШ", 2021, ["teacher_shortage"])
    assert [r.school for r in queries.school_entries(store, _scope(), category="network_centre")] == ["k-bol"]
    assert [r.school for r in queries.school_entries(store, _scope(), cohort=2020)] == ["k-chu"]


def test_003_3_agreement_status_follows_term_extension_and_end_on_both_backends(store, feed):
    schools = _schools(feed)
    pair = _pair(schools, "p-fed", "k-fed", "k-bol")
    pair.conclude_agreement(provenance(), "С-1", date(2021, 2, 25), RULES)  # to 31.12.2021
    feed(pair)

    def status(day: date) -> str:
        (row,) = queries.school_entries(store, _scope(day, q="федоровская"))
        return row.agreement.status

    assert [status(d) for d in (date(2021, 2, 24), date(2021, 6, 1), date(2021, 11, 1), date(2022, 1, 1))] \
        == ["none", "in_force", "expiring", "expired"]
    pair.extend(provenance(), "ДС-1", date(2021, 12, 20), date(2022, 12, 31))
    feed(pair)
    assert status(date(2022, 1, 1)) == "in_force"
    (row,) = queries.partnership_entries(store, _scope(date(2022, 1, 1)))
    assert (row.agreement.extensions, row.deadline, row.days_left) == (1, date(2022, 12, 31), 364)
    pair.terminate_by_consent(provenance(), "С-2", date(2022, 2, 20), date(2022, 3, 1), "")
    feed(pair)
    assert status(date(2022, 3, 1)) == "ended"
    assert [r.partnership for r in queries.partnership_entries(store, _scope(), status="ended")] == ["p-fed"]
    partner = queries.school_entries(store, _scope(q="большекайбицкая"))[0]
    assert partner.supports == []


def test_pages_cut_the_ordered_rows(store, feed):
    _schools(feed)
    rows = queries.school_entries(store, _scope())
    shown, page = page_of(rows, _scope(page=2, limit=3))
    assert ([r.school for r in shown], page.total, page.pages) == (["k-chu"], 4, 2)
    everything, whole = page_of(rows, _scope(limit=None))
    assert (len(everything), whole.total) == (4, 4)


def test_a_region_scope_reads_its_municipalities(store, feed):
    _schools(feed)
    feed(School.register(provenance(LENINOGORSK), "len-10", "МБОУ «СОШ № 10»"), tenant=LENINOGORSK)
    scope = Scope((REGION.id, KAYBITSY.id, LENINOGORSK.id), date(2021, 6, 1),
                  {KAYBITSY.id: KAYBITSY.name, LENINOGORSK.id: LENINOGORSK.name})
    rows = queries.school_entries(store, scope)
    assert [(r.tenant_id, r.school) for r in rows][:3] == [
        (KAYBITSY.id, "k-bol"), (LENINOGORSK.id, "len-10"), (KAYBITSY.id, "k-fed")]
    assert rows[1].municipality == LENINOGORSK.name
    assert [r.school for r in queries.school_entries(store, _scope())] == ["k-bol", "k-fed", "k-hoz", "k-chu"]


def test_roadmap_completion_and_reports_on_time_come_from_their_models(store, feed):
    _schools(feed)
    plan = Roadmap.approve(provenance(), key="k-fed-2021", school="k-fed", title="Дорожная карта",
                           period_start=date(2021, 3, 1), period_end=date(2021, 12, 31),
                           approved_on=date(2021, 3, 1), basis=None)
    for item in ("1", "2"):
        plan.add_item(provenance(), item=item, section="Раздел", title=f"Мероприятие {item}",
                      schedule=Deadline(due=date(2021, 4, 1), label="До 01.04"), responsible=("ОО",))
    plan.complete_item(provenance(), "1", date(2021, 3, 20), (Evidence(kind="note", reference="Сделано"),))
    report = Report.file(provenance(), "k-fed", "monthly_roadmap", "2021-03", date(2021, 3, 27), "Отчёт")
    feed(monthly_report_duty(), plan, report)
    completion, on_time = queries.progress(store, KAYBITSY.id, date(2021, 4, 30))
    assert (completion["k-fed"].done, completion["k-fed"].active, completion["k-fed"].share) == (1, 2, 0.5)
    assert (on_time["k-fed"].on_time, on_time["k-fed"].due) == (1, 2)  # April's was not filed by the 28th


def test_visits_reports_internships_and_sheets_keep_their_latest_state(store, feed):
    schools = _schools(feed)
    pair = _pair(schools, "p-fed", "k-fed", "k-bol")
    held = Visit.plan(provenance(), "v-1", "p-fed", "k-fed", "k-bol", "lesson", date(2021, 3, 10), "Урок")
    held.hold(provenance(), date(2021, 3, 10), "Проведён", "", 9)
    late = Visit.plan(provenance(), "v-2", "p-fed", "k-fed", "k-bol", "seminar", date(2021, 4, 10), "Семинар")
    report = Report.file(provenance(), "k-chu", "monthly_roadmap", "2021-03", date(2021, 3, 27), "Отчёт")
    report.return_for_revision(provenance(), date(2021, 3, 29), "Нет сведений")
    report.file_again(provenance(), date(2021, 3, 30), "Отчёт с пунктом 9")
    request = InternshipRequest.submit(provenance(), "i-1", "k-chu", "k-hoz", "Стажировка", 3,
                                       date(2021, 5, 10), date(2021, 5, 12), date(2021, 4, 1), RULES)
    request.confirm(provenance(), date(2021, 4, 2))
    sheet = ApprovalSheet.submit(
        provenance(), "s-1", DocumentRef("roadmap", "k-fed-2021", "Дорожная карта"),
        (Approver("a", "директор", "школа"), Approver("b", "начальник", "отдел")), date(2021, 3, 1))
    sheet.sign_off(provenance(), "a", date(2021, 3, 2))
    feed(pair, held, late, report, request, sheet)
    visits = queries.visit_entries(store, _scope(date(2021, 5, 1)))
    assert [(v.visit, v.status, v.overdue, v.participants) for v in visits] == [
        ("v-1", "held", False, 9), ("v-2", "planned", True, None)]
    assert [v.visit for v in queries.visit_entries(store, _scope(q="фёдоровская семинар"))] == ["v-2"]
    (filed,) = queries.report_entries(store, _scope())
    assert (filed.status, filed.filings, filed.filed_on, filed.first_filed_on) == (
        "filed", 2, date(2021, 3, 30), date(2021, 3, 27))
    (internship,) = queries.internship_entries(store, _scope(school="k-hoz"))
    assert (internship.status, internship.decided_on) == ("confirmed", date(2021, 4, 2))
    assert queries.internship_entries(store, _scope(school="k-fed")) == []
    (entry,) = queries.approval_entries(store, _scope())
    assert ([a.signed_on for a in entry.approvers], entry.awaiting) == ([date(2021, 3, 2), None], "b")
    sheet.return_with_remarks(provenance(), "b", date(2021, 3, 3), "Доработать")
    sheet.resubmit(provenance(), date(2021, 3, 5))
    feed(sheet)
    (entry,) = queries.approval_entries(store, _scope())
    assert (entry.status, entry.returns, entry.awaiting) == ("in_approval", 1, "a")


def test_the_visits_register_pages_in_sql_with_the_same_rows_order_and_total(store, feed):
    """Issue 16 goal 2: a page of the visits register is a count and its own rows from the
    database, in the order and with the total of the whole list, the last page short."""
    schools = _schools(feed)
    feed(_pair(schools, "p-fed", "k-fed", "k-bol"))
    days = [date(2021, 3, 10), date(2021, 3, 1), date(2021, 3, 10), date(2021, 4, 2), date(2021, 3, 1),
            date(2021, 5, 20), date(2021, 3, 10)]
    feed(*[Visit.plan(provenance(), f"v-{n}", "p-fed", "k-fed", "k-bol", "lesson", day, "Урок")
           for n, day in enumerate(days)])
    whole = queries.visit_entries(store, _scope(date(2021, 5, 1)))
    returned: list[tuple[str, int]] = []
    query = store.db.query

    def counting(sql, params=()):
        rows = query(sql, params)
        returned.append((sql, len(rows)))
        return rows

    store.db.query = counting
    pages = [page_of(queries.visit_entries(store, _scope(date(2021, 5, 1), page=n, limit=3), built=False),
                     _scope(date(2021, 5, 1), page=n, limit=3)) for n in (1, 2, 3, 4)]
    store.db.query = query
    assert [shown for shown, _ in pages] == [whole[0:3], whole[3:6], whole[6:7], []]
    assert [(p.total, p.page, p.pages) for _, p in pages] == [(7, n, 3) for n in (1, 2, 3, 4)]
    assert max(n for sql, n in returned if "reg_visits" in sql) <= 3  # never every visit
    everything, total = page_of(queries.visit_entries(store, _scope(date(2021, 5, 1), limit=None), built=False),
                                _scope(date(2021, 5, 1), limit=None))
    assert (everything, total.total) == (whole, 7)
