"""Runs one command: authorise, replay or decide, save atomically, retry a lost race."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import msgspec
from eventsourcing.persistence import IntegrityError

from domain.base import Actor, DomainError, Provenance
from domain.calendar import WorkingCalendar
from domain.rules import DeadlineRules
from services.auth import Forbidden, Principal
from services.commands.registry import CATALOGUE, Command, CommandSpec
from services.commands.session import Session, VersionConflict
from tenants.application import TenantApplication
from tenants.recorders import IdempotencyRecord
from tenants.registry import Tenant

MAX_ATTEMPTS = 5


class EventWritten(msgspec.Struct, frozen=True):
    """One event the command wrote."""

    id: str
    type: str
    stream_id: str
    version: int
    position: int


class CommandAccepted(msgspec.Struct, frozen=True):
    """The answer to an accepted command: what was written and the log position after it."""

    tenant_id: str
    command: str
    events: list[EventWritten]
    position: int


class IdempotencyMismatch(DomainError):
    """The key was already used for a different request."""

    code = "idempotency-key-reused"


def request_hash(command: Command) -> str:
    """Fingerprint of the decoded command, so formatting differences do not matter."""
    return hashlib.sha256(msgspec.json.encode(command)).hexdigest()


def authorise(spec: CommandSpec, tenant: Tenant, principal: Principal) -> None:
    """Role and tenant scope of a command, before anything is loaded."""
    if principal.region != tenant.region_id:
        raise Forbidden()
    if principal.role in ("municipal_officer", "school_user") and principal.tenant != tenant.id:
        raise Forbidden()
    if principal.role not in spec.roles:
        raise Forbidden(f"role {principal.role} may not post {spec.name}")
    if tenant.kind not in spec.tenant_kinds:
        raise Forbidden(f"{spec.name} is not a fact of a {tenant.kind} tenant")


class CommandExecutor:
    """Shared by the HTTP API and the demo loader: every write goes through here."""

    def __init__(self, calendar: WorkingCalendar, rules: DeadlineRules | None = None) -> None:
        self.calendar = calendar
        self.rules = rules or DeadlineRules()

    def execute(
        self,
        app: TenantApplication,
        tenant: Tenant,
        principal: Principal,
        command: Command,
        correlation_id: str,
        idempotency_key: str | None = None,
        now: datetime | None = None,
    ) -> tuple[CommandAccepted, bool]:
        """Returns the answer and whether it is a replay of an earlier request with the same key."""
        spec = CATALOGUE[type(command)]
        authorise(spec, tenant, principal)
        fingerprint = request_hash(command)
        if idempotency_key:
            replay = self._replay(app, tenant, spec, idempotency_key, fingerprint)
            if replay is not None:
                return replay, True
        meta = Provenance(
            tenant_id=tenant.id,
            actor=Actor(principal.subject, principal.role, principal.organisation),
            correlation_id=correlation_id,
            idempotency_key=idempotency_key,
        )
        for attempt in range(1, MAX_ATTEMPTS + 1):
            today = (now or datetime.now(ZoneInfo(tenant.timezone))).astimezone(
                ZoneInfo(tenant.timezone)
            ).date()
            session = Session(
                app, tenant, principal, meta, today, self.calendar, self.rules,
                command.expected_version,
            )
            try:
                spec.handler(command, session)
            except DomainError:
                # A duplicate of this request may have committed after our first look.
                if idempotency_key:
                    replay = self._replay(app, tenant, spec, idempotency_key, fingerprint)
                    if replay is not None:
                        return replay, True
                raise
            record = (
                IdempotencyRecord(idempotency_key, fingerprint, ()) if idempotency_key else None
            )
            try:
                recordings = app.save(*session.pending, idempotency=record)
            except IntegrityError:
                if idempotency_key:
                    replay = self._replay(app, tenant, spec, idempotency_key, fingerprint)
                    if replay is not None:
                        return replay, True
                if command.expected_version is not None or attempt == MAX_ATTEMPTS:
                    raise VersionConflict(
                        "another request changed the same stream first; reload and retry",
                        "expected_version",
                    ) from None
                continue
            events = [
                EventWritten(
                    id=f"{r.notification.originator_id}:{r.notification.originator_version}",
                    type=event_type(r.notification.topic),
                    stream_id=str(r.notification.originator_id),
                    version=r.notification.originator_version,
                    position=r.notification.id,
                )
                for r in recordings
            ]
            position = max(e.position for e in events) if events else app.head_position()
            return CommandAccepted(tenant.id, spec.name, events, position), False
        raise AssertionError("unreachable")  # pragma: no cover

    def _replay(
        self, app: TenantApplication, tenant: Tenant, spec: CommandSpec, key: str, fingerprint: str
    ) -> CommandAccepted | None:
        record = app.find_idempotency(key)
        if record is None:
            return None
        if record.request_hash != fingerprint:
            raise IdempotencyMismatch(
                "this Idempotency-Key was already used with a different request", "Idempotency-Key"
            )
        events = [
            EventWritten(
                id=f"{r.stream_id}:{r.version}",
                type=event_type(r.topic),
                stream_id=str(r.stream_id),
                version=r.version,
                position=r.position,
            )
            for r in app.find_recordings(record.events)
        ]
        return CommandAccepted(tenant.id, spec.name, events, max(e.position for e in events))


def event_type(topic: str) -> str:
    """`domain.school:School.Identified` -> `School.Identified`."""
    return topic.rpartition(":")[2]
