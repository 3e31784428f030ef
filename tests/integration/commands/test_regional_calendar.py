"""W3 in-process: the withdrawal limit of 003 p.2.3.2 counts the working days of the tenant's region."""

from datetime import date, timedelta

import pytest

from cascade.app import load_calendars
from cascade.cli import main
from cascade.settings import load_settings
from domain.base import DeadlineMissed
from services.commands.catalogue.internship import RequestInternship, WithdrawInternship
from services.commands.executor import CommandExecutor
from tenants.registry import Tenant
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import MUNICIPALITY, event, officer_of

SMOLENSK = Tenant("ru-67-smolensky", "municipality", "ru-67", "Смоленский район")
START = date(2021, 9, 2)
AUGUST = date(2021, 8, 2)
WITHDRAW = WithdrawInternship(internship="i-1", reason="болезнь")


def request() -> RequestInternship:
    return RequestInternship(internship="i-1", school="s-1", host_school="s-2",
                             topic="Формирующее оценивание", participants=3, start=START,
                             end=START + timedelta(days=2))


@pytest.fixture
def both(scenario):
    """An internship starting 02.09.2021 requested in Kaibitsy (ru-16) and in Smolensk (ru-67)."""
    scenario.backend.provision(SMOLENSK)
    for tenant in (MUNICIPALITY, SMOLENSK):
        scenario.on(AUGUST).given(*registered("s-1", "s-2"), request(),
                                  by=officer_of(tenant), tenant=tenant)
    return scenario


def withdraw_on(scenario, day: date, tenant: Tenant):
    return scenario.on(day).when(WITHDRAW, by=officer_of(tenant), tenant=tenant)


def test_w3_withdrawal_counts_tatarstan_days_off(both):
    # 30.08.2021 is the Day of the Republic of Tatarstan: the third working day before is 27.08.
    error = withdraw_on(both, date(2021, 8, 30), MUNICIPALITY).then_refused(
        DeadlineMissed, "withdrawn_on")
    assert "until 2021-08-27" in str(error)
    withdraw_on(both, date(2021, 8, 27), MUNICIPALITY).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=date(2021, 8, 27)))


def test_w3_a_smolensk_tenant_withdraws_by_the_federal_calendar(both):
    withdraw_on(both, date(2021, 8, 30), SMOLENSK).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=date(2021, 8, 30)))


def test_w3_an_override_written_by_the_cli_changes_the_answer_after_restart(both, tmp_path):
    environ = {"CASCADE_DATA_DIR": str(tmp_path / "var")}
    # The operator learns that 30.08.2021 was made a working day in the region (a decree).
    assert main_with(environ, ["calendar", "set-days", "ru-16", "--year", "2021",
                               "--working", "2021-08-30", "--source", "Указ (проверка)"]) == 0
    before = withdraw_on(both, date(2021, 8, 30), MUNICIPALITY)
    before.then_refused(DeadlineMissed, "withdrawn_on")  # the running executor read the old table
    both.executor = CommandExecutor(load_calendars(load_settings(environ)))  # restart
    withdraw_on(both, date(2021, 8, 30), MUNICIPALITY).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=date(2021, 8, 30)))


def test_w3_a_tatarstan_override_leaves_smolensk_unaffected(both, tmp_path):
    environ = {"CASCADE_DATA_DIR": str(tmp_path / "var")}
    assert main_with(environ, ["calendar", "set-days", "ru-16", "--year", "2021",
                               "--non-working", "2021-08-31"]) == 0
    both.executor = CommandExecutor(load_calendars(load_settings(environ)))
    refused = withdraw_on(both, date(2021, 8, 27), MUNICIPALITY).then_refused(
        DeadlineMissed, "withdrawn_on")
    assert "until 2021-08-26" in str(refused)  # 31.08 is now off too
    withdraw_on(both, date(2021, 8, 30), SMOLENSK).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=date(2021, 8, 30)))


def main_with(environ: dict[str, str], argv: list[str]) -> int:
    """`cascade ...` with these settings in the environment (the CLI reads os.environ)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environ.items():
            patch.setenv(name, value)
        return main(argv)
