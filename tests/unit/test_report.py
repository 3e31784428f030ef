"""Report: filed -> accepted | returned -> filed again (000 p.2.2, 002 §4.3, 000 item 20)."""

from datetime import date

import pytest

from domain.base import InvalidTransition, InvalidValue
from domain.report import Report

MAY_2021 = "2021-05"


def filed(meta, kind="monthly_roadmap", period=MAY_2021, filed_on=date(2021, 5, 27)) -> Report:
    report = Report.file(
        meta,
        school="fedorovka",
        kind=kind,
        period=period,
        filed_on=filed_on,
        summary="Исполнены пп. 4, 5 дорожной карты",
        attachments=("otchet-2021-05.pdf",),
    )
    report.collect_events()
    return report


def returned(meta) -> Report:
    report = filed(meta)
    report.return_for_revision(meta, date(2021, 5, 28), "Нет сведений по п.16")
    report.collect_events()
    return report


def test_filing_a_monthly_report_records_school_period_and_attachments(meta):
    report = Report.file(meta, "fedorovka", "monthly_roadmap", MAY_2021, date(2021, 5, 27), "Отчёт")
    [event] = report.collect_events()
    assert isinstance(event, Report.Filed) and event.meta == meta
    assert event.period == MAY_2021 and event.attachments == ()
    assert report.status == "filed"


def test_the_stream_is_the_school_kind_and_period(meta):
    report = filed(meta)
    key = Report.key_for("fedorovka", "monthly_roadmap", MAY_2021)
    assert report.id == Report.stream_for(meta.tenant_id, key)
    assert key != Report.key_for("fedorovka", "monthly_roadmap", "2021-06")
    assert Report.stream_for("ru-16-a", key) != Report.stream_for("ru-16-b", key)


@pytest.mark.parametrize(
    ("kind", "period", "filed_on"),
    [
        ("monthly_roadmap", "2021-12", date(2021, 12, 28)),
        ("annual_analytic_note", "2021/2022", date(2022, 6, 30)),
        ("effectiveness_analysis", "2021", date(2021, 12, 25)),
    ],
)
def test_each_kind_has_its_own_period_format(meta, kind, period, filed_on):
    assert filed(meta, kind, period, filed_on).period == period


@pytest.mark.parametrize(
    ("kind", "period"),
    [
        ("monthly_roadmap", "2021-13"),
        ("monthly_roadmap", "2021"),
        ("monthly_roadmap", "05.2021"),
        ("annual_analytic_note", "2021/2023"),
        ("annual_analytic_note", "2021-2022"),
        ("effectiveness_analysis", "2021-12"),
    ],
)
def test_a_period_that_does_not_fit_the_kind_is_refused(meta, kind, period):
    with pytest.raises(InvalidValue) as error:
        Report.file(meta, "fedorovka", kind, period, date(2022, 12, 1), "Отчёт")
    assert error.value.field == "period"


def test_an_unknown_kind_is_refused(meta):
    with pytest.raises(InvalidValue, match="kind"):
        Report.key_for("fedorovka", "weekly", "2021")  # type: ignore[arg-type]


def test_a_report_needs_a_summary_and_named_attachments(meta):
    with pytest.raises(InvalidValue, match="summary"):
        Report.file(meta, "fedorovka", "monthly_roadmap", MAY_2021, date(2021, 5, 27), " ")
    with pytest.raises(InvalidValue, match="attachments"):
        Report.file(meta, "fedorovka", "monthly_roadmap", MAY_2021, date(2021, 5, 27), "О", ("",))


def test_a_report_cannot_be_filed_before_its_period_begins(meta):
    with pytest.raises(InvalidValue, match="filed_on"):
        Report.file(meta, "fedorovka", "monthly_roadmap", MAY_2021, date(2021, 4, 30), "Отчёт")


def test_accepting_a_filed_report(meta):
    report = filed(meta)
    report.accept(meta, date(2021, 5, 31))
    [event] = report.collect_events()
    assert isinstance(event, Report.Accepted) and event.accepted_on == date(2021, 5, 31)
    assert report.status == "accepted"


def test_a_report_cannot_be_accepted_twice(meta):
    report = filed(meta)
    report.accept(meta, date(2021, 5, 31))
    with pytest.raises(InvalidTransition):
        report.accept(meta, date(2021, 6, 1))


def test_a_report_cannot_be_accepted_before_it_was_filed(meta):
    with pytest.raises(InvalidValue, match="accepted_on"):
        filed(meta).accept(meta, date(2021, 5, 26))


def test_returning_a_filed_report_records_the_remarks(meta):
    report = filed(meta)
    report.return_for_revision(meta, date(2021, 5, 28), "Нет сведений по п.16")
    [event] = report.collect_events()
    assert isinstance(event, Report.Returned) and event.remarks == "Нет сведений по п.16"
    assert report.status == "returned" and report.returns == 1


def test_returning_needs_remarks(meta):
    with pytest.raises(InvalidValue, match="remarks"):
        filed(meta).return_for_revision(meta, date(2021, 5, 28), "")


def test_an_accepted_report_cannot_be_returned(meta):
    report = filed(meta)
    report.accept(meta, date(2021, 5, 31))
    with pytest.raises(InvalidTransition):
        report.return_for_revision(meta, date(2021, 6, 1), "Ошибка")


def test_a_returned_report_cannot_be_accepted_or_returned_until_filed_again(meta):
    report = returned(meta)
    with pytest.raises(InvalidTransition):
        report.accept(meta, date(2021, 5, 31))
    with pytest.raises(InvalidTransition):
        report.return_for_revision(meta, date(2021, 5, 31), "Ещё раз")


def test_filing_again_a_returned_report_makes_it_acceptable(meta):
    report = returned(meta)
    report.file_again(meta, date(2021, 5, 30), "Дополнено по п.16", ("otchet-v2.pdf",))
    [event] = report.collect_events()
    assert isinstance(event, Report.Refiled) and event.attachments == ("otchet-v2.pdf",)
    assert report.status == "filed" and report.filed_on == date(2021, 5, 30)
    assert report.first_filed_on == date(2021, 5, 27)
    report.accept(meta, date(2021, 5, 31))
    assert report.status == "accepted"


def test_only_a_returned_report_can_be_filed_again(meta):
    with pytest.raises(InvalidTransition):
        filed(meta).file_again(meta, date(2021, 5, 28), "Повторно")
    accepted = filed(meta)
    accepted.accept(meta, date(2021, 5, 31))
    with pytest.raises(InvalidTransition):
        accepted.file_again(meta, date(2021, 6, 1), "Повторно")


def test_filing_again_needs_a_summary_and_a_date_after_the_return(meta):
    with pytest.raises(InvalidValue, match="summary"):
        returned(meta).file_again(meta, date(2021, 5, 30), "")
    with pytest.raises(InvalidValue, match="filed_on"):
        returned(meta).file_again(meta, date(2021, 5, 27), "Дополнено")


def test_rebuilding_from_the_events_gives_the_same_report(meta):
    report = Report.file(
        meta, "fedorovka", "effectiveness_analysis", "2021", date(2021, 12, 20), "А"
    )
    report.return_for_revision(meta, date(2021, 12, 21), "Нет выводов")
    report.file_again(meta, date(2021, 12, 24), "Анализ с выводами")
    report.accept(meta, date(2021, 12, 27))
    rebuilt = None
    for stored in report.collect_events():
        rebuilt = stored.mutate(rebuilt)
    assert vars(rebuilt) == vars(report)
