"""Reporting duty: adopted by an order, amended from its own date, lapsed (domain.md, Duties)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.base import Actor, InvalidTransition, InvalidValue, Provenance
from domain.duty import DueRule, DutyOrder, DutyTerms, DutyVersion, ReportingDuty, owed

META = Provenance("ru-16-kaybitsy", Actor("officer", "municipal_officer", "ru-16-kaybitsy"), "c")
ORDER = DutyOrder(number="20/2", issued_on=date(2021, 2, 11), clause="п. 2.2")


def terms(day: int = 28, **changes) -> DutyTerms:
    values = {"report_kind": "monthly_roadmap", "title": "Отчёт", "obligor": "roadmap_schools",
              "due": DueRule(form="monthly", day=day), "addressee": "отдел образования"}
    return DutyTerms(**{**values, **changes})


def test_000_p2_2_a_monthly_duty_is_due_by_the_28th_of_each_month_of_the_span():
    versions = (DutyVersion(date(2021, 2, 11), terms(), ORDER),)
    found = owed(versions, None, date(2021, 2, 11), date(2021, 4, 10), whole_periods=True)
    assert [(o.period, o.due_on) for o in found] == [
        ("2021-02", date(2021, 2, 28)), ("2021-03", date(2021, 3, 28)), ("2021-04", date(2021, 4, 28))]


def test_000_item_20_a_yearly_duty_is_due_by_25_december_until_the_order_ends():
    yearly = terms(report_kind="effectiveness_analysis", due=DueRule(form="yearly", day=25, month=12))
    versions = (DutyVersion(date(2021, 2, 11), yearly, ORDER),)
    found = owed(versions, date(2021, 12, 31), date(2021, 2, 11), date(2023, 3, 31), whole_periods=True)
    assert [(o.period, o.due_on) for o in found] == [("2021", date(2021, 12, 25))]


@pytest.mark.parametrize(("changes", "field"), [
    ({"due": DueRule(form="yearly", day=25, month=12)}, "due.form"),
    ({"due": DueRule(form="monthly", day=28, month=1)}, "due.month"),
    ({"report_kind": "annual_analytic_note", "due": DueRule(form="school_year_end", day=31, month=6)},
     "due"),
    ({"title": " "}, "title"),
    ({"addressee": ""}, "addressee"),
])
def test_a_duty_whose_terms_fit_no_period_is_refused_naming_the_field(changes, field):
    with pytest.raises(InvalidValue) as error:
        ReportingDuty.adopt(META, "d", terms(**changes), date(2021, 2, 11), ORDER)
    assert error.value.field == field


def test_an_amendment_takes_effect_only_after_the_version_in_force_and_not_after_a_lapse():
    duty = ReportingDuty.adopt(META, "d", terms(), date(2021, 2, 11), ORDER)
    with pytest.raises(InvalidValue):
        duty.amend(META, terms(20), date(2021, 2, 11), ORDER)
    duty.amend(META, terms(20), date(2021, 6, 1), ORDER)
    assert [v.terms.due.day for v in duty.versions] == [28, 20]
    duty.lapse(META, date(2022, 1, 1), ORDER)
    assert duty.until == date(2021, 12, 31)
    with pytest.raises(InvalidTransition):
        duty.amend(META, terms(25), date(2022, 2, 1), ORDER)
    with pytest.raises(InvalidTransition):
        duty.lapse(META, date(2022, 2, 1), ORDER)


def test_an_order_without_a_clause_is_refused():
    with pytest.raises(InvalidValue) as error:
        ReportingDuty.adopt(META, "d", terms(), date(2021, 2, 11),
                            DutyOrder(number="20/2", issued_on=date(2021, 2, 11), clause=" "))
    assert error.value.field == "order.clause"


def after_visit(days: int = 5) -> DutyTerms:
    return terms(report_kind="named", due=DueRule(form="after_event", day=0, days=days, after="visit_held"))


def test_issue10_1_a_report_after_an_event_is_due_n_days_after_it_under_the_version_then_in_force():
    from domain.duty_due import owed_after
    versions = (DutyVersion(date(2021, 2, 11), after_visit(5), ORDER),
                DutyVersion(date(2021, 6, 1), after_visit(10), ORDER))
    assert owed_after(versions, None, "visit_held", "v-1", date(2021, 5, 31)).due_on == date(2021, 6, 5)
    assert owed_after(versions, None, "visit_held", "v-2", date(2021, 6, 1)).due_on == date(2021, 6, 11)
    assert owed_after(versions, None, "internship_held", "i-1", date(2021, 5, 31)) is None
    assert owed_after(versions, None, "visit_held", "v-0", date(2021, 2, 10)) is None
    assert owed_after(versions, date(2021, 6, 30), "visit_held", "v-3", date(2021, 7, 1)) is None
    assert owed(versions, None, date(2021, 1, 1), date(2021, 12, 31), whole_periods=False) == []


@pytest.mark.parametrize(("changes", "field"), [
    ({"due": DueRule(form="after_event", day=0, after="visit_held")}, "due.days"),
    ({"due": DueRule(form="after_event", day=0, days=366, after="visit_held")}, "due.days"),
    ({"due": DueRule(form="after_event", day=0, days=5)}, "due.after"),
    ({"due": DueRule(form="after_event", day=3, days=5, after="visit_held")}, "due.day"),
    ({"due": DueRule(form="monthly", day=5, days=5)}, "due.days"),
    ({"obligor": "partnerships"}, "obligor"),
    ({"report_kind": "partnership_agreements", "due": DueRule(form="yearly", day=7, month=5)}, "obligor"),
])
def test_issue10_1_after_event_and_agreement_terms_are_checked_naming_the_field(changes, field):
    with pytest.raises(InvalidValue) as error:
        ReportingDuty.adopt(META, "d", terms(**{"report_kind": "named", **changes}), date(2021, 2, 11), ORDER)
    assert error.value.field == field
