"""Forms post commands through CommandExecutor, the one way any fact is written.

Each rendering of a form carries a fresh Idempotency-Key, so a double submit writes once (the
executor answers the second with the first's answer). A refusal comes back as the field at fault
and a Russian sentence (web/messages.py), never as a stack trace or an English message.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import msgspec
from anyio import to_thread
from litestar import Request

from domain.base import DomainError
from services.auth import Forbidden, Principal
from services.commands.executor import CommandAccepted
from services.commands.registry import Command
from services.context import request_id, services_of
from tenants.registry import Tenant
from web.messages import refusal_message

#: msgspec names the path of a bad value, or the member missing, or limits' "invalid field".
_AT_PATH = re.compile(r"at `\$\.(?P<path>[A-Za-z_]+)")
_NAMED = re.compile(r"(?:missing required|invalid) field `(?P<name>[A-Za-z_]+)")


def new_form_key() -> str:
    """The Idempotency-Key of one rendering of a form."""
    return f"web-{uuid.uuid4()}"


@dataclass(frozen=True)
class Refusal:
    """Why the command was refused, as shown: the form field it belongs to and the sentence."""

    field: str
    message: str


@dataclass
class FormState:
    """What a form shows: the values typed, the refusals, and the key of this rendering."""

    values: dict[str, str]
    key: str = field(default_factory=new_form_key)
    refusals: list[Refusal] = field(default_factory=list)

    def error(self, name: str) -> str | None:
        return next((r.message for r in self.refusals if r.field == name), None)


def refusal_of(error: Exception, form: str, fields: tuple[str, ...]) -> Refusal:
    """The refusal at the form's field: the error's own field if the form has it, else the first."""
    if isinstance(error, msgspec.ValidationError):
        text = str(error)
        found = _NAMED.search(text) or _AT_PATH.search(text)
        problem, at = "invalid-request", (found.group(found.lastgroup or 1) if found else None)
    elif isinstance(error, Forbidden):
        problem, at = error.code, error.field
    else:
        assert isinstance(error, DomainError)
        problem, at = error.code, error.field
    shown = at if at in fields else fields[0]
    return Refusal(shown, refusal_message(problem, at if at in fields else form, error))


async def post_command(
    request: Request, tenant: Tenant, principal: Principal, command_type: type[Command],
    data: dict[str, Any], key: str | None,
) -> CommandAccepted:
    """Decode the form's values into the command and run it; raises what the API would refuse."""
    command = msgspec.convert(data, command_type)
    services = services_of(request)
    app = services.backend.application(tenant.id)
    accepted, _ = await to_thread.run_sync(
        services.executor.execute, app, tenant, principal, command, request_id(request), key
    )
    return accepted


def lines(text: str) -> list[str]:
    """A textarea's non-empty lines (attachments: one file or link a line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
