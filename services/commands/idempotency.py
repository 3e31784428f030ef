"""How an Idempotency-Key is stored: the request's fingerprint and the key scoped to its caller."""

from __future__ import annotations

import hashlib

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
