"""W3 over HTTP on both backends: working days by the tenant's region (003 p.2.3.2 withdrawal).

A client cannot post a business day in the past (the server's today judges commands), so the
2021 case is written through the server's own executor on its 2021 day and read over HTTP; the
override case runs on today's dates over HTTP from end to end.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from litestar.testing import TestClient

from cascade.app import create_app
from cascade.calendar_store import bundled_calendars
from cascade.cli import main
from domain.base import DeadlineMissed
from services.commands.catalogue.internship import RequestInternship, WithdrawInternship
from services.projections.rebuild import rebuild
from tests.e2e.helpers import TENANTS, ZONE, Api, officer, ok, refused, today

KAYBITSY = next(t for t in TENANTS if t.id == "ru-16-kaybitsy")
SMOLENSK = next(t for t in TENANTS if t.id == "ru-67-smolensk")
START = date(2021, 9, 2)
WITHDRAW = {"type": "withdraw_internship", "internship": "i-1", "reason": "болезнь"}


def schedule(api: Api, tenant, first: date, last: date) -> dict[str, dict]:
    response = api.get(f"/api/v1/tenants/{tenant.id}/schedule", by(tenant),
                       **{"from": first.isoformat(), "to": last.isoformat(), "kind": "internship_withdrawal"})
    assert response.status_code == 200, response.text
    return {row["id"]: row for row in response.json()["rows"]}


def on_day(api: Api, tenant, day: date, command) -> None:
    """The server's own executor (the one HTTP requests use), on a business day of 2021."""
    api.client.app.state.services.executor.execute(
        api.backend.application(tenant.id), tenant, by(tenant), command,
        f"w3-{day}", now=datetime.combine(day, time(12), ZONE),
    )


@pytest.fixture
def schools(api: Api) -> Api:
    for tenant in (KAYBITSY, SMOLENSK):
        for code in ("s-1", "s-2"):
            ok(api, {"type": "register_school", "school": code, "name": f"Школа {code}"},
               as_=by(tenant), tenant=tenant.id)
    return api


def by(tenant):
    return officer(tenant.id, tenant.region_id)


def test_w3_withdrawal_counts_tatarstan_days_off(schools):
    api = schools
    request = RequestInternship(internship="i-1", school="s-1", host_school="s-2", topic="ФО",
                                participants=2, start=START, end=START + timedelta(days=1))
    for tenant in (KAYBITSY, SMOLENSK):
        on_day(api, tenant, date(2021, 8, 2), request)
    api.project()
    window = (date(2021, 8, 1), date(2021, 9, 30))
    assert schedule(api, KAYBITSY, *window)["internship_withdrawal:i-1"]["due_on"] == "2021-08-27"
    assert schedule(api, SMOLENSK, *window)["internship_withdrawal:i-1"]["due_on"] == "2021-08-30"
    withdraw = WithdrawInternship(internship="i-1", reason="болезнь")
    with pytest.raises(DeadlineMissed, match="until 2021-08-27"):
        on_day(api, KAYBITSY, date(2021, 8, 30), withdraw)
    on_day(api, SMOLENSK, date(2021, 8, 30), withdraw)


def set_days_off(api: Api, days: list[date]) -> None:
    """`cascade calendar set-days ru-16` for each year of the days, as an operator would."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CASCADE_DATA_DIR", api.settings.data_dir)
        for year in sorted({d.year for d in days}):
            listed = [d.isoformat() for d in days if d.year == year]
            assert main(["calendar", "set-days", "ru-16", "--year", str(year),
                         "--non-working", *listed, "--source", "проверка"]) == 0


def test_w3_an_override_written_by_the_cli_changes_the_answer_after_restart(schools):
    api = schools
    start = today() + timedelta(days=14)
    for tenant in (KAYBITSY, SMOLENSK):
        ok(api, {"type": "request_internship", "internship": "i-1", "school": "s-1",
                 "host_school": "s-2", "topic": "ФО", "participants": 2,
                 "start": start.isoformat(), "end": start.isoformat()}, as_=by(tenant), tenant=tenant.id)
    # Every weekday up to the start is declared a day off in Tatarstan: too late to withdraw.
    set_days_off(api, [today() + timedelta(days=n) for n in range(1, 14)])
    restarted = create_app(api.settings, backend=api.backend)
    with TestClient(restarted, raise_server_exceptions=False) as client:
        after = Api(client, api.settings, api.backend)
        refused(after, WITHDRAW, officer(), 422, "withdrawn_on", problem="deadline-rule")
        ok(after, WITHDRAW, as_=by(SMOLENSK), tenant=SMOLENSK.id)  # Smolensk is unaffected
        read = client.app.state.services.read
        after.project()
        rebuild(api.backend, read.store, next(v for v in read.views if v.name == "schedule"))
        window = (today() - timedelta(days=30), start)
        federal = bundled_calendars().federal.add_working_days(start, -3)
        tatarstan = bundled_calendars().for_region("ru-16").add_working_days(today() + timedelta(days=1), -3)
        assert tatarstan < today() <= federal
        rows = schedule(after, KAYBITSY, *window)
        assert rows["internship_withdrawal:i-1"]["due_on"] == tatarstan.isoformat()
        rows = schedule(after, SMOLENSK, *window)
        assert rows["internship_withdrawal:i-1"]["due_on"] == federal.isoformat()
