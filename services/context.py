"""Per-request context shared by both sides: the caller, the tenant, the request id, the log context."""

from __future__ import annotations

import re
import threading
import uuid
from typing import TYPE_CHECKING

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

    __slots__ = ("backend", "verifier", "claims", "executor", "read", "ready_parked_seconds", "stopping")

    def __init__(
        self, backend: Backend, verifier: TokenVerifier, executor: CommandExecutor, read: ReadSide
    ) -> None:
        self.backend = backend
        self.verifier = verifier
        self.claims = RegisteredClaims(backend)
        self.executor = executor
        self.read = read
        self.ready_parked_seconds = 3600.0
        """How long an event may stay parked before /health/ready answers 503."""
        self.stopping = threading.Event()
        """Set when the server is told to stop: open event streams end (cascade/serving.py)."""


def services_of(connection: ASGIConnection) -> Services:
    return connection.app.state.services


def request_id(connection: ASGIConnection) -> str:
    """The client's X-Request-ID when well-formed, else a new one: the correlation id of events."""
    given = connection.headers.get("x-request-id", "")
    return given if _REQUEST_ID.match(given) else str(uuid.uuid4())


def authenticate(connection: ASGIConnection) -> Principal:
    """The bearer token's principal, checked against the registry, cached on the request.

    Bound into the log context on every call: sync guards run in a worker thread, whose log
    context is lost.
    """
    principal = connection.scope.get("state", {}).get("principal")
    if principal is None:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationFailed("a bearer token is required")
        services = services_of(connection)
        principal = services.claims.check(services.verifier.verify(token.strip()))
        connection.scope.setdefault("state", {})["principal"] = principal
    bind_request(
        actor=principal.subject, role=principal.role, organisation=principal.organisation
    )
    return principal


def resolve_tenant(connection: ASGIConnection) -> Tenant:
    tenant_id = connection.path_params["tenant_id"]
    tenant = services_of(connection).backend.registry.get(tenant_id)
    if tenant is None:
        raise UnknownTenant(tenant_id)
    bind_request(tenant=tenant.id)
    return tenant


def tenant_reader_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Authenticated and allowed to read the tenant named in the path."""
    principal = authenticate(connection)
    tenant = resolve_tenant(connection)
    if not can_read(principal, tenant):
        raise Forbidden()


def tenant_log_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The raw log is for those who oversee a tenant: its officers, the region, auditors."""
    tenant_reader_guard(connection, handler)
    principal = authenticate(connection)
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
