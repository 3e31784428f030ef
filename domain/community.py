"""Professional communities of 004 §4.5-4.8 and the municipal bank of methodical materials (§4.7).

Working groups coordinate the support of schools (§4.5), «problem groups» of subject teachers
(tutors) discuss methodical materials (§4.6), methodological associations spread them and form
the municipal bank of methodical materials (§4.7), temporary inter-school creative groups work on
teaching (§4.8); each is municipal or school level (§3.1 «муниципальные/школьные»).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance, check_key
from domain.organisation import check_kind, check_text

CommunityKind = Literal["working_group", "problem_group", "methodological_association", "creative_group"]
CommunityLevel = Literal["municipal", "school"]
AuthorKind = Literal["organisation", "school"]


class Community(CascadeAggregate):
    """A working group, problem group, methodological association or creative group (004 §4.5-4.8)."""

    stream_kind = "community"

    class Formed(CascadeAggregate.Created):
        key: str
        kind: CommunityKind
        level: CommunityLevel
        #: The school of a school-level community; "" for a municipal one.
        school: str
        name: str
        subject: str = ""
        formed_on: date | None = None

    class MemberJoined(CascadeAggregate.Event):
        school: str
        teachers: int

    class MeetingHeld(CascadeAggregate.Event):
        held_on: date
        topic: str
        participants: int
        decisions: str = ""

    @classmethod
    def form(
        cls, meta: Provenance, key: str, kind: CommunityKind, level: CommunityLevel, school: str,
        name: str, subject: str = "", formed_on: date | None = None,
    ) -> Community:
        """004 §3.1: a community is municipal (no school) or of one school (that school named)."""
        check_key(key, "community")
        check_kind(kind, CommunityKind)
        check_kind(level, CommunityLevel, "level")
        check_text(name, "name")
        if level == "school":
            check_key(school, "school")
        elif school:
            raise InvalidValue("school", "a municipal community belongs to no single school")
        return cls._create(
            cls.Formed, meta=meta, key=key, kind=kind, level=level, school=school, name=name,
            subject=subject, formed_on=formed_on,
        )

    def __init__(
        self, meta: Provenance, key: str, kind: str, level: str, school: str, name: str,
        subject: str = "", formed_on: date | None = None,
    ) -> None:
        self.key = key
        self.kind = kind
        self.level = level
        self.school = school
        self.name = name
        self.subject = subject
        self.formed_on = formed_on
        self.members: dict[str, int] = {}
        self.meetings = 0

    def join(self, meta: Provenance, school: str, teachers: int) -> None:
        """004 §3.1: a school-level community has only its own school's teachers; a school joins
        once (a new count for it is recorded by joining again with a different number)."""
        check_key(school, "school")
        if self.level == "school" and school != self.school:
            raise InvalidValue("school", "community {key} is of school {school}", key=self.key, school=self.school)
        if teachers < 1:
            raise InvalidValue("teachers", "at least one teacher of the school takes part")
        self._require(self.members.get(school) != teachers, "school {school} is already a member with {teachers} teachers", "school", school=school, teachers=teachers)
        self._joined(meta=meta, school=school, teachers=teachers)

    @event(MemberJoined)
    def _joined(self, meta: Provenance, school: str, teachers: int) -> None:
        self.members[school] = teachers

    def hold_meeting(self, meta: Provenance, held_on: date, topic: str, participants: int,
                     decisions: str = "") -> None:
        """A meeting held with its topic and how many took part (004 §4.5-4.7); a community
        with no member yet has no meeting."""
        self._require(bool(self.members), "community {key} has no member yet", "community", key=self.key)
        if participants < 1:
            raise InvalidValue("participants", "at least one participant")
        self._meeting(meta=meta, held_on=held_on, topic=check_text(topic, "topic"),
                      participants=participants, decisions=decisions)

    @event(MeetingHeld)
    def _meeting(self, meta: Provenance, held_on: date, topic: str, participants: int,
                 decisions: str) -> None:
        self.meetings += 1


class MethodicalMaterial(CascadeAggregate):
    """A material of the municipal bank of methodical materials (004 §4.7)."""

    stream_kind = "methodical_material"

    class Added(CascadeAggregate.Created):
        key: str
        title: str
        author_kind: AuthorKind
        #: The author organisation: a school code or an organisation key (Organisation).
        author: str
        added_on: date
        link: str = ""
        file_name: str = ""
        subject: str = ""
        #: The community that discussed or prepared it (004 §4.6-4.7), if any.
        community: str = ""

    class Withdrawn(CascadeAggregate.Event):
        reason: str

    @classmethod
    def add(
        cls, meta: Provenance, key: str, title: str, author_kind: AuthorKind, author: str,
        added_on: date, link: str = "", file_name: str = "", subject: str = "", community: str = "",
    ) -> MethodicalMaterial:
        """004 §4.7: a material of the bank has a title, an author organisation and a link or a
        file name (at least one)."""
        check_key(key, "material")
        check_text(title, "title")
        check_kind(author_kind, AuthorKind, "author_kind")
        check_key(author, "author")
        if not link.strip() and not file_name.strip():
            raise InvalidValue("link", "a material needs a link or a file name")
        if link and not link.startswith(("http://", "https://")):
            raise InvalidValue("link", "must be an http(s) address")
        if community:
            check_key(community, "community")
        return cls._create(
            cls.Added, meta=meta, key=key, title=title, author_kind=author_kind, author=author,
            added_on=added_on, link=link, file_name=file_name, subject=subject, community=community,
        )

    def __init__(
        self, meta: Provenance, key: str, title: str, author_kind: str, author: str, added_on: date,
        link: str = "", file_name: str = "", subject: str = "", community: str = "",
    ) -> None:
        self.key = key
        self.title = title
        self.author_kind = author_kind
        self.author = author
        self.withdrawn = False

    def withdraw(self, meta: Provenance, reason: str) -> None:
        """Take a material out of the bank, saying why; its record stays in the log."""
        self._require(not self.withdrawn, "material {key} is already withdrawn", "material", key=self.key)
        self._withdrawn(meta=meta, reason=check_text(reason, "reason"))

    @event(Withdrawn)
    def _withdrawn(self, meta: Provenance, reason: str) -> None:
        self.withdrawn = True
