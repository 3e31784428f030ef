"""Per-request context shared by both sides: the caller, the tenant, the request id, the log context."""

from __future__ import annotations

import re
import threading
import uuid
from typing import TYPE_CHECKING

from anyio import to_thread
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import Provide
from litestar.handlers.base import BaseRouteHandler

from domain.roles import LOG_READERS
from services.auth import AuthenticationFailed, Forbidden, Principal, TokenVerifier, can_read
from services.claims import RegisteredClaims
from services.log_context import bind_request
from tenants.backends import Backend, UnknownTenant
from tenants.registry import Tenant

if TYPE_CHECKING:
    from services.commands.executor import CommandExecutor
    from services.projections.http import ReadSide

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class Services:
    """What the HTTP layer needs from the process, built once by create_app().

    A plain class, not a dataclass: Litestar hands it to handlers as a dependency and must
    not try to validate its fields.
    """

    __slots__ = ("backend", "verifier", "claims", "executor", "read", "ready_parked_seconds", "stopping",
                 "tenants")

    def __init__(
        self, backend: Backend, verifier: TokenVerifier, executor: CommandExecutor, read: ReadSide
    ) -> None:
        self.backend = backend
        self.verifier = verifier
        self.tenants = KnownTenants(backend)
        self.claims = RegisteredClaims(backend, self.tenants.get, self.tenants.known)
        self.executor = executor
        self.read = read
        self.ready_parked_seconds = 3600.0
        """How long an event may stay parked before /health/ready answers 503."""
        self.stopping = threading.Event()
        """Set when the server is told to stop: open event streams end (cascade/serving.py)."""


class KnownTenants:
    """The tenants the registry has answered, kept so that a guard reads them on the event loop.

    A provisioned tenant never changes (the registry refuses a duplicate or a mismatch), so the
    registry's answer for an id holds for the life of the process; an id not answered yet is asked
    of the registry, which may read its table, and that is done in a worker thread.
    """

    __slots__ = ("backend", "_known")

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._known: dict[str, Tenant] = {}

    def known(self, tenant_id: str) -> Tenant | None:
        """The tenant if the registry answered it before (no I/O)."""
        return self._known.get(tenant_id)

    def get(self, tenant_id: str) -> Tenant | None:
        """The registry's tenant (may read the registry's table when not known yet)."""
        tenant = self._known.get(tenant_id) or self.backend.registry.get(tenant_id)
        if tenant is not None:
            self._known[tenant_id] = tenant
        return tenant


def services_of(connection: ASGIConnection) -> Services:
    return connection.app.state.services


def request_id(connection: ASGIConnection) -> str:
    """The client's X-Request-ID when well-formed, else a new one: the correlation id of events."""
    given = connection.headers.get("x-request-id", "")
    return given if _REQUEST_ID.match(given) else str(uuid.uuid4())


def _bearer(connection: ASGIConnection) -> str:
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("a bearer token is required")
    return token.strip()


def _remember(connection: ASGIConnection, principal: Principal) -> Principal:
    connection.scope.setdefault("state", {})["principal"] = principal
    bind_request(actor=principal.subject, role=principal.role, organisation=principal.organisation)
    return principal


def authenticate(connection: ASGIConnection) -> Principal:
    """The bearer token's principal, checked against the registry, cached on the request.

    Bound into the log context on every call: sync guards run in a worker thread, whose log
    context is lost. Blocking (it may read the registry or fetch the provider's keys).
    """
    principal = connection.scope.get("state", {}).get("principal")
    if principal is None:
        services = services_of(connection)
        principal = services.claims.check(services.verifier.verify(_bearer(connection)))
    return _remember(connection, principal)


async def authenticate_on_loop(connection: ASGIConnection) -> Principal:
    """authenticate() on the event loop when it needs no I/O (the usual case: the key is held, the
    tenants and the school were resolved before), else in a worker thread.

    Signature checks and claim checks are a fraction of a millisecond of CPU; a thread hop for
    them cost more than they do (7 % of a command's samples went to two hops, issue 16).
    """
    principal = connection.scope.get("state", {}).get("principal")
    if principal is None:
        services = services_of(connection)
        token = _bearer(connection)
        claimed = services.verifier.verify_in_memory(token)
        principal = services.claims.check_in_memory(claimed) if claimed is not None else None
        if principal is None:
            return await to_thread.run_sync(authenticate, connection)
    return _remember(connection, principal)


def resolve_tenant(connection: ASGIConnection) -> Tenant:
    """The tenant named in the path (blocking: may read the registry)."""
    tenant_id = connection.path_params["tenant_id"]
    tenant = services_of(connection).tenants.get(tenant_id)
    if tenant is None:
        raise UnknownTenant(tenant_id)
    bind_request(tenant=tenant.id)
    return tenant


async def resolve_tenant_on_loop(connection: ASGIConnection) -> Tenant:
    """resolve_tenant() on the event loop when the tenant is known, else in a worker thread."""
    tenant = services_of(connection).tenants.known(connection.path_params["tenant_id"])
    if tenant is None:
        return await to_thread.run_sync(resolve_tenant, connection)
    bind_request(tenant=tenant.id)
    return tenant


async def tenant_reader_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Authenticated and allowed to read the tenant named in the path."""
    principal = await authenticate_on_loop(connection)
    tenant = await resolve_tenant_on_loop(connection)
    if not can_read(principal, tenant):
        raise Forbidden()


async def tenant_log_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The raw log is for those who oversee a tenant: its officers, the region, auditors."""
    await tenant_reader_guard(connection, handler)
    principal = await authenticate_on_loop(connection)
    if principal.role not in LOG_READERS:
        raise Forbidden(f"role {principal.role} does not read the event log")


# Dependencies --------------------------------------------------------------------------
# Handlers declare `principal: Principal`, `tenant: Tenant` or `services: Services` and
# Litestar passes them in; guards have already refused whoever may not be there.


def provide_services(request: Request) -> Services:
    return services_of(request)


def provide_principal(request: Request) -> Principal:
    return authenticate(request)


def provide_tenant(request: Request) -> Tenant:
    return resolve_tenant(request)


DEPENDENCIES = {
    "services": Provide(provide_services, sync_to_thread=False),
    "principal": Provide(provide_principal, sync_to_thread=False),
    "tenant": Provide(provide_tenant, sync_to_thread=False),
}
