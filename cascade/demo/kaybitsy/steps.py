"""Builders of the Kaibitsy script's steps: who posts which command about which pair."""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo.kaybitsy.people import OFFICER, TENANT, USERS
from cascade.demo.kaybitsy.roadmap import item_key
from cascade.demo.model import DemoStep
from services.auth import Principal


def command(on: str, actor: Principal, type_: str, **fields: Any) -> DemoStep:
    """One command of the district's script, posted by `actor` on the business day `on`."""
    return DemoStep(TENANT, actor, date.fromisoformat(on), {"type": type_, **fields})


def done(on: str, pair: dict[str, Any], number: int, *evidence: tuple[str, str, str],
         by: Principal | None = None) -> DemoStep:
    """A roadmap item completed, by the supported school unless someone else is named."""
    return command(on, by or USERS[pair["supported_school"]], "complete_roadmap_item",
                   roadmap=pair["roadmap"], item=item_key(number), completed_on=on,
                   evidence=[{"kind": k, "reference": r, "description": d} for k, r, d in evidence])


def started(on: str, pair: dict[str, Any], number: int) -> DemoStep:
    return command(on, USERS[pair["supported_school"]], "start_roadmap_item",
                   roadmap=pair["roadmap"], item=item_key(number), started_on=on)


def monthly(on: str, pair: dict[str, Any], month: str, summary: str,
            attachments: tuple[str, ...] = ()) -> DemoStep:
    """Monthly report on the roadmap (000 p.2.2: «ежемесячно в срок до 28 числа»)."""
    school = pair["supported_school"]
    return command(on, USERS[school], "file_report", school=school, kind="monthly_roadmap",
                   period=month, summary=summary, attachments=list(attachments))


def accept(on: str, pair: dict[str, Any], period: str, kind: str = "monthly_roadmap",
           school: str | None = None) -> DemoStep:
    return command(on, OFFICER, "accept_report", school=school or pair["supported_school"],
                   kind=kind, period=period)


def visit_key(pair: dict[str, Any], kind: str, on: str) -> str:
    return f"{pair['supported_school']}-{kind}-{on}"


def plan(on: str, pair: dict[str, Any], kind: str, planned_on: str, topic: str,
         item: int | None = None, occurrence: str | None = None) -> DemoStep:
    """The curator's school visits the supported school (000 items 10, 16, 17); planned for the
    roadmap item's occurrence (its planned date), held it closes that occurrence (W11)."""
    link = {} if item is None else {"roadmap": pair["roadmap"], "item": item_key(item),
                                    "occurrence": occurrence or planned_on}
    return command(on, OFFICER, "plan_visit", visit=visit_key(pair, kind, planned_on),
                   partnership=pair["partnership"], host_school=pair["supported_school"],
                   visiting_school=pair["partner_school"], planned_on=planned_on, kind=kind,
                   topic=topic, **link)


def occurrence_done(on: str, pair: dict[str, Any], number: int, occurrence: str,
                    *evidence: tuple[str, str, str]) -> DemoStep:
    """One occurrence of a multi-date item done on its own (W7), by the supported school."""
    return command(on, USERS[pair["supported_school"]], "complete_roadmap_occurrence",
                   roadmap=pair["roadmap"], item=item_key(number), occurrence=occurrence,
                   completed_on=on,
                   evidence=[{"kind": k, "reference": r, "description": d} for k, r, d in evidence])


def held(on: str, pair: dict[str, Any], kind: str, findings: str, recommendations: str,
         participants: int) -> DemoStep:
    """Recorded by the curator's (partner) school on the day of the visit."""
    return command(on, USERS[pair["partner_school"]], "record_visit_held",
                   visit=visit_key(pair, kind, on), held_on=on, findings=findings,
                   recommendations=recommendations, participants=participants)
