"""The demo loads through the real command executor on both backends, once and idempotently."""

from __future__ import annotations

from datetime import date

import msgspec

from cascade.calendar_store import bundled_calendars
from cascade.demo.data import DEMO_PRINCIPALS, DEMO_STEPS, DEMO_TENANTS
from cascade.demo.loader import post_demo
from domain.approval import ApprovalSheet
from domain.programme import Programme
from domain.roadmap import Roadmap
from domain.schedule import DateList, Deadline
from services.commands.api import AnyCommand
from services.commands.executor import CommandExecutor
from services.commands.registry import CATALOGUE

KAYBITSY = "ru-16-kaybitsy"

#: Real people named in the source documents: none of them may appear in the demo (152-ФЗ).
REAL_NAMES = (
    "Хамидуллин", "Петрова", "Григорьева", "Шарафутдинова", "Сибгатуллина", "Кальчева",
    "Урманова", "Валиахметова", "Гаделшина", "Сидорова", "Бурлакова", "Фатыхова", "Ахмадиева",
    "Санатуллин", "Сафонова", "Потапова", "Левина", "Денисенкова",
)


#: Dates of facts that happened; planned_on and takes_effect_on may lie ahead.
FACT_DATES = {
    "assigned_on", "concluded_on", "extended_on", "notice_given_on", "ended_on", "exited_on",
    "approved_on", "adopted_on", "started_on", "completed_on", "held_on", "measured_on",
}


def _steps_of(type_: str, tenant: str | None = None):
    return [s for s in DEMO_STEPS
            if s.command["type"] == type_ and (tenant is None or s.tenant == tenant)]


def test_the_demo_loads_through_every_command_and_a_rerun_writes_nothing(backend):
    executor = CommandExecutor(bundled_calendars())

    written = post_demo(backend, executor)  # raises on the first refused step

    assert written >= len(DEMO_STEPS)
    heads = {t.id: backend.application(t.id).head_position() for t in DEMO_TENANTS}
    assert post_demo(backend, executor) == 0
    assert heads == {t.id: backend.application(t.id).head_position() for t in DEMO_TENANTS}

    kaybitsy = backend.application(KAYBITSY)
    roadmaps = [s.command["roadmap"] for s in _steps_of("approve_roadmap", KAYBITSY)]
    assert len(roadmaps) == 2
    for key in roadmaps:
        roadmap = kaybitsy.repository.get(Roadmap.stream_for(KAYBITSY, key))
        assert len(roadmap.items) == 20
        assert roadmap.items["item-01"].schedule == Deadline(date(2021, 2, 15), "До 15.02.2021")
        curators = roadmap.items["item-16"].schedule
        assert isinstance(curators, DateList) and len(curators.dates) == 5
        assert roadmap.items["item-20"].status == "done"

    for step in _steps_of("submit_for_approval"):
        sheet = backend.application(step.tenant).repository.get(
            ApprovalSheet.stream_for(step.tenant, step.command["sheet"]))
        assert sheet.status == "approved"

    targets = {}
    for step in _steps_of("adopt_programme"):
        programme = backend.application(step.tenant).repository.get(
            Programme.stream_for(step.tenant, step.command["programme"]))
        targets[step.tenant] = len(programme.targets)
    assert targets == {"ru-16": 9, "ru-16-leninogorsk": 9, "ru-67-smolensk": 3}


#: Commands no document of the demo gives occasion for: no order of 000-003 amends or lapses a
#: reporting duty, and the demo adopts exactly what the orders say (issue 10 item 1); both are
#: covered by tests/integration/projections/test_duties.py and tests/e2e/test_duty_commands.py.
#: Nor does one change a deadline rule (they set the defaults): tests/*/test_deadline_rules.py.
NOT_IN_THE_DOCUMENTS = {"amend_reporting_duty", "lapse_reporting_duty", "set_deadline_rules",
                        # No order of the demo replaces a tenant's appointee, ends a post or
                        # dissolves a network: tests/*/test_appointment*.py, test_network*.py.
                        "replace_appointee", "end_appointment", "dissolve_network",
                        # The documents give no school's risk factors (the «500+» practice):
                        # tests/*/test_risk*.py.
                        "assess_risk_profile", "adopt_anti_risk_programme",
                        # A person's own e-mail reminders are not facts of the documents:
                        # tests/e2e/test_reminders.py.
                        "subscribe_reminders", "switch_reminders",
                        # The demo registers its schools one by one, as the orders name them; a
                        # list uploaded from Excel: tests/e2e/test_school_import.py.
                        "import_schools"}


def test_the_demo_uses_every_command_type_of_the_catalogue():
    used = {step.command["type"] for step in DEMO_STEPS}
    catalogue = {spec.name for spec in CATALOGUE.values()}
    assert used <= catalogue
    assert len(catalogue & used) >= 25
    assert catalogue - used == NOT_IN_THE_DOCUMENTS


def test_every_step_decodes_and_the_script_runs_in_date_order():
    for step in DEMO_STEPS:
        msgspec.convert(step.command, AnyCommand, strict=False)
    days = [step.on for step in DEMO_STEPS]
    assert days == sorted(days)
    assert {step.tenant for step in DEMO_STEPS} <= {t.id for t in DEMO_TENANTS}


def test_facts_are_not_dated_after_the_day_they_are_posted():
    for step in DEMO_STEPS:
        for field, value in step.command.items():
            if field in FACT_DATES:
                assert date.fromisoformat(value) <= step.on, (field, step)
    for step in _steps_of("request_internship"):
        start = date.fromisoformat(step.command["start"])
        assert (start - step.on).days >= 7


def test_approvers_are_demo_principals_who_sign_off_in_turn():
    subjects = {p.subject for p in DEMO_PRINCIPALS.values()}
    for submitted in _steps_of("submit_for_approval"):
        approvers = [a["subject"] for a in submitted.command["approvers"]]
        assert set(approvers) <= subjects
        signers = [s.actor.subject for s in _steps_of("sign_off", submitted.tenant)
                   if s.command["sheet"] == submitted.command["sheet"]]
        assert signers[-len(approvers):] == approvers


def test_every_role_has_a_principal_and_no_real_person_is_named():
    roles = {p.role for p in DEMO_PRINCIPALS.values()}
    assert roles == {"region_operator", "municipal_officer", "school_user", "auditor", "admin"}
    assert {p.region for p in DEMO_PRINCIPALS.values() if p.role == "region_operator"} == {
        "ru-16", "ru-67", "ru-26", "ru-38"}
    assert all(p.subject.endswith("@example.org") for p in DEMO_PRINCIPALS.values())
    text = msgspec.json.encode([step.command for step in DEMO_STEPS]).decode()
    assert [name for name in REAL_NAMES if name in text] == []
