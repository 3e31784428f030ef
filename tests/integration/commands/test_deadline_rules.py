"""Deadline rules per tenant (domain.md, Deadline rules): changed by the tenant's own order from a
date, and each command judged by the rules in force on its own date (003 p.2.3.2, §3.3)."""

from datetime import date, timedelta

from domain.base import DeadlineMissed, InvalidValue
from services.auth import Forbidden
from services.commands.catalogue.duty import Order
from services.commands.catalogue.internship import RequestInternship, WithdrawInternship
from services.commands.catalogue.rules import SetDeadlineRules
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import (
    NEIGHBOUR,
    OPERATOR,
    TODAY,
    event,
    officer_of,
    school_user,
)

ORDER = Order("45", date(2021, 5, 20), "п. 2.3.2")
#: A Monday; 4 working days before it is Tuesday 15.06.2021 (14.06 is a holiday: 12.06 moved).
START = date(2021, 6, 21)
FOUR_WORKING_DAYS_BEFORE = date(2021, 6, 15)
REQUEST = RequestInternship(internship="i-1", school="k-1", host_school="k-2", topic="ОГЭ",
                            participants=2, start=START, end=START + timedelta(days=1))
WITHDRAW = WithdrawInternship(internship="i-1", reason="болезнь")


def five_working_days(effective_from: date) -> SetDeadlineRules:
    return SetDeadlineRules(effective_from=effective_from, order=ORDER,
                            internship_withdrawal_working_days=5)


def test_a_municipality_sets_its_withdrawal_rule_by_its_order(scenario):
    events = scenario.when(five_working_days(TODAY)).then(
        event("TenantRules.Opened", key="deadline-rules"),
        event("TenantRules.Changed", effective_from=TODAY))
    rules = events[1].rules
    assert rules.internship_withdrawal_working_days == 5
    assert rules.internship_request_lead_days == 7  # unchanged values stay as in force
    assert events[1].order.number == "45"


def test_withdrawal_working_days_of_5_refuse_a_withdrawal_4_working_days_ahead_003_p2_3_2(scenario):
    scenario.given(*registered("k-1", "k-2"), five_working_days(TODAY), REQUEST)
    scenario.on(FOUR_WORKING_DAYS_BEFORE).when(WITHDRAW, by=school_user("k-1")).then_refused(
        DeadlineMissed, "withdrawn_on")


def test_a_withdrawal_before_the_rules_effective_date_keeps_the_rule_then_in_force(scenario):
    scenario.given(*registered("k-1", "k-2"), five_working_days(date(2021, 6, 16)), REQUEST)
    scenario.on(FOUR_WORKING_DAYS_BEFORE).when(WITHDRAW, by=school_user("k-1")).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=FOUR_WORKING_DAYS_BEFORE))


def test_another_tenant_keeps_the_documents_defaults(scenario):
    neighbour = officer_of(NEIGHBOUR)
    scenario.given(five_working_days(TODAY))
    scenario.given(*registered("k-1", "k-2"), REQUEST, by=neighbour, tenant=NEIGHBOUR)
    scenario.on(FOUR_WORKING_DAYS_BEFORE).when(WITHDRAW, by=neighbour, tenant=NEIGHBOUR).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=FOUR_WORKING_DAYS_BEFORE))


def test_a_later_order_changes_the_rules_from_a_later_date_only(scenario):
    scenario.given(five_working_days(TODAY))
    scenario.when(five_working_days(TODAY)).then_refused(InvalidValue, "effective_from")
    later = SetDeadlineRules(effective_from=date(2021, 9, 1), order=ORDER, internship_request_lead_days=14)
    events = scenario.when(later).then(event("TenantRules.Changed", effective_from=date(2021, 9, 1)))
    assert events[0].rules.internship_withdrawal_working_days == 5
    assert events[0].rules.internship_request_lead_days == 14


def test_a_change_names_at_least_one_rule(scenario):
    scenario.when(SetDeadlineRules(effective_from=TODAY, order=ORDER)).then_refused(
        InvalidValue, "changes")


def test_a_school_user_cannot_change_the_rules(scenario):
    scenario.given(*registered("k-1"))
    scenario.when(five_working_days(TODAY), by=school_user("k-1")).then_refused(Forbidden)


def test_the_region_does_not_change_a_municipalitys_rules(scenario):
    scenario.when(five_working_days(TODAY), by=OPERATOR).then_refused(Forbidden)
