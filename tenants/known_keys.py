"""The save's own idempotency check: a key already recorded makes the save write nothing.

Checking inside the save (under the tenant's write lock) spares a command its separate lookup
before deciding: a new keyed command is one statement fewer. A request whose key was answered
before is decided again, its save refuses with KeyKnown, and the executor answers the replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError


class KeyKnown(IntegrityError):
    """A key of the save (or a bare key named in `known_keys`) is already recorded: nothing written."""


def checked_keys(records: Sequence[tuple[Any, str]], kwargs: dict[str, Any]) -> list[str]:
    """The keys the save refuses on: those of its idempotency rows, and the bare keys named beside them."""
    return [r.key for r, _ in records] + list(kwargs.get("known_keys") or ())
