"""What the projection runner does with failures: tell an outage from an event a view cannot apply."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError


class EventFailed(RuntimeError):
    """A view could not apply an event yet; the tenant is retried next round."""


@dataclass(frozen=True)
class RunnerStatus:
    """Tenants retrying after a failed round, and tenants whose views parked events."""

    failing: dict[str, str] = field(default_factory=dict)
    degraded: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Undecodable:
    """A stored event that does not decode: applying it fails, so it is counted and parked."""

    error: Exception


def decode(app: Any, notification: Any) -> object:
    """The domain event, or an Undecodable standing in for it (one bad record must not stop all)."""
    try:
        return app.mapper.to_domain_event(notification)
    except Exception as error:  # any decoding failure is the event's, not the store's
        return Undecodable(error)


def event(decoded: object) -> object:
    """The event to apply; raises the decoding error of an Undecodable."""
    if isinstance(decoded, Undecodable):
        raise decoded.error
    return decoded


def is_outage(error: BaseException) -> bool:
    """The store, not the event: a lost connection, a lock or statement timeout, a busy file.

    Such a failure is retried without counting against the event, so an outage never parks.
    """
    return isinstance(
        error,
        psycopg.OperationalError | psycopg.InterfaceError | sqlite3.OperationalError
        | OperationalError | InterfaceError,
    )
