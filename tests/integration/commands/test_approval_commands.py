"""Approval sheet commands in-process: submit, sign off in turn, return, resubmit."""

from datetime import date

import pytest

from domain.approval import Approver, DocumentRef, NotYourTurn
from domain.base import InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.approval import (
    ApproverLine,
    Document,
    ReturnWithRemarks,
    SignOff,
    SubmitForApproval,
)
from services.commands.catalogue.roadmap import ApproveRoadmap
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import (
    AUDITOR_,
    OFFICER,
    OPERATOR,
    REGION,
    TODAY,
    event,
    school_user,
)

SCHOOL = school_user("k-1")
DOCUMENT = Document("roadmap", "rm-k-1-2021", "Дорожная карта школы k-1")
APPROVERS = [ApproverLine(OFFICER.subject, "начальник отдела", "ru-16-kaybitsy"),
             ApproverLine(SCHOOL.subject, "директор", "k-1")]
SIGN = SignOff(sheet="s-1", comment="Согласовано")
RETURN = ReturnWithRemarks(sheet="s-1", remarks="Уточнить сроки п. 4")


@pytest.fixture(autouse=True)
def roadmap_on_the_sheet(scenario):
    """A school user puts only its own school's existing roadmap on a sheet (issue 9: 9)."""
    scenario.given(*registered("k-1", "k-2"), ApproveRoadmap(
        roadmap="rm-k-1-2021", school="k-1", title="Дорожная карта школы k-1",
        period_start=date(2021, 1, 1), period_end=date(2021, 12, 31),
        approved_on=date(2021, 1, 15)))


def submit(document: Document = DOCUMENT, approvers=APPROVERS) -> SubmitForApproval:
    return SubmitForApproval(sheet="s-1", document=document, approvers=list(approvers))


def test_a_document_is_submitted_for_sequential_approval(scenario):
    scenario.when(submit(), by=SCHOOL).then(
        event("ApprovalSheet.Submitted", key="s-1", submitted_on=TODAY,
              document=DocumentRef("roadmap", "rm-k-1-2021", "Дорожная карта школы k-1"),
              approvers=(Approver(OFFICER.subject, "начальник отдела", "ru-16-kaybitsy"),
                         Approver(SCHOOL.subject, "директор", "k-1"))))


def test_a_sheet_needs_an_approver(scenario):
    scenario.when(submit(approvers=[])).then_refused(InvalidValue, "approvers")


def test_a_sheet_needs_distinct_approvers(scenario):
    scenario.when(submit(approvers=[APPROVERS[0], APPROVERS[0]])).then_refused(
        InvalidValue, "approvers")


def test_a_sheet_in_approval_is_not_submitted_again(scenario):
    scenario.given(submit()).when(submit()).then_refused(InvalidTransition, "sheet")


def test_readers_do_not_submit(scenario):
    scenario.when(submit(), by=AUDITOR_).then_refused(Forbidden)


def test_the_first_approver_signs_off(scenario):
    scenario.given(submit()).when(SIGN).then(
        event("ApprovalSheet.SignedOff", subject=OFFICER.subject, signed_on=TODAY,
              comment="Согласовано"))


def test_the_last_sign_off_approves(scenario):
    scenario.given(submit(), SIGN).when(SIGN, by=SCHOOL).then(
        event("ApprovalSheet.SignedOff", subject=SCHOOL.subject),
        event("ApprovalSheet.Approved", approved_on=TODAY))


def test_an_approver_out_of_turn_is_refused(scenario):
    scenario.given(submit()).when(SIGN, by=SCHOOL).then_refused(NotYourTurn, "subject")


def test_an_approved_sheet_takes_no_more_sign_offs(scenario):
    scenario.given(submit(), SIGN).given(SIGN, by=SCHOOL).when(SIGN, by=SCHOOL).then_refused(
        InvalidTransition, "status")


def test_an_unknown_sheet_is_named(scenario):
    scenario.when(SIGN).then_refused(NotFound, "sheet")


def test_the_approver_in_turn_returns_with_remarks(scenario):
    scenario.given(submit(), SIGN).when(RETURN, by=SCHOOL).then(
        event("ApprovalSheet.Returned", subject=SCHOOL.subject, remarks="Уточнить сроки п. 4"))


def test_a_returned_sheet_is_resubmitted_as_it_was(scenario):
    scenario.given(submit(), RETURN).when(submit()).then(
        event("ApprovalSheet.Resubmitted", resubmitted_on=TODAY))


def test_a_resubmission_does_not_change_the_document(scenario):
    other = Document("roadmap", "rm-other", "Другая карта")
    scenario.given(submit(), RETURN).when(submit(document=other)).then_refused(
        InvalidTransition, "document")


def test_a_region_tenant_approves_its_own_documents(scenario):
    programme = Document("programme", "rp-2021", "Программа")
    line = ApproverLine(OPERATOR.subject, "специалист", "ИРО")
    scenario.given(submit(document=programme, approvers=[line]), by=OPERATOR, tenant=REGION)
    scenario.when(SIGN, by=OPERATOR, tenant=REGION).then(
        event("ApprovalSheet.SignedOff"), event("ApprovalSheet.Approved"))


