"""Working groups, problem groups, methodological associations, creative groups (004 §4.5-4.8)
and the municipal bank of methodical materials (004 §4.7): given / when / then."""

from datetime import date

from domain.base import AlreadyExists, InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.community import (
    AddCommunityMember,
    AddMethodicalMaterial,
    FormCommunity,
    RecordCommunityMeeting,
    WithdrawMethodicalMaterial,
)
from services.commands.catalogue.organisation import RegisterOrganisation
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import event, school_user

SCHOOLS = registered("k-1", "k-2")
MMO = FormCommunity(community="mmo-math", kind="methodological_association", level="municipal",
                    name="ММО учителей математики", subject="математика")
SCHOOL_GROUP = FormCommunity(community="pg-k1", kind="problem_group", level="school", school="k-1",
                             name="Проблемная группа учителей русского языка")


def material(**fields) -> AddMethodicalMaterial:
    values = dict(material="m-1", title="Методические рекомендации по ВПР", author_kind="school",
                  author="k-1", added_on=date(2021, 5, 1), file_name="vpr.pdf")
    return AddMethodicalMaterial(**{**values, **fields})


def test_004_s3_1_a_municipal_community_names_no_school(scenario):
    scenario.given(*SCHOOLS).when(MMO).then(
        event("Community.Formed", key="mmo-math", kind="methodological_association", level="municipal",
              school=""))
    bad = FormCommunity(community="x", kind="working_group", level="municipal", school="k-1", name="РГ")
    scenario.when(bad).then_refused(InvalidValue, "school")


def test_004_s3_1_a_school_community_names_its_school(scenario):
    scenario.given(*SCHOOLS)
    lacking = FormCommunity(community="x", kind="problem_group", level="school", name="ПГ")
    scenario.when(lacking).then_refused(InvalidValue, "school")
    scenario.when(SCHOOL_GROUP, by=school_user("k-2")).then_refused(Forbidden)
    scenario.when(SCHOOL_GROUP, by=school_user("k-1")).then(event("Community.Formed", school="k-1"))
    scenario.when(SCHOOL_GROUP).then_refused(AlreadyExists, "community")


def test_004_s4_7_schools_join_with_their_teachers_counted(scenario):
    scenario.given(*SCHOOLS, MMO)
    scenario.when(AddCommunityMember(community="mmo-math", school="k-1", teachers=3)).then(
        event("Community.MemberJoined", school="k-1", teachers=3))
    scenario.when(AddCommunityMember(community="mmo-math", school="k-1", teachers=3)).then_refused(
        InvalidTransition, "school")
    scenario.when(AddCommunityMember(community="mmo-math", school="k-1", teachers=0)).then_refused(
        InvalidValue, "teachers")
    scenario.when(AddCommunityMember(community="mmo-math", school="nope", teachers=1)).then_refused(
        NotFound, "school")


def test_004_s3_1_a_school_community_has_only_its_own_school(scenario):
    scenario.given(*SCHOOLS, SCHOOL_GROUP)
    scenario.when(AddCommunityMember(community="pg-k1", school="k-2", teachers=2)).then_refused(
        InvalidValue, "school")
    scenario.when(AddCommunityMember(community="pg-k1", school="k-1", teachers=2),
                  by=school_user("k-2")).then_refused(Forbidden)


def test_004_s4_5_meetings_are_held_by_a_community_with_members(scenario):
    meeting = RecordCommunityMeeting(community="mmo-math", held_on=date(2021, 5, 10),
                                     topic="Анализ ВПР", participants=9)
    scenario.given(*SCHOOLS, MMO).when(meeting).then_refused(InvalidTransition, "community")
    scenario.given(AddCommunityMember(community="mmo-math", school="k-1", teachers=3))
    scenario.when(meeting).then(event("Community.MeetingHeld", topic="Анализ ВПР", participants=9))
    scenario.when(meeting, by=school_user("k-1")).then_refused(Forbidden)


def test_004_s4_7_a_material_has_a_link_or_a_file_name(scenario):
    scenario.given(*SCHOOLS)
    scenario.when(material(file_name="")).then_refused(InvalidValue, "link")
    scenario.when(material(file_name="", link="ftp://x")).then_refused(InvalidValue, "link")
    scenario.when(material()).then(event("MethodicalMaterial.Added", title="Методические рекомендации по ВПР",
                                         author="k-1", file_name="vpr.pdf"))


def test_004_s4_7_the_author_organisation_exists(scenario):
    scenario.given(*SCHOOLS)
    scenario.when(material(author_kind="organisation", author="imc")).then_refused(NotFound, "author")
    scenario.given(RegisterOrganisation(organisation="imc", name="ИМЦ", kind="methodological_service"))
    scenario.when(material(author_kind="organisation", author="imc", link="https://imc.example/m1")).then(
        event("MethodicalMaterial.Added", author_kind="organisation", author="imc"))
    scenario.when(material(material="m-2", community="nope")).then_refused(NotFound, "community")


def test_a_school_user_adds_only_its_own_materials_and_withdrawal_needs_a_reason(scenario):
    scenario.given(*SCHOOLS)
    scenario.when(material(), by=school_user("k-2")).then_refused(Forbidden)
    scenario.given(material())
    scenario.when(WithdrawMethodicalMaterial(material="m-1", reason="устарело"),
                  by=school_user("k-2")).then_refused(Forbidden)
    scenario.when(WithdrawMethodicalMaterial(material="m-1", reason="устарело")).then(
        event("MethodicalMaterial.Withdrawn", reason="устарело"))
    scenario.when(WithdrawMethodicalMaterial(material="m-1", reason="ещё")).then_refused(
        InvalidTransition, "material")
