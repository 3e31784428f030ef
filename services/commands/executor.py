"""Runs one command: authorise, replay or decide, save atomically, retry a lost race."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

import msgspec
from eventsourcing.persistence import IntegrityError

from domain.base import Actor, DomainError, Provenance, Transcription
from domain.regional_calendar import CalendarBook
from domain.rules import DeadlineRules
from services.auth import Forbidden, Principal
from services.commands.authorisation import authorise_command, authorise_transcription
from services.commands.group_commit import Groups, Job
from services.commands.idempotency import idempotency_scope, request_hash, unscoped_record
from services.commands.registry import CATALOGUE, Command, CommandSpec
from services.commands.session import Overlay, Session, VersionConflict
from services.commands.transcription import Logs, programme_start, transcription_on
from tenants.aggregate_cache import StaleRead
from tenants.application import TenantApplication
from tenants.known_keys import KeyKnown
from tenants.recorders import IdempotencyRecord, StoredRecording
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


def was_answered(app: TenantApplication, principal: Principal, key: str) -> bool:
    """Whether this principal's request with this key was already accepted in the tenant."""
    return app.find_idempotency(idempotency_scope(principal, key)) is not None


@dataclass(frozen=True)
class CommandRequest:
    """One command request as the executor sees it: who, where, what, and under which key."""

    app: TenantApplication
    tenant: Tenant
    principal: Principal
    command: Command
    spec: CommandSpec
    correlation_id: str
    idempotency_key: str | None
    check_bare_key: bool = True
    """Whether the save refuses on the bare key too (a record left before keys were scoped)."""

    @cached_property
    def fingerprint(self) -> str:
        return request_hash(self.command)

    @property
    def scoped_key(self) -> str | None:
        key = self.idempotency_key
        return idempotency_scope(self.principal, key) if key else None

    def provenance(self, transcription: Transcription | None = None) -> Provenance:
        actor = Actor(self.principal.subject, self.principal.role, self.principal.organisation)
        return Provenance(
            self.tenant.id, actor, self.correlation_id, self.idempotency_key, transcription
        )

    def transcription(self, today: date, logs: Logs | None) -> Transcription | None:
        """The command's transcription from paper, checked against today and the programme start."""
        transcribed = self.command.transcribed
        if transcribed is None:
            return None
        return transcription_on(
            transcribed, today, lambda: programme_start(self.app, self.tenant, logs)
        )

    def duplicate_committed(self) -> bool:
        """Whether a request with this principal's key has committed since we first looked."""
        key = self.scoped_key
        return key is not None and self.app.find_idempotency(key) is not None

    def record(self) -> IdempotencyRecord | None:
        """What the save leaves behind so that a retry with the same key replays."""
        key = self.scoped_key
        return IdempotencyRecord(key, self.fingerprint, ()) if key else None

    def known_keys(self) -> list[str]:
        """Keys beside the scoped one that the save refuses on: the bare key, unless found foreign."""
        key = self.idempotency_key
        return [key] if key and self.check_bare_key else []

    def answer(self, written: list[StoredRecording]) -> CommandAccepted:
        """The 201 body; a command that wrote nothing answers the log's head."""
        events = [
            EventWritten(
                id=f"{r.stream_id}:{r.version}", type=event_type(r.topic),
                stream_id=str(r.stream_id), version=r.version, position=r.position,
            )
            for r in written
        ]
        position = max((e.position for e in events), default=0) or self.app.head_position()
        return CommandAccepted(self.tenant.id, self.spec.name, events, position)


class CommandExecutor:
    """Shared by the HTTP API and the demo loader: every write goes through here."""

    def __init__(
        self, calendars: CalendarBook, rules: DeadlineRules | None = None, logs: Logs | None = None
    ) -> None:
        #: One production calendar per region: each command is judged by its tenant's region's.
        if not isinstance(calendars, CalendarBook):
            raise TypeError(f"the executor needs a CalendarBook, not {type(calendars).__name__}")
        self.calendars = calendars
        self.rules = rules or DeadlineRules()
        #: Every tenant's log by id: a municipality without a programme of its own transcribes
        #: from its region's programme start. Without it, only the tenant's own programmes count.
        self.logs = logs
        self.groups = Groups()

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
        """The answer, and whether it replays an earlier request of this principal with this key."""
        spec = CATALOGUE[type(command)]
        authorise_command(spec, principal, tenant)
        if command.transcribed is not None:
            authorise_transcription(principal)
        request = CommandRequest(app, tenant, principal, command, spec, correlation_id, idempotency_key)
        with app.unit():  # one connection for the whole command (PostgreSQL: one pool checkout)
            # No lookup of the key first: the save refuses a key already recorded (KeyKnown), and
            # a request answered before is answered as then, whatever deciding it again says.
            for _ in range(2):
                try:
                    accepted = self._commit(request, now)
                except KeyKnown:
                    replay = self._replay(request)
                    if replay is not None:
                        return replay, True
                    # Only a bare key recorded by another caller before scoping: not ours to replay.
                    request = replace(request, check_bare_key=False)
                    continue
                except (DomainError, Forbidden):
                    # A request answered before (or a duplicate that committed meanwhile): answer as it.
                    replay = self._replay(request)
                    if replay is None:
                        raise
                    return replay, True
                if not accepted.events and request.scoped_key is not None:
                    # Nothing to save, so nothing checked the key: it may have been answered before.
                    replay = self._replay(request)
                    if replay is not None:
                        return replay, True
                return accepted, False
            raise VersionConflict("another request with this Idempotency-Key was answered meanwhile; retry",
                                  "Idempotency-Key")

    def _business_day(self, request: CommandRequest, now: datetime | None) -> tuple[Transcription | None, date]:
        today = _today(request.tenant, now)
        transcription = request.transcription(today, self.logs)
        # A fact from paper is decided as on the day it happened: every rule sees that day.
        return transcription, transcription.effective_on if transcription is not None else today

    def _session(self, request: CommandRequest, transcription: Transcription | None, day: date,
                 overlay: Overlay | None = None) -> Session:
        return Session(
            request.app, request.tenant, request.principal, request.provenance(transcription),
            day, self.calendars.for_region(request.tenant.region_id), self.rules,
            request.command.expected_version, overlay,
        )

    def _commit(self, request: CommandRequest, now: datetime | None) -> CommandAccepted:
        """Decided and written with the tenant's concurrent commands (services.commands.group_commit)."""
        transcription, day = self._business_day(request, now)
        group = self.groups.of(request.app)
        if group.busy():  # read what the decision needs now, in this thread, not under the batch's lock
            self._prefetch(request, transcription, day)
        job = group.submit(Job(
            build=lambda overlay: self._session(request, transcription, day, overlay),
            handle=lambda session: request.spec.handler(request.command, session),
            record=request.record(),
            known=request.known_keys(),
        ))
        if job.error is not None:
            raise job.error
        if job.alone:
            return self._write(request, now)
        return request.answer(_recorded(job.recordings))

    def _prefetch(self, request: CommandRequest, transcription: Transcription | None, day: date) -> None:
        """Decide once ahead, discarding the decision: the aggregates it read stay in the cache."""
        session = self._session(request, transcription, day)
        session.prefetch = True
        try:
            request.spec.handler(request.command, session)
        except Exception:  # the decision in the batch is the one that counts
            pass

    def _write(self, request: CommandRequest, now: datetime | None) -> CommandAccepted:
        """Decide and save; a lost race is decided again for commutative commands, else 409.

        A race lost to a duplicate of this very request ends the retries: `execute` answers it.
        """
        expected_version = request.command.expected_version
        transcription, business_day = self._business_day(request, now)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            session = self._session(request, transcription, business_day)
            try:
                request.spec.handler(request.command, session)
            except DomainError:
                if not session.cached or attempt == MAX_ATTEMPTS:
                    raise
                # A refusal decided on cached aggregates may be the cache's: decide again from the store.
                request.app.aggregates.forget(session.seen())
                continue
            try:
                recordings = request.app.save(
                    *session.pending, idempotency=request.record(), reads=session.reads(),
                    known_keys=request.known_keys(),
                )
            except KeyKnown:
                raise  # answered before: `execute` replays it
            except IntegrityError as error:
                # The cache may have been behind (another process wrote): decide again from the store.
                request.app.aggregates.forget(session.seen())
                stale = isinstance(error, StaleRead) or bool(session.cached)
                final = (expected_version is not None and not stale) or attempt == MAX_ATTEMPTS
                if final or request.duplicate_committed():
                    raise VersionConflict(
                        "another request changed the same stream first; reload and retry",
                        "expected_version",
                    ) from None
                continue
            request.app.aggregates.put(session.found.values())
            request.app.aggregates.put(session.pending)
            return request.answer(_recorded(recordings))
        raise AssertionError("unreachable")  # pragma: no cover

    def _replay(self, request: CommandRequest) -> CommandAccepted | None:
        """The first answer to this principal's key, if it was used; a changed body is refused."""
        if request.scoped_key is None:
            return None
        bare = request.idempotency_key or ""
        # One statement for both: the scoped key, and the bare key of a record left before scoping.
        record = request.app.find_idempotency(request.scoped_key, bare)
        if record is not None and record.key == bare and record.key != request.scoped_key:
            record = unscoped_record(request.app, request.principal, record)
        if record is None:
            return None
        if record.request_hash != request.fingerprint:
            raise IdempotencyMismatch(
                "this Idempotency-Key was already used with a different request", "Idempotency-Key"
            )
        return request.answer(request.app.find_recordings(record.events))


def _recorded(recordings: list) -> list[StoredRecording]:
    return [StoredRecording(r.notification.originator_id, r.notification.originator_version,
                            r.notification.topic, r.notification.id) for r in recordings]


def _today(tenant: Tenant, now: datetime | None) -> date:
    """The business date in the tenant's time zone."""
    zone = ZoneInfo(tenant.timezone)
    return (now or datetime.now(zone)).astimezone(zone).date()


def event_type(topic: str) -> str:
    """`domain.school:School.Identified` -> `School.Identified`."""
    return topic.rpartition(":")[2]
