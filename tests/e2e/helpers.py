"""What e2e tests share: the tenants, principals, a tiny API client, answer checks, set-up steps."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from litestar.testing import TestClient

from cascade.settings import Settings
from domain.roles import AUDITOR, MUNICIPAL_OFFICER, REGION_OPERATOR, SCHOOL_USER
from services.auth import Principal, ensure_development_key, mint_token
from tenants.backends import Backend
from tenants.registry import Tenant

#: The municipality most tests act in, and its region.
TENANT = "ru-16-kaybitsy"
REGION = "ru-16"

TENANTS = [
    Tenant("ru-16", "region", "ru-16", "Республика Татарстан"),
    Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий муниципальный район"),
    Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский муниципальный район"),
    Tenant("ru-67", "region", "ru-67", "Смоленская область"),
    Tenant("ru-67-smolensk", "municipality", "ru-67", "город Смоленск"),
]

#: The order a decision rests on, as a client sends it.
BASIS = {"number": "20/2", "issued_on": "2021-02-11", "title": "Приказ"}

PROBLEM_JSON = "application/problem+json"

#: The time zone of every test tenant: the server judges "today" and "the future" by it.
ZONE = ZoneInfo("Europe/Moscow")


def today() -> date:
    """Today where the tenants are, which is not the machine's today around midnight UTC."""
    return datetime.now(ZONE).date()


def days(n: int) -> str:
    """An ISO date n days from the tenants' today (negative: in the past)."""
    return (today() + timedelta(days=n)).isoformat()


# --- principals -------------------------------------------------------------------------------


def officer(tenant: str = TENANT, region: str = REGION) -> Principal:
    return Principal(f"officer@{tenant}", MUNICIPAL_OFFICER, region, tenant)


def school_user(school: str, tenant: str = TENANT, region: str = REGION) -> Principal:
    return Principal(f"user@{school}", SCHOOL_USER, region, tenant, school)


def operator(region: str = REGION) -> Principal:
    return Principal(f"operator@{region}", REGION_OPERATOR, region)


def auditor(region: str = REGION) -> Principal:
    return Principal(f"auditor@{region}", AUDITOR, region)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    """Poll a condition until it holds, failing after a bounded deadline (never a bare sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.001)


# --- the client -------------------------------------------------------------------------------


@dataclass
class Api:
    """A client plus token minting: `api.post(tenant, command, as_=principal)`."""

    client: TestClient
    settings: Settings
    backend: Backend
    tokens: dict[Principal, str] = field(default_factory=dict)

    def token(self, principal: Principal) -> str:
        if principal not in self.tokens:
            key = ensure_development_key(self.settings.dev_key_path)
            self.tokens[principal] = mint_token(key, principal)
        return self.tokens[principal]

    def headers(self, principal: Principal | None, **extra: str) -> dict[str, str]:
        headers = dict(extra)
        if principal is not None:
            headers["Authorization"] = f"Bearer {self.token(principal)}"
        return headers

    def post(
        self, tenant: str, command: dict[str, Any], as_: Principal | None, key: str | None = None
    ) -> Any:
        extra = {"Idempotency-Key": key} if key else {}
        return self.client.post(
            f"/api/v1/tenants/{tenant}/commands", json=command, headers=self.headers(as_, **extra)
        )

    def get(self, path: str, as_: Principal | None, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(as_))

    def head(self, tenant: str) -> int:
        return self.backend.application(tenant).head_position()

    def project(self) -> int:
        """Run the projections once, up to the head of every log (tests drive it explicitly)."""
        from services.projections.runner import ProjectionRunner

        read = self.client.app.state.services.read
        return ProjectionRunner(self.backend, read.store, read.views).run_once()

    def count(self, tenant: str) -> int:
        """Events in the tenant log (positions may have gaps on PostgreSQL)."""
        recorder = self.backend.application(tenant).recorder
        return len(recorder.select_notifications(start=None, limit=1_000_000))

    def load(self, cls: Any, key: str, tenant: str = TENANT) -> Any:
        """The aggregate as stored, to check what a command changed."""
        return self.backend.application(tenant).repository.get(cls.stream_for(tenant, key))


# --- answers ----------------------------------------------------------------------------------


def ok(api: Api, command: dict[str, Any], as_: Principal | None = None, tenant: str = TENANT) -> Any:
    """The command is accepted (201); the answer's body. An officer of the tenant posts by default."""
    response = api.post(tenant, command, as_ or officer(tenant))
    assert response.status_code == 201, response.text
    return response.json()


def types(body: dict[str, Any]) -> list[str]:
    """The types of the events an accepted command wrote, in order."""
    return [event["type"] for event in body["events"]]


def recorded(
    api: Api, command: dict[str, Any], as_: Principal | None = None, tenant: str = TENANT
) -> list[str]:
    """The command is accepted; the types of the events it wrote."""
    return types(ok(api, command, as_, tenant))


def refused(
    api: Api,
    command: dict[str, Any],
    as_: Principal | None,
    status: int,
    field: str | None = None,
    tenant: str = TENANT,
    problem: str | None = None,
) -> Any:
    """Refused with problem details naming the field (and the problem type), nothing written."""
    before = api.head(tenant)
    response = api.post(tenant, command, as_)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    if field is not None:
        assert body["field"] == field, response.text
    if problem is not None:
        assert body["type"] == f"/problems/{problem}", response.text
    assert api.head(tenant) == before
    return body


# --- set-up steps -----------------------------------------------------------------------------


def register_schools(api: Api, *codes: str, tenant: str = TENANT) -> Api:
    for code in codes:
        ok(api, {"type": "register_school", "school": code, "name": f"Школа {code}"}, tenant=tenant)
    return api


def identify_school(api: Api, code: str, cohort_year: int = 2021, tenant: str = TENANT) -> Api:
    ok(api, {"type": "identify_school", "school": code, "categories": ["low_results"],
             "cohort_year": cohort_year, "basis": BASIS}, tenant=tenant)
    return api


def assign_partner(
    api: Api, partnership: str, supported: str, partner: str, assigned_on: str = "2021-02-11",
    tenant: str = TENANT,
) -> Api:
    """The supported school paired with its partner, with the three people every pairing names."""
    ok(api, {"type": "assign_partner", "partnership": partnership, "supported_school": supported,
             "partner_school": partner,
             "coordinator": {"full_name": "Иванова Анна Петровна"},
             "curator": {"full_name": "Петров Иван Сергеевич"},
             "municipal_coordinator": {"full_name": "Сидорова Мария Ивановна"},
             "assigned_on": assigned_on, "basis": BASIS}, tenant=tenant)
    return api
