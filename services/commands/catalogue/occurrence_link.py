"""A visit or internship planned for a roadmap occurrence closes it when held (W11): one act, one
obligation. The link is checked when planning; holding completes the occurrence (domain.occurrence)."""

from __future__ import annotations

from datetime import date

from domain.base import InvalidValue
from domain.occurrence import Evidence, RoadmapLink, find_open
from domain.roadmap import Roadmap
from services.commands.session import Session


def checked_link(session: Session, roadmap: str | None, item: str | None, occurrence: date | None,
                 schools: tuple[str, ...]) -> RoadmapLink | None:
    """The link named by the command's `roadmap`, `item` and `occurrence` (all three or none):
    an unknown roadmap, item or occurrence is a named 404, a closed occurrence a 409."""
    given = {"roadmap": roadmap, "item": item, "occurrence": occurrence}
    if all(value is None for value in given.values()):
        return None
    for field, value in given.items():
        if value is None:
            raise InvalidValue(field, "roadmap, item and occurrence are given together or not at all")
    assert roadmap is not None and item is not None and occurrence is not None
    plan = session.load(Roadmap, Roadmap.stream_for(session.tenant.id, roadmap), "roadmap", roadmap)
    if plan.school not in schools:
        raise InvalidValue("roadmap", f"roadmap {roadmap} is of school {plan.school}, not of {', '.join(schools)}")
    plan.item(item)
    find_open(plan.occurrences(item), occurrence.isoformat(), item)
    return RoadmapLink(roadmap, item, occurrence.isoformat())


def close_linked(session: Session, link: RoadmapLink | None, held_on: date, evidence: Evidence, via: str) -> None:
    """Complete the linked occurrence on the day the act was held, if it is still open; one done or
    cancelled meanwhile stays as it is."""
    if link is None:
        return
    plan = session.find(Roadmap, Roadmap.stream_for(session.tenant.id, link.roadmap))
    if plan is None or link.item not in plan.items or plan.items[link.item].status not in ("planned", "in_progress"):
        return
    if not any(o.key == link.occurrence and o.is_open for o in plan.occurrences(link.item)):
        return
    plan.complete_occurrence(session.meta, link.item, link.occurrence, held_on, (evidence,), via)
    session.add(plan)
