"""How an Idempotency-Key is stored: the request's fingerprint and the key scoped to its caller."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

import msgspec

from services.auth import Principal
from services.commands.registry import Command


def request_hash(command: Command) -> str:
    """Fingerprint of the decoded command, so formatting differences do not matter.

    A command without a transcription hashes as before `transcribed` existed, so a request
    retried across the upgrade still replays under its key.
    """
    fields = msgspec.to_builtins(command)
    if fields.get("transcribed") is None:
        fields.pop("transcribed", None)
    return hashlib.sha256(msgspec.json.encode(fields)).hexdigest()


def idempotency_scope(principal: Principal, key: str) -> str:
    """The key as stored: scoped to the whole principal, so nobody else's replay can answer.

    The tenant scopes it already (one table per tenant); the principal's digest has a fixed
    length, so no two (principal, key) pairs share a stored key.
    """
    identity = [principal.subject, principal.role, principal.region, principal.tenant, principal.school]
    digest = hashlib.sha256(msgspec.json.encode(identity)).hexdigest()[:32]
    return f"{digest}/{key}"


def unscoped_record(app: Any, principal: Principal, record: Any) -> Any | None:
    """A record left before keys were scoped (under the bare key), if this principal left it.

    Its first event says who posted it; a record that wrote nothing names nobody and is not
    replayed (running such a command again writes nothing either).
    """
    if not record.events:
        return None
    stream, version = record.events[0]
    events = app.repository.event_store.get(UUID(stream), gt=version - 1, lte=version)
    first = next(iter(events), None)
    if first is None:
        return None
    actor = first.meta.actor
    who = (principal.subject, principal.role, principal.organisation)
    return record if (actor.subject, actor.role, actor.organisation) == who else None
