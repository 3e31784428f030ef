"""Approval sheet commands through the HTTP API: sequential sign-off, return, resubmission."""

import pytest

from domain.roles import REGION_OPERATOR
from services.auth import Principal
from tests.e2e.helpers import TENANT, auditor, officer, operator, recorded, refused, school_user

OFFICER = officer()
SCHOOL = school_user("k-1")
DOCUMENT = {"kind": "roadmap", "key": "rm-k-1-2021", "title": "Дорожная карта школы k-1"}
APPROVERS = [
    {"subject": OFFICER.subject, "position": "начальник отдела", "organisation": TENANT},
    {"subject": SCHOOL.subject, "position": "директор", "organisation": "k-1"},
]


@pytest.fixture(autouse=True)
def schools_and_roadmap(api):
    """School users' schools are registered and the roadmap on the sheet exists (issue 9: 4, 9)."""
    for code in ("k-1", "k-2"):
        command = {"type": "register_school", "school": code, "name": f"Школа {code}"}
        assert api.post(TENANT, command, OFFICER).status_code == 201
    roadmap = {"type": "approve_roadmap", "roadmap": DOCUMENT["key"], "school": "k-1",
               "title": DOCUMENT["title"], "period_start": "2021-01-01",
               "period_end": "2021-12-31", "approved_on": "2021-01-15"}
    assert api.post(TENANT, roadmap, OFFICER).status_code == 201


def submit(**overrides):
    return {"type": "submit_for_approval", "sheet": "s-1", "document": DOCUMENT,
            "approvers": APPROVERS, **overrides}


SIGN = {"type": "sign_off", "sheet": "s-1"}
RETURN = {"type": "return_with_remarks", "sheet": "s-1", "remarks": "Уточнить сроки п. 4"}


def test_approvers_sign_off_in_order_and_the_last_approves(api):
    assert recorded(api, submit(), SCHOOL) == ["ApprovalSheet.Submitted"]
    assert recorded(api, {**SIGN, "comment": "Согласовано"}, OFFICER) == ["ApprovalSheet.SignedOff"]
    assert recorded(api, SIGN, SCHOOL) == ["ApprovalSheet.SignedOff", "ApprovalSheet.Approved"]
    refused(api, SIGN, SCHOOL, 409, "status")
    refused(api, submit(), OFFICER, 409, "sheet")


def test_an_approver_out_of_turn_is_refused(api):
    recorded(api, submit(), OFFICER)
    refused(api, SIGN, SCHOOL, 403, "subject", problem="not-your-turn")
    refused(api, RETURN, SCHOOL, 403, "subject")
    refused(api, SIGN, school_user("k-2"), 403, "subject")


def test_a_returned_sheet_is_resubmitted_and_starts_over(api):
    recorded(api, submit(), OFFICER)
    recorded(api, SIGN, OFFICER)
    assert recorded(api, RETURN, SCHOOL) == ["ApprovalSheet.Returned"]
    refused(api, SIGN, SCHOOL, 409, "status")
    refused(api, submit(document={**DOCUMENT, "key": "rm-other"}), OFFICER, 409, "document")
    refused(api, submit(approvers=APPROVERS[:1]), OFFICER, 409, "approvers")
    assert recorded(api, submit(), OFFICER) == ["ApprovalSheet.Resubmitted"]
    refused(api, SIGN, SCHOOL, 403, "subject")
    recorded(api, SIGN, OFFICER)
    assert recorded(api, SIGN, SCHOOL) == ["ApprovalSheet.SignedOff", "ApprovalSheet.Approved"]


def test_a_sheet_in_approval_is_not_resubmitted(api):
    recorded(api, submit(), OFFICER)
    refused(api, submit(), OFFICER, 409, "sheet")
    refused(api, {**submit(), "expected_version": 0}, OFFICER, 409, "expected_version")


def test_a_sheet_needs_distinct_approvers_and_a_named_document(api):
    refused(api, submit(approvers=[]), OFFICER, 422, "approvers")
    refused(api, submit(approvers=[APPROVERS[0], APPROVERS[0]]), OFFICER, 422, "approvers")
    refused(api, submit(document={**DOCUMENT, "kind": "letter"}), OFFICER, 422)
    refused(api, submit(document={**DOCUMENT, "title": ""}), OFFICER, 422)
    refused(api, submit(approvers=[{"subject": OFFICER.subject}]), OFFICER, 422)


def test_remarks_are_required_and_unknown_sheets_are_named(api):
    recorded(api, submit(), OFFICER)
    refused(api, {**RETURN, "remarks": ""}, OFFICER, 422)
    refused(api, {**RETURN, "remarks": "   "}, OFFICER, 422, "remarks")
    refused(api, {**SIGN, "sheet": "s-9"}, OFFICER, 404, "sheet")


def test_a_region_tenant_approves_its_own_documents(api):
    head = Principal("head@ru-16", REGION_OPERATOR, "ru-16")
    command = submit(document={"kind": "programme", "key": "rp-2021", "title": "Программа"},
                     approvers=[{"subject": operator().subject, "position": "специалист",
                                 "organisation": "ИРО"},
                                {"subject": head.subject, "position": "министр",
                                 "organisation": "Минобрнауки РТ"}])
    recorded(api, command, operator(), tenant="ru-16")
    refused(api, SIGN, head, 403, "subject", tenant="ru-16")
    recorded(api, SIGN, operator(), tenant="ru-16")
    assert recorded(api, SIGN, head, tenant="ru-16") == [
        "ApprovalSheet.SignedOff", "ApprovalSheet.Approved"]


def test_readers_and_other_tenants_cannot_post(api):
    refused(api, submit(), auditor(), 403)
    refused(api, submit(), officer("ru-16-leninogorsk"), 403)
    refused(api, submit(), operator("ru-67"), 403)
    refused(api, submit(), OFFICER, 403, tenant="ru-16")
