"""Communities view: the only writer of its tables (004 §3.1, §4.5-4.8).

Tables:
- `communities`: one row per working group, problem group, methodological association or
  creative group, its level (municipal | school) and school, folded name and subject for search;
- `community_members`: per community, each school and the number of its teachers (the latest);
- `community_meetings`: each meeting held, its date, topic and participants;
- `materials`: the municipal bank of methodical materials (004 §4.7): title, author organisation
  (a school or an organisation), link or file name, the community, withdrawn or not.
"""

from __future__ import annotations

from datetime import date

from domain.base import CascadeAggregate
from domain.community import Community, MethodicalMaterial
from services.projections.registers.search import search_text
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class CommunitiesView(View):
    """Communities with their members and meetings, and the bank of materials."""

    name = "communities"
    schema = {
        "communities": (
            "CREATE TABLE IF NOT EXISTS {communities} ("
            "tenant TEXT NOT NULL, community TEXT NOT NULL, stream TEXT NOT NULL, kind TEXT NOT NULL, "
            "level TEXT NOT NULL, school TEXT NOT NULL, name TEXT NOT NULL, subject TEXT NOT NULL, "
            "formed_on TEXT, search TEXT NOT NULL, PRIMARY KEY (tenant, community))"
        ),
        "community_members": (
            "CREATE TABLE IF NOT EXISTS {community_members} ("
            "tenant TEXT NOT NULL, community TEXT NOT NULL, school TEXT NOT NULL, teachers INTEGER NOT NULL, "
            "PRIMARY KEY (tenant, community, school))"
        ),
        "community_meetings": (
            "CREATE TABLE IF NOT EXISTS {community_meetings} ("
            "tenant TEXT NOT NULL, community TEXT NOT NULL, position INTEGER NOT NULL, held_on TEXT NOT NULL, "
            "topic TEXT NOT NULL, participants INTEGER NOT NULL, decisions TEXT NOT NULL, "
            "PRIMARY KEY (tenant, community, position))"
        ),
        "materials": (
            "CREATE TABLE IF NOT EXISTS {materials} ("
            "tenant TEXT NOT NULL, material TEXT NOT NULL, stream TEXT NOT NULL, title TEXT NOT NULL, "
            "author_kind TEXT NOT NULL, author TEXT NOT NULL, added_on TEXT NOT NULL, link TEXT NOT NULL, "
            "file_name TEXT NOT NULL, subject TEXT NOT NULL, community TEXT NOT NULL, "
            "withdrawn_reason TEXT, search TEXT NOT NULL, PRIMARY KEY (tenant, material))"
        ),
    }
    indexes = (Index("communities", "tenant, stream"), Index("materials", "tenant, stream"))

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case Community.Formed():
                tx.execute(
                    "INSERT INTO {communities} (tenant, community, stream, kind, level, school, name, "
                    "subject, formed_on, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (tenant.id, event.key, str(event.originator_id), event.kind, event.level, event.school,
                     event.name, event.subject, _iso(event.formed_on), search_text(event.name, event.subject)),
                )
            case Community.MemberJoined():
                key = self._community(tx, tenant.id, event)
                tx.execute("DELETE FROM {community_members} WHERE tenant = ? AND community = ? AND school = ?",
                           (tenant.id, key, event.school))
                tx.execute("INSERT INTO {community_members} (tenant, community, school, teachers) "
                           "VALUES (?, ?, ?, ?)", (tenant.id, key, event.school, event.teachers))
            case Community.MeetingHeld():
                tx.execute(
                    "INSERT INTO {community_meetings} (tenant, community, position, held_on, topic, "
                    "participants, decisions) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (tenant.id, self._community(tx, tenant.id, event), position, _iso(event.held_on),
                     event.topic, event.participants, event.decisions),
                )
            case MethodicalMaterial.Added():
                tx.execute(
                    "INSERT INTO {materials} (tenant, material, stream, title, author_kind, author, "
                    "added_on, link, file_name, subject, community, withdrawn_reason, search) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                    (tenant.id, event.key, str(event.originator_id), event.title, event.author_kind,
                     event.author, _iso(event.added_on), event.link, event.file_name, event.subject,
                     event.community, search_text(event.title, event.subject, event.file_name)),
                )
            case MethodicalMaterial.Withdrawn():
                tx.execute("UPDATE {materials} SET withdrawn_reason = ? WHERE tenant = ? AND stream = ?",
                           (event.reason, tenant.id, str(event.originator_id)))

    @staticmethod
    def _community(tx: BoundTx, tenant: str, event: CascadeAggregate.Event) -> str:
        [row] = tx.query("SELECT community FROM {communities} WHERE tenant = ? AND stream = ?",
                         (tenant, str(event.originator_id)))
        return str(row["community"])
