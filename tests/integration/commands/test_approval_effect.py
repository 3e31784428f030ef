"""003, approval sheet «Результат: Подписано»: a roadmap or programme put on a sheet is approved by
the sheet's last signature (issue 11 item 10)."""

from datetime import date, timedelta

from domain.base import InvalidTransition, InvalidValue, NotFound
from services.commands.catalogue.approval import (
    ApproverLine,
    Document,
    ReturnWithRemarks,
    SignOff,
    SubmitForApproval,
)
from services.commands.catalogue.programme import AdoptProgramme
from services.commands.catalogue.roadmap import ApproveRoadmap
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import OFFICER, OPERATOR, REGION, TODAY, event

ROADMAP = Document("roadmap", "rm-k-1-2022", "Дорожная карта школы k-1 на 2022 год")
LINES = [ApproverLine(OFFICER.subject, "начальник отдела", "отдел образования")]


def submit(document: Document = ROADMAP, sheet: str = "s-rm") -> SubmitForApproval:
    return SubmitForApproval(sheet=sheet, document=document, approvers=list(LINES))


def approve(sheet: str | None = "s-rm", on: date = TODAY, key: str = "rm-k-1-2022") -> ApproveRoadmap:
    return ApproveRoadmap(roadmap=key, school="k-1", title="Дорожная карта школы k-1 на 2022 год",
                          period_start=date(2022, 1, 1), period_end=date(2022, 12, 31),
                          approved_on=on, sheet=sheet)


def test_003_sheet_signed_approves_the_roadmap_on_its_date(scenario):
    scenario.given(*registered("k-1"), submit(), SignOff(sheet="s-rm"))
    scenario.when(approve()).then(event("Roadmap.Approved", key="rm-k-1-2022", approved_on=TODAY))


def test_003_roadmap_on_a_sheet_in_approval_is_not_approved(scenario):
    scenario.given(*registered("k-1"), submit())
    scenario.when(approve()).then_refused(InvalidTransition, "sheet")


def test_003_roadmap_on_a_returned_sheet_is_not_approved(scenario):
    scenario.given(*registered("k-1"), submit(), ReturnWithRemarks(sheet="s-rm", remarks="Уточнить сроки"))
    scenario.when(approve()).then_refused(InvalidTransition, "sheet")


def test_003_a_sheet_approves_only_its_own_document(scenario):
    scenario.given(*registered("k-1"), submit(), SignOff(sheet="s-rm"))
    scenario.when(approve(key="rm-k-1-2023")).then_refused(InvalidTransition, "sheet")


def test_003_the_roadmap_takes_the_date_of_the_last_signature(scenario):
    scenario.given(*registered("k-1"), submit(), SignOff(sheet="s-rm"))
    scenario.when(approve(on=TODAY - timedelta(days=1))).then_refused(InvalidValue, "approved_on")


def test_003_an_unknown_sheet_is_named(scenario):
    scenario.given(*registered("k-1"))
    scenario.when(approve(sheet="s-none")).then_refused(NotFound, "sheet")


def test_003_a_roadmap_without_a_sheet_is_approved_by_order_as_before(scenario):
    scenario.given(*registered("k-1"))
    scenario.when(approve(sheet=None)).then(event("Roadmap.Approved", key="rm-k-1-2022"))


def test_003_sheet_signed_adopts_the_regional_programme(scenario):
    document = Document("programme", "ru16-2022", "Региональная программа 2022")
    lines = [ApproverLine(OPERATOR.subject, "министр", "МО РТ")]
    scenario.given(SubmitForApproval(sheet="s-pr", document=document, approvers=lines),
                   SignOff(sheet="s-pr"), by=OPERATOR, tenant=REGION)
    adopt = AdoptProgramme(programme="ru16-2022", title="Региональная программа 2022", level="regional",
                           period_start=date(2022, 1, 1), period_end=date(2024, 12, 31),
                           adopted_on=TODAY, sheet="s-pr")
    scenario.when(adopt, by=OPERATOR, tenant=REGION).then(
        event("Programme.Adopted", key="ru16-2022", adopted_on=TODAY))
