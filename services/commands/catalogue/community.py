"""Commands about working groups, problem groups, methodological associations and creative
groups (004 §4.5-4.8), and the municipal bank of methodical materials (004 §4.7)."""

from __future__ import annotations

from domain.base import NotFound
from domain.community import (
    AuthorKind,
    Community,
    CommunityKind,
    CommunityLevel,
    MethodicalMaterial,
)
from domain.organisation import Organisation
from domain.roles import MUNICIPAL_ROLES
from domain.school import School
from services.commands.authorisation import require_school
from services.commands.catalogue.common import (
    BusinessDate,
    Count,
    Key,
    OptionalLine,
    OptionalText,
    ShortText,
)
from services.commands.registry import Command, handles
from services.commands.session import Session


class FormCommunity(Command, tag="form_community"):
    """Form a municipal or school-level working group (004 §4.5), problem group of subject
    teachers (§4.6), methodological association (§4.7) or creative group (§4.8)."""

    community: Key
    kind: CommunityKind
    level: CommunityLevel
    name: ShortText
    school: Key | None = None
    subject: OptionalLine = ""
    formed_on: BusinessDate | None = None


class AddCommunityMember(Command, tag="add_community_member"):
    """A school joins a community with the number of its teachers taking part (again: a new count)."""

    community: Key
    school: Key
    teachers: Count


class RecordCommunityMeeting(Command, tag="record_community_meeting"):
    """A meeting of a community held, with its topic and how many took part."""

    community: Key
    held_on: BusinessDate
    topic: ShortText
    participants: Count
    decisions: OptionalText = ""


class AddMethodicalMaterial(Command, tag="add_methodical_material"):
    """Add a material to the municipal bank of methodical materials (004 §4.7): its title, the
    author organisation (a school or a registered organisation) and a link or a file name."""

    material: Key
    title: ShortText
    author_kind: AuthorKind
    author: Key
    added_on: BusinessDate
    link: OptionalLine = ""
    file_name: OptionalLine = ""
    subject: OptionalLine = ""
    community: Key | None = None


class WithdrawMethodicalMaterial(Command, tag="withdraw_methodical_material"):
    """Take a material out of the bank, saying why."""

    material: Key
    reason: ShortText


def _community(session: Session, key: str) -> Community:
    community = session.target(Community, Community.stream_for(session.tenant.id, key), "community", key)
    if community.level == "school":
        require_school(session.principal, community.school)
    else:
        require_school(session.principal)
    return community


@handles(FormCommunity, roles=MUNICIPAL_ROLES)
def form_community(cmd: FormCommunity, session: Session) -> None:
    school = cmd.school or ""
    require_school(session.principal, *([school] if cmd.level == "school" else []))
    if school:
        session.school(school)
    community = Community.form(session.meta, cmd.community, cmd.kind, cmd.level, school, cmd.name,
                               cmd.subject, cmd.formed_on)
    session.new(community, "community", cmd.community)


@handles(AddCommunityMember, roles=MUNICIPAL_ROLES)
def add_community_member(cmd: AddCommunityMember, session: Session) -> None:
    community = _community(session, cmd.community)
    session.school(cmd.school)
    community.join(session.meta, cmd.school, cmd.teachers)


@handles(RecordCommunityMeeting, roles=MUNICIPAL_ROLES)
def record_community_meeting(cmd: RecordCommunityMeeting, session: Session) -> None:
    community = _community(session, cmd.community)
    held_on = session.not_after_today(cmd.held_on, "held_on")
    community.hold_meeting(session.meta, held_on, cmd.topic, cmd.participants, cmd.decisions)


def _check_author(session: Session, kind: str, author: str) -> None:
    if kind == "school":
        session.load(School, School.stream_for(session.tenant.id, author), "author", author)
    elif session.find(Organisation, Organisation.stream_for(session.tenant.id, author)) is None:
        raise NotFound(f"organisation {author!r} does not exist in tenant {session.tenant.id}", "author")


@handles(AddMethodicalMaterial, roles=MUNICIPAL_ROLES)
def add_methodical_material(cmd: AddMethodicalMaterial, session: Session) -> None:
    # A school user adds only its own school's materials.
    require_school(session.principal, *([cmd.author] if cmd.author_kind == "school" else []))
    _check_author(session, cmd.author_kind, cmd.author)
    if cmd.community is not None:
        session.load(Community, Community.stream_for(session.tenant.id, cmd.community),
                     "community", cmd.community)
    added_on = session.not_after_today(cmd.added_on, "added_on")
    material = MethodicalMaterial.add(
        session.meta, cmd.material, cmd.title, cmd.author_kind, cmd.author, added_on, cmd.link,
        cmd.file_name, cmd.subject, cmd.community or "",
    )
    session.new(material, "material", cmd.material)


@handles(WithdrawMethodicalMaterial, roles=MUNICIPAL_ROLES)
def withdraw_methodical_material(cmd: WithdrawMethodicalMaterial, session: Session) -> None:
    material = session.target(MethodicalMaterial,
                              MethodicalMaterial.stream_for(session.tenant.id, cmd.material),
                              "material", cmd.material)
    if material.author_kind == "school":
        require_school(session.principal, material.author)
    else:
        require_school(session.principal)
    material.withdraw(session.meta, cmd.reason)
