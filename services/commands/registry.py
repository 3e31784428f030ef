"""The command catalogue: each command Struct, its handler, and who may post it where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec

from services.commands.limits import check_limits
from services.commands.transcription import Transcribed

if TYPE_CHECKING:
    from services.commands.session import Session

TenantKind = Literal["region", "municipality"]


class Command(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="type"):
    """Base of every command: an order, tagged by its snake_case `type`."""

    expected_version: Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)] | None = None
    """Version the target stream must be at (0: must not exist yet); a mismatch answers 409."""

    transcribed: Transcribed | None = None
    """A fact of an earlier day copied from paper: the command is judged as on `effective_on`."""

    def __post_init__(self) -> None:
        """Every value fits every view: dates, text, numbers and lengths (services/commands/limits)."""
        check_limits(self)


@dataclass(frozen=True)
class CommandSpec:
    """How a command is handled and who may post it in which kind of tenant."""

    command: type[Command]
    handler: Callable[[Any, Session], None]
    roles: frozenset[str]
    tenant_kinds: frozenset[str]

    @property
    def name(self) -> str:
        return str(self.command.__struct_config__.tag)


CATALOGUE: dict[type[Command], CommandSpec] = {}


def handles(
    command: type[Command],
    *,
    roles: frozenset[str],
    tenants: tuple[TenantKind, ...] = ("municipality",),
) -> Callable[[Callable[[Any, Session], None]], Callable[[Any, Session], None]]:
    """Register a handler function for a command type."""

    def register(handler: Callable[[Any, Session], None]) -> Callable[[Any, Session], None]:
        if command in CATALOGUE:
            raise RuntimeError(f"{command.__name__} already has a handler")
        CATALOGUE[command] = CommandSpec(command, handler, roles, frozenset(tenants))
        return handler

    return register
