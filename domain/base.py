"""Shared building blocks of every aggregate: provenance of facts, stream identity, errors."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, ClassVar
from uuid import UUID, uuid4, uuid5

import msgspec
from eventsourcing.domain import Aggregate

#: Namespace of every stream id: streams are named by tenant, kind and the client's key.
STREAM_NAMESPACE = UUID("7b0f4c1e-2f1c-5a43-9a57-3c1f0a6e5d21")

#: Client-chosen identifier of a school, partnership, visit...: short, printable, stable.
#: `:` is reserved as the separator of composite keys (`school:indicator`), so that no two
#: pairs of identifiers ever make the same key (docs/api.md, "Identifiers").
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,79}$"
#: What joins the parts of a composite key; never part of an identifier.
KEY_SEPARATOR = ":"
Key = Annotated[str, msgspec.Meta(pattern=KEY_PATTERN, min_length=1, max_length=80)]
_KEY_RE = re.compile(KEY_PATTERN)


class Actor(msgspec.Struct, frozen=True):
    """Who did it: the authenticated subject, its role and organisation (school or authority)."""

    subject: str
    role: str
    organisation: str


class PaperDocument(msgspec.Struct, frozen=True):
    """The paper a transcribed fact is copied from: its number (or «б/н»), date and title."""

    number: str
    issued_on: date
    title: str = ""


class Transcription(msgspec.Struct, frozen=True):
    """A fact entered from paper after the day it happened (issue 10 item 9).

    `effective_on` is the day the fact happened and the day its rules were judged at; the
    event's own timestamp stays the instant it was recorded, and `actor` who recorded it.
    """

    effective_on: date
    reason: str
    document: PaperDocument


class Provenance(msgspec.Struct, frozen=True):
    """Where a fact comes from: carried by every event so the log alone answers who and why."""

    tenant_id: str
    actor: Actor
    correlation_id: str
    idempotency_key: str | None = None
    #: Set when the fact was transcribed from paper; None (and absent in older events) otherwise.
    transcription: Transcription | None = None


def stream_id(tenant_id: str, kind: str, key: str) -> UUID:
    """Deterministic stream id, so a retried create lands on the same stream."""
    return uuid5(STREAM_NAMESPACE, f"{tenant_id}/{kind}/{key}")


def check_key(value: str, field: str) -> str:
    """Reject a malformed identifier with a named error."""
    if not _KEY_RE.match(value):
        raise InvalidValue(field, "must be 1-80 Latin letters, digits or . _ / - (not first)")
    return value


#: Business dates of every fact (held on, due, periods): docs/api.md, "Limits".
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2100, 12, 31)


def check_business_date(value: date, field: str) -> date:
    """Refuse a date outside the business range, so no schedule or view overflows a year."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise InvalidValue(field, "must be a date from {first_date} to {last_date}", first_date=FIRST_DATE, last_date=LAST_DATE)
    return value


def composite_key(*parts: str) -> str:
    """Parts joined by the separator no identifier contains: distinct parts, distinct keys."""
    if any(KEY_SEPARATOR in part for part in parts):
        raise InvalidValue("key", "an identifier must not contain {key_separator!r}", key_separator=KEY_SEPARATOR)
    return KEY_SEPARATOR.join(parts)


class DomainError(Exception):
    """A business rule refused the command; `code` is stable and names the rule."""

    code = "domain-rule"

    def __init__(self, message: str, field: str | None = None, **params: Any) -> None:
        """`message` is an English template, `params` its values: "must not be before {other}".

        `str(error)` and `message` are the English text; `template` and `params` let the service
        render it in the caller's language (services/messages.py, the Russian catalogue).
        """
        text = message.format(**params) if params else message
        super().__init__(text)
        self.message = text
        self.template = message
        self.params = params
        self.field = field


class InvalidValue(DomainError):
    """A value is out of its allowed range or shape."""

    code = "invalid-value"

    def __init__(self, field: str, message: str, **params: Any) -> None:
        super().__init__(message, field, **params)
        self.message = f"{field}: {self.message}"
        self.args = (self.message,)


class InvalidTransition(DomainError):
    """The command does not apply in the current state of the aggregate."""

    code = "invalid-transition"


class DeadlineMissed(DomainError):
    """A deadline rule of the documents (notice periods, request lead times) is not met."""

    code = "deadline-rule"


class NotFound(DomainError):
    """The command names something that does not exist in this tenant."""

    code = "not-found"


class AlreadyExists(DomainError):
    """The command would create something that already exists in this tenant."""

    code = "already-exists"


class CascadeAggregate(Aggregate):
    """Base of every aggregate: events carry provenance; streams are named by tenant, kind and key."""

    #: The kind in stream names (`school`, `partnership`...); one per aggregate class.
    stream_kind: ClassVar[str] = ""

    class Event(Aggregate.Event):
        meta: Provenance

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def stream_for(cls, tenant_id: str, key: str) -> UUID:
        """Stream of one of these aggregates in a tenant, from the client's key."""
        return stream_id(tenant_id, cls.stream_kind, key)

    @classmethod
    def create_id(cls, meta: Provenance, key: str | None = None) -> UUID:
        """Deterministic from the key, so a retried create lands on the same stream."""
        if key is None or not cls.stream_kind:
            return uuid4()
        return cls.stream_for(meta.tenant_id, key)

    def _require(self, condition: bool, message: str, field: str | None = None, **params: Any) -> None:
        """Raise InvalidTransition unless the condition holds (`message` a template of `params`)."""
        if not condition:
            raise InvalidTransition(message, field, **params)
