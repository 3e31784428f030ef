"""What a handler works with: the tenant's repository, the caller's scope, today, the rules."""

from __future__ import annotations

import copy
from datetime import date
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.base import (
    AlreadyExists,
    CascadeAggregate,
    DomainError,
    InvalidValue,
    NotFound,
    Provenance,
)
from domain.calendar import WorkingCalendar
from domain.deadline_rules import KEY, RulesVersion, TenantRules, rules_on
from domain.rules import DeadlineRules
from domain.school import School
from services.auth import Principal
from tenants.aggregate_cache import ABSENT
from tenants.application import TenantApplication
from tenants.registry import Tenant

A = TypeVar("A", bound=CascadeAggregate)

#: What earlier commands of a group commit decided (services.commands.group_commit): each
#: aggregate, and the version the cache served it at if it came from the cache unchanged.
Overlay = dict[UUID, tuple[CascadeAggregate, int | None]]


class VersionConflict(DomainError):
    """The target stream is not at the version the client expected."""

    code = "version-conflict"


class Session:
    """One attempt at one command: loads aggregates, checks versions, collects what to save."""

    def __init__(
        self,
        app: TenantApplication,
        tenant: Tenant,
        principal: Principal,
        meta: Provenance,
        today: date,
        calendar: WorkingCalendar,
        rules: DeadlineRules,
        expected_version: int | None,
        overlay: Overlay | None = None,
    ) -> None:
        self.app = app
        self._overlay = overlay if overlay is not None else {}
        self.tenant = tenant
        self.principal = principal
        self.meta = meta
        #: The business day the command is decided on: the tenant's today, or the effective date
        #: of a fact transcribed from paper (`meta.transcription`).
        self.today = today
        self.calendar = calendar
        #: The rules before any change by the tenant (the documents' defaults).
        self.rules = rules
        self._rule_versions: tuple[RulesVersion, ...] | None = None
        self._expected_version = expected_version
        self._target_checked = False
        self.pending: list[CascadeAggregate] = []
        #: Every aggregate found, and the versions of those the tenant's cache served: the save
        #: checks those are still current (tenants.aggregate_cache).
        self.found: dict[UUID, CascadeAggregate] = {}
        self.cached: dict[UUID, int] = {}
        #: A read-ahead outside the group's lock (services.commands.group_commit): what the store
        #: answers is kept in the tenant's cache for the batch's decision.
        self.prefetch = False

    def rules_on(self, day: date) -> DeadlineRules:
        """The tenant's deadline rules in force on `day` (one read of its rules stream)."""
        if self._rule_versions is None:
            found = self.find(TenantRules, TenantRules.stream_for(self.tenant.id, KEY))
            self._rule_versions = found.versions if found is not None else ()
        return rules_on(self._rule_versions, day) if self._rule_versions else self.rules

    # Loading -----------------------------------------------------------------------------
    def find(self, cls: type[A], stream: UUID) -> A | None:
        aggregate = self.found.get(stream) or self._fetch(stream)
        if aggregate is None:
            return None
        self.found[stream] = aggregate
        return aggregate if isinstance(aggregate, cls) else None  # type: ignore[return-value]

    def _fetch(self, stream: UUID) -> CascadeAggregate | None:
        """From the batch's overlay, else the tenant's cache, else the store; each a private copy."""
        if stream in self._overlay:
            decided, cached_at = self._overlay[stream]
            if cached_at is not None:
                self.cached[stream] = cached_at
            return copy.deepcopy(decided)
        aggregate = self.app.aggregates.get(stream)
        if aggregate is not None:
            self.cached[stream] = aggregate.version  # ABSENT: version 0, the save checks it is still new
            return None if aggregate is ABSENT else aggregate
        try:
            aggregate = self.app.load(stream)  # PostgreSQL: snapshot and events in one statement
        except AggregateNotFoundError:
            self.app.aggregates.put_absent(stream)
            return None
        if self.prefetch:  # read ahead of the batch's decision: kept for it, this copy is the session's
            self.app.aggregates.put([aggregate])
            return copy.deepcopy(aggregate)
        return aggregate

    def seen(self) -> set[UUID]:
        """Every stream the decision looked at: what to forget if the cache may have been behind."""
        return set(self.found) | set(self.cached)

    def reads(self) -> list[tuple[UUID, int]]:
        """Aggregates decided on from the cache and not changed: the save checks their versions."""
        written = {aggregate.id for aggregate in self.pending}
        return [(stream, version) for stream, version in self.cached.items() if stream not in written]

    def load(self, cls: type[A], stream: UUID, field: str, key: str) -> A:
        """An existing aggregate, or NotFound naming the field of the command."""
        aggregate = self.find(cls, stream)
        if aggregate is None:
            raise NotFound(f"{field} {key!r} does not exist in tenant {self.tenant.id}", field)
        return aggregate

    def target(self, cls: type[A], stream: UUID, field: str, key: str) -> A:
        """The aggregate the command changes; `expected_version` is checked against it."""
        aggregate = self.load(cls, stream, field, key)
        self._check_expected(aggregate.version)
        return self.add(aggregate)

    def school(self, code: str, field: str = "school") -> School:
        return self.load(School, School.stream_for(self.tenant.id, code), field, code)

    def new(self, aggregate: A, field: str, key: str) -> A:
        """A newly created aggregate; refuses to overwrite an existing stream."""
        if self.find(CascadeAggregate, aggregate.id) is not None:
            raise AlreadyExists(f"{field} {key!r} already exists in tenant {self.tenant.id}", field)
        self._check_expected(0)
        return self.add(aggregate)

    def add(self, aggregate: A) -> A:
        if aggregate not in self.pending:
            self.pending.append(aggregate)
        return aggregate

    def not_after_today(self, value: date, field: str) -> date:
        """A fact cannot be reported as having happened in the future."""
        if value > self.today:
            # For a fact transcribed from paper, "today" is the day it happened (issue 10 item 9).
            day = "the transcribed fact's effective date" if self.meta.transcription else "today"
            raise InvalidValue(field, f"{value.isoformat()} is after {day} ({self.today.isoformat()})")
        return value

    def _check_expected(self, version: int) -> None:
        if self._target_checked or self._expected_version is None:
            return
        self._target_checked = True
        if version != self._expected_version:
            raise VersionConflict(
                f"stream is at version {version}, expected {self._expected_version}",
                "expected_version",
            )
