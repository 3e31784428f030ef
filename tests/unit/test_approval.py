"""Sequential approval sheet: sign-offs in order, return with remarks, resubmit (003)."""

from datetime import date

import pytest

from domain.approval import ApprovalSheet, Approver, DocumentRef, NotYourTurn
from domain.base import DomainError, InvalidTransition, InvalidValue

ORDER = DocumentRef(kind="other", key="order-662", title="Приказ № 662 от 03.05.2019")
DEPUTY = Approver(subject="urmanova", position="заместитель начальника", organisation="УО")
HEAD = Approver(subject="sanatullin", position="начальник", organisation="УО")
DAY = date(2019, 4, 30)


def submitted(meta) -> ApprovalSheet:
    sheet = ApprovalSheet.submit(meta, "ls-662", ORDER, (DEPUTY, HEAD), DAY)
    sheet.collect_events()
    return sheet


def returned(meta) -> ApprovalSheet:
    sheet = submitted(meta)
    sheet.sign_off(meta, "urmanova", DAY)
    sheet.return_with_remarks(meta, "sanatullin", date(2019, 5, 2), "Уточнить сроки")
    sheet.collect_events()
    return sheet


def test_submitting_a_sheet_records_the_document_and_the_order_of_approvers(meta):
    sheet = ApprovalSheet.submit(meta, "ls-662", ORDER, (DEPUTY, HEAD), DAY)
    [event] = sheet.collect_events()
    assert isinstance(event, ApprovalSheet.Submitted)
    assert event.meta == meta
    assert event.document == ORDER and event.approvers == (DEPUTY, HEAD)
    assert sheet.status == "in_approval" and sheet.current_approver == DEPUTY


def test_a_sheet_needs_at_least_one_approver(meta):
    with pytest.raises(InvalidValue):
        ApprovalSheet.submit(meta, "ls-1", ORDER, (), DAY)


def test_an_approver_cannot_be_listed_twice(meta):
    with pytest.raises(InvalidValue):
        ApprovalSheet.submit(meta, "ls-1", ORDER, (DEPUTY, HEAD, DEPUTY), DAY)


def test_approvers_sign_off_in_turn_and_the_last_sign_off_approves(meta):
    sheet = submitted(meta)
    sheet.sign_off(meta, "urmanova", DAY)
    assert sheet.current_approver == HEAD
    sheet.sign_off(meta, "sanatullin", DAY, comment="Подписано")
    signed_first, signed_last, approved = sheet.collect_events()
    assert isinstance(signed_first, ApprovalSheet.SignedOff)
    assert isinstance(signed_last, ApprovalSheet.SignedOff) and signed_last.comment == "Подписано"
    assert isinstance(approved, ApprovalSheet.Approved) and approved.approved_on == DAY
    assert sheet.status == "approved" and sheet.current_approver is None


def test_signing_out_of_turn_is_refused_with_a_named_error(meta):
    sheet = submitted(meta)
    with pytest.raises(NotYourTurn) as error:
        sheet.sign_off(meta, "sanatullin", DAY)
    assert isinstance(error.value, DomainError) and error.value.code == "not-your-turn"
    with pytest.raises(NotYourTurn):
        sheet.sign_off(meta, "stranger", DAY)


def test_only_the_current_approver_can_return_the_sheet(meta):
    with pytest.raises(NotYourTurn):
        submitted(meta).return_with_remarks(meta, "sanatullin", DAY, "Замечания")


def test_a_sign_off_cannot_predate_the_previous_step(meta):
    sheet = submitted(meta)
    with pytest.raises(InvalidValue):
        sheet.sign_off(meta, "urmanova", date(2019, 4, 29))


def test_returning_a_sheet_needs_remarks(meta):
    with pytest.raises(InvalidValue):
        submitted(meta).return_with_remarks(meta, "urmanova", DAY, "  ")


def test_a_returned_sheet_waits_for_resubmission(meta):
    sheet = returned(meta)
    assert sheet.status == "returned" and sheet.current_approver is None
    assert sheet.remarks == "Уточнить сроки"
    with pytest.raises(InvalidTransition):
        sheet.sign_off(meta, "urmanova", date(2019, 5, 3))


def test_a_resubmitted_sheet_restarts_from_the_first_approver(meta):
    sheet = returned(meta)
    sheet.resubmit(meta, date(2019, 5, 3))
    [event] = sheet.collect_events()
    assert isinstance(event, ApprovalSheet.Resubmitted)
    assert sheet.round == 2 and sheet.current_approver == DEPUTY
    with pytest.raises(NotYourTurn):
        sheet.sign_off(meta, "sanatullin", date(2019, 5, 3))
    sheet.sign_off(meta, "urmanova", date(2019, 5, 3))
    sheet.sign_off(meta, "sanatullin", date(2019, 5, 3))
    assert sheet.status == "approved" and sheet.approved_on == date(2019, 5, 3)


def test_only_a_returned_sheet_can_be_resubmitted(meta):
    with pytest.raises(InvalidTransition):
        submitted(meta).resubmit(meta, date(2019, 5, 3))


def test_nothing_happens_after_approval(meta):
    sheet = ApprovalSheet.submit(meta, "ls-1", ORDER, (DEPUTY,), DAY)
    sheet.sign_off(meta, "urmanova", DAY)
    assert sheet.status == "approved"
    with pytest.raises(InvalidTransition):
        sheet.sign_off(meta, "urmanova", DAY)
    with pytest.raises(InvalidTransition):
        sheet.return_with_remarks(meta, "urmanova", DAY, "поздно")
    with pytest.raises(InvalidTransition):
        sheet.resubmit(meta, DAY)


def test_the_same_key_in_the_same_tenant_is_the_same_stream(meta):
    assert submitted(meta).id == ApprovalSheet.stream_for(meta.tenant_id, "ls-662")
    assert ApprovalSheet.stream_for("a", "k") != ApprovalSheet.stream_for("b", "k")
