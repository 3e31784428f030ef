"""Who may post which command where: every write-side scope decision, in one module.

Three moments, one rule book: the endpoint's guard (before the body is read: may this caller
write in this tenant at all), the executor (before anything is loaded: this command, this role,
this kind of tenant), and the handlers (after loading: the school a fact is about).
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from domain.roles import SCHOOL_ROLES, TRANSCRIBERS, WRITERS
from services.auth import Forbidden, Principal, can_read
from services.commands.registry import CommandSpec
from services.context import authenticate_on_loop, resolve_tenant_on_loop
from tenants.registry import Tenant


def authorise_tenant(principal: Principal, tenant: Tenant) -> None:
    """A writing role, inside its region, and inside its own municipality if it has one."""
    if principal.role not in WRITERS:
        raise Forbidden(f"role {principal.role} writes nothing")
    if not can_read(principal, tenant):
        raise Forbidden()


def authorise_command(spec: CommandSpec, principal: Principal, tenant: Tenant) -> None:
    """The tenant scope, then the command's roles and kinds of tenant: before anything is loaded."""
    authorise_tenant(principal, tenant)
    if principal.role not in spec.roles:
        raise Forbidden(f"role {principal.role} may not post {spec.name}")
    if tenant.kind not in spec.tenant_kinds:
        raise Forbidden(f"{spec.name} is not a fact of a {tenant.kind} tenant")


def authorise_transcription(principal: Principal) -> None:
    """Only municipal officers and region operators enter facts from paper (issue 10 item 9)."""
    if principal.role not in TRANSCRIBERS:
        refusal = Forbidden(
            f"role {principal.role} may not transcribe facts from paper: only municipal officers "
            "and region operators enter a fact with an earlier date (issue 10 item 9)"
        )
        refusal.field = "transcribed"
        raise refusal


def bound_to_a_school(principal: Principal) -> bool:
    """Whether the caller speaks for one school only (its token names it)."""
    return principal.role in SCHOOL_ROLES


def require_school(principal: Principal, *codes: str) -> None:
    """A school user acts only on facts about its own school."""
    if bound_to_a_school(principal) and principal.school not in codes:
        raise Forbidden("a school user may act only on facts about its own school")


def require_role(principal: Principal, roles: Iterable[str], why: str) -> None:
    """A rule of one command that only some of its roles may apply."""
    if principal.role not in set(roles):
        raise Forbidden(why)


async def command_writer_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Authenticated and allowed to write somewhere in the tenant named in the path.

    On the event loop when nothing needs reading (the handler's worker thread is then the
    request's only hop), in a worker thread otherwise.
    """
    principal = await authenticate_on_loop(connection)
    tenant = await resolve_tenant_on_loop(connection)
    authorise_tenant(principal, tenant)
    connection.scope.setdefault("state", {})["tenant"] = tenant  # the endpoint reads it from here
