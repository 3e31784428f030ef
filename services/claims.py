"""Token claims resolved against the registry: the region, municipality and school a token names.

A signature proves who issued the token, not that its claims fit this installation: an
officer's `tenant` must be a municipality of its `region`, a school user's `school` must be
registered in that municipality. Checked on every authenticated request, reads and writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from domain.roles import MUNICIPAL_ROLES, SCHOOL_ROLES
from domain.school import School
from services.auth import (
    AuthenticationFailed,
    Forbidden,
    InvalidClaims,
    Principal,
    SchoolNotRegistered,
)
from tenants.backends import Backend
from tenants.registry import Tenant


class NotInMemory(Exception):
    """A claim names a tenant or school not resolved before: checking it reads the store."""


class RegisteredClaims:
    """Checks claims against the registry and the municipalities' school registers.

    Schools are never unregistered, so a school once found is remembered; one not found is
    looked up again next time, so a school registered later is accepted at once.
    """

    def __init__(
        self, backend: Backend, tenants: Callable[[str], Tenant | None] | None = None,
        known_tenant: Callable[[str], Tenant | None] | None = None,
    ) -> None:
        self.backend = backend
        self._tenants = tenants or (lambda tenant_id: backend.registry.get(tenant_id))
        self._known_tenant = known_tenant
        self._schools: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def check(self, principal: Principal) -> Principal:
        """The principal, if every claim resolves; else InvalidClaims (401) or 403."""
        return self._check(principal, self._tenants, self._school_registered)

    def check_in_memory(self, principal: Principal) -> Principal | None:
        """check() from what is already resolved, without reading the store; None when a claim
        names a tenant or school not resolved before (check() then reads it)."""
        if self._known_tenant is None:
            return None
        try:
            return self._check(principal, self._known_or_raise, self._school_known_or_raise)
        except NotInMemory:
            return None

    def _known_or_raise(self, tenant_id: str) -> Tenant:
        tenant = self._known_tenant(tenant_id) if self._known_tenant else None
        if tenant is None:
            raise NotInMemory(tenant_id)
        return tenant

    def _school_known_or_raise(self, tenant_id: str, code: str) -> bool:
        if (tenant_id, code) not in self._schools:
            raise NotInMemory(code)
        return True

    def _check(
        self, principal: Principal, tenants: Callable[[str], Tenant | None],
        school_registered: Callable[[str, str], bool],
    ) -> Principal:
        region = tenants(principal.region)
        if region is None or region.kind != "region":
            raise InvalidClaims("region", f"{principal.region!r} is not a registered region")
        if principal.role not in MUNICIPAL_ROLES:
            if principal.tenant or principal.school:
                raise InvalidClaims("tenant", f"role {principal.role} names no municipality or school")
            return principal
        tenant = tenants(principal.tenant or "")
        if tenant is None or tenant.kind != "municipality" or tenant.region_id != region.id:
            raise InvalidClaims(
                "tenant", f"{principal.tenant!r} is not a municipality of region {region.id}"
            )
        if principal.role not in SCHOOL_ROLES:
            if principal.school:
                raise InvalidClaims("school", f"role {principal.role} names no school")
            return principal
        if not school_registered(tenant.id, principal.school or ""):
            raise SchoolNotRegistered(
                f"school {principal.school!r} is not registered in municipality {tenant.id}"
            )
        return principal

    def _school_registered(self, tenant_id: str, code: str) -> bool:
        if (tenant_id, code) in self._schools:
            return True
        recorder = self.backend.application(tenant_id).recorder
        if not recorder.select_events(School.stream_for(tenant_id, code), limit=1):
            return False
        with self._lock:
            self._schools.add((tenant_id, code))
        return True


def claims_refusal(principal: Principal, backend: Backend) -> str | None:
    """Why a token for this principal would be refused here, or None (for `cascade token`)."""
    try:
        RegisteredClaims(backend).check(principal)
    except (AuthenticationFailed, Forbidden) as refused:
        return str(refused)
    return None
