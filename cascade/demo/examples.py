"""One request example per command type for the OpenAPI document, taken from the demo data.

Most are the demo's own first step of that type, so they stay true as the demo changes. The
commands no document of the demo gives occasion for (tests/integration/test_demo.py,
NOT_IN_THE_DOCUMENTS) are built from the demo's entities: they name an appointment, a network,
a duty, a school and a roadmap item the demo records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cascade.demo.data import DEMO_STEPS
from cascade.demo.model import DemoStep
from services.auth import Principal


@dataclass(frozen=True)
class CommandExample:
    """A command as a client posts it, to which tenant and by whom."""

    tenant: str
    actor: Principal
    command: dict[str, Any]
    summary: str


def _first(type_: str, tenant: str | None = None) -> DemoStep:
    return next(s for s in DEMO_STEPS if s.command["type"] == type_ and tenant in (None, s.tenant))


def _derived() -> list[CommandExample]:
    """Examples of the commands the demo never posts, on the demo's own entities."""
    appoint = _first("appoint")
    network = _first("establish_network")
    duty = _first("adopt_reporting_duty")
    identified = _first("identify_school", "ru-16-kaybitsy")
    item = _first("add_roadmap_item", identified.tenant)
    roadmap = _first("approve_roadmap", identified.tenant)
    school, factor = identified.command["school"], identified.command["risk_factors"][0]
    registered = _first("register_school", identified.tenant)
    a, n, d, r = appoint.command, network.command, duty.command, registered.command
    replacing = {"full_name": "Иванова А. А.", "position": a["person"]["position"]}
    amended = {k: v for k, v in d.items() if k not in ("type", "effective_until", "effective_from")}
    made = [
        (appoint, {"type": "replace_appointee", "appointment": a["appointment"], "person": replacing,
                   "effective_from": "2021-09-01", "order": a["order"], "reason": "перевод на другую должность"}),
        (appoint, {"type": "end_appointment", "appointment": a["appointment"], "ended_on": "2022-06-30",
                   "order": a["order"]}),
        (network, {"type": "dissolve_network", "network": n["network"], "dissolved_on": "2024-12-31",
                   "order": n["order"]}),
        (duty, {"type": "amend_reporting_duty", **amended, "effective_from": "2020-05-01"}),
        (duty, {"type": "lapse_reporting_duty", "duty": d["duty"], "lapsed_on": "2021-05-07", "order": d["order"]}),
        (duty, {"type": "set_deadline_rules", "effective_from": "2021-01-01", "order": d["order"],
                "internship_withdrawal_working_days": 3}),
        (identified, {"type": "assess_risk_profile", "school": school, "assessed_on": "2021-03-01",
                      "source": "анкетирование «500+»", "factors": [{"factor": factor, "level": "high"}]}),
        (identified, {"type": "adopt_anti_risk_programme", "school": school, "factor": factor,
                      "title": "Антирисковая программа", "goals": ["Повысить квалификацию учителей"],
                      "measures": [{"roadmap": roadmap.command["roadmap"], "item": item.command["item"]}],
                      "indicators": [{"title": "Доля учителей, прошедших курсы", "target": 100, "unit": "%"}],
                      "adopted_on": "2021-03-10"}),
        (registered, {"type": "subscribe_reminders", "full_name": "Иванова А. А.",
                      "position": "специалист отдела образования", "email": "ivanova@example.ru"}),
        (registered, {"type": "switch_reminders", "enabled": False}),
        (registered, {"type": "import_schools", "source": "школы.xlsx", "sha256": "0" * 64, "refused": 0,
                      "rows": [{"school": r["school"], "name": r["name"], "short_name": "Федоровская СОШ",
                                "address": "с. Федоровское", "categories": ["low_results"]}]}),
    ]
    return [CommandExample(step.tenant, step.actor, command, f"{command['type']} in {step.tenant}")
            for step, command in made]


def command_examples() -> dict[str, CommandExample]:
    """Command type -> its example: the demo's first step of the type, else a derived one."""
    examples: dict[str, CommandExample] = {}
    for step in DEMO_STEPS:
        name = step.command["type"]
        if name not in examples:
            examples[name] = CommandExample(step.tenant, step.actor, step.command,
                                            f"{name} in {step.tenant} (demo, {step.on.isoformat()})")
    for example in _derived():
        examples.setdefault(example.command["type"], example)
    return examples
