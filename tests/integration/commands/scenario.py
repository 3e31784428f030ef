"""Given earlier commands, when this command, then these events or this refusal: in-process."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import services.commands.catalogue  # noqa: F401  (registers every handler)
from cascade.calendar_store import bundled_calendars
from domain.roles import AUDITOR, MUNICIPAL_OFFICER, REGION_OPERATOR, SCHOOL_USER
from services.auth import Principal
from services.commands.executor import CommandAccepted, CommandExecutor
from services.commands.registry import Command
from tenants.backends import Backend
from tenants.registry import Tenant

MUNICIPALITY = Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий муниципальный район")
NEIGHBOUR = Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский район")
REGION = Tenant("ru-16", "region", "ru-16", "Республика Татарстан")
OTHER_REGION = Tenant("ru-67", "region", "ru-67", "Смоленская область")
TENANTS = (REGION, MUNICIPALITY, NEIGHBOUR, OTHER_REGION)

#: The day every scenario happens on unless it says otherwise: a Tuesday.
TODAY = date(2021, 6, 1)

OFFICER = Principal("officer@ru-16-kaybitsy", MUNICIPAL_OFFICER, "ru-16", MUNICIPALITY.id)
OPERATOR = Principal("operator@ru-16", REGION_OPERATOR, "ru-16")
AUDITOR_ = Principal("auditor@ru-16", AUDITOR, "ru-16")


def school_user(school: str, tenant: Tenant = MUNICIPALITY) -> Principal:
    return Principal(f"user@{school}", SCHOOL_USER, tenant.region_id, tenant.id, school)


def officer_of(tenant: Tenant) -> Principal:
    return Principal(f"officer@{tenant.id}", MUNICIPAL_OFFICER, tenant.region_id, tenant.id)


def operator_of(region: str) -> Principal:
    return Principal(f"operator@{region}", REGION_OPERATOR, region)


@dataclass(frozen=True)
class Recorded:
    """An event expected in the log: its type and the fields that matter to the test."""

    type: str
    fields: dict[str, Any]


def event(type_: str, **fields: Any) -> Recorded:
    return Recorded(type_, fields)


@dataclass
class Scenario:
    """Runs commands through the real executor against a real SQLite store, one tenant at a time."""

    backend: Backend
    executor: CommandExecutor = field(default_factory=lambda: CommandExecutor(bundled_calendars()))
    today: date = TODAY
    _serial: int = 0

    def __post_init__(self) -> None:
        # As in the server: a municipality finds its region's programme start in the region's log.
        if self.executor.logs is None:
            self.executor.logs = self.backend.application

    def on(self, day: date) -> Scenario:
        """What follows happens on this day (the tenant's today)."""
        self.today = day
        return self

    def given(self, *commands: Command, by: Principal = OFFICER, tenant: Tenant = MUNICIPALITY,
              ) -> Scenario:
        """Earlier facts: each command must be accepted."""
        for command in commands:
            self.run(command, by, tenant)
        return self

    def when(self, command: Command, by: Principal = OFFICER, tenant: Tenant = MUNICIPALITY,
             key: str | None = None) -> Outcome:
        app = self.backend.application(tenant.id)
        before = app.head_position()
        try:
            accepted, replayed = self.run(command, by, tenant, key)
        except Exception as error:  # the outcome judges it
            return Outcome(self, tenant, before, error=error)
        return Outcome(self, tenant, before, accepted=accepted, replayed=replayed)

    def run(self, command: Command, by: Principal, tenant: Tenant,
            key: str | None = None) -> tuple[CommandAccepted, bool]:
        self._serial += 1
        now = datetime.combine(self.today, time(12), ZoneInfo(tenant.timezone))
        return self.executor.execute(
            self.backend.application(tenant.id), tenant, by, command,
            f"scenario-{self._serial}", idempotency_key=key, now=now,
        )


@dataclass
class Outcome:
    """What one command did; `then` and `then_refused` say what it should have done."""

    scenario: Scenario
    tenant: Tenant
    head_before: int
    accepted: CommandAccepted | None = None
    replayed: bool = False
    error: Exception | None = None

    def then(self, *expected: Recorded) -> list[Any]:
        """Exactly these events were written, in order, with these field values."""
        assert self.error is None, f"refused: {self.error!r}"
        assert self.accepted is not None
        events = self.events()
        assert [type(e).__qualname__ for e in events] == [e.type for e in expected]
        for written, wanted in zip(events, expected, strict=True):
            for name, value in wanted.fields.items():
                assert getattr(written, name) == value, (wanted.type, name, getattr(written, name))
        return events

    def then_refused(self, error: type[Exception], field: str | None = None) -> Exception:
        """Refused with this error naming this field, and nothing was written."""
        assert self.error is not None, f"accepted: {self.accepted}"
        assert isinstance(self.error, error), repr(self.error)
        if field is not None:
            assert getattr(self.error, "field", None) == field, repr(self.error)
        app = self.scenario.backend.application(self.tenant.id)
        assert app.head_position() == self.head_before
        return self.error

    def events(self) -> list[Any]:
        """The domain events the command wrote, read back from the store."""
        assert self.accepted is not None
        app = self.scenario.backend.application(self.tenant.id)
        return [
            next(iter(app.events.get(UUID(w.stream_id), gt=w.version - 1, lte=w.version)))
            for w in self.accepted.events
        ]
