"""The reports model fed with report events: filed waits for the authority, accepted and returned do not."""

from __future__ import annotations

from datetime import date

import pytest

from domain.report import Report
from services.projections.reports.projection import ReportView
from services.projections.reports.queries import tenant_reports
from tests.integration.projections.feed import KAYBITSY, Feed, provenance


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [ReportView()])


def monthly(school: str, period: str, filed_on: date) -> Report:
    return Report.file(provenance(), school, "monthly_roadmap", period, filed_on, "Выполнено")


def test_000_p2_2_a_filed_report_waits_for_the_authority_until_accepted_or_returned(store, feed):
    waiting, accepted, returned = (monthly("k-1", "2021-03", date(2021, 3, 26)),
                                   monthly("k-2", "2021-03", date(2021, 3, 27)),
                                   monthly("k-3", "2021-03", date(2021, 3, 25)))
    accepted.accept(provenance(), date(2021, 3, 29))
    returned.return_for_revision(provenance(), date(2021, 3, 29), "Нет приложений")
    last = feed(waiting, accepted, returned)
    answer = tenant_reports(store, KAYBITSY.id, status="filed")
    assert [(r.school, r.period, r.filed_on) for r in answer.reports] == [("k-1", "2021-03", date(2021, 3, 26))]
    assert answer.view_position == last
    states = {r.school: r for r in tenant_reports(store, KAYBITSY.id).reports}
    assert (states["k-2"].status, states["k-2"].accepted_on) == ("accepted", date(2021, 3, 29))
    assert (states["k-3"].status, states["k-3"].returned_on, states["k-3"].returns) == (
        "returned", date(2021, 3, 29), 1)


def test_002_s4_3_a_returned_report_filed_again_waits_again_with_its_new_date(store, feed):
    report = monthly("k-1", "2021-03", date(2021, 3, 26))
    report.return_for_revision(provenance(), date(2021, 3, 29), "Нет приложений")
    report.file_again(provenance(), date(2021, 4, 2), "Исправлено", ("otchet.pdf",))
    feed(report)
    (state,) = tenant_reports(store, KAYBITSY.id, status="filed", school="k-1").reports
    assert (state.first_filed_on, state.filed_on, state.returns) == (date(2021, 3, 26), date(2021, 4, 2), 1)
    assert tenant_reports(store, KAYBITSY.id, school="k-2").reports == []
