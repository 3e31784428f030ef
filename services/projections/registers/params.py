"""Query parameters the register endpoints share, and the scope they make."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from litestar.connection import ASGIConnection
from litestar.params import QueryParameter

from domain.agreement import AgreementStatus
from domain.base import InvalidValue
from services.auth import Principal
from services.projections.export import FORMAT_HELP, Format
from services.projections.http import as_of_date, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64, plain_text
from services.projections.registers.paging import MAX_LIMIT, Scope
from services.projections.registers.projection import RegistersView
from tenants.registry import Tenant

#: A school's category (004 §3.2) or designation (001, 002 §1.3, 004 §3.3).
#: The roles a partnership names (000 app. 1, 003 p.2).
PersonRole = Literal["coordinator", "curator", "municipal_coordinator"]
Category = Literal["low_results", "adverse_conditions", "leader_school", "network_centre", "base_support_site"]

AsOf = Annotated[date | None, QueryParameter(
    description="Date of the derived statuses (agreement in force / expiring / expired); today in the zone")]
Search = Annotated[str | None, QueryParameter(
    max_length=200, description="Search by name: Russian, case- and ё/е-insensitive, words in order")]
School = Annotated[str | None, QueryParameter(max_length=80, description="Only rows of this school")]
PageNo = Annotated[int, QueryParameter(ge=1, le=1_000_000, description="Page number, from 1")]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="Rows per page (JSON; exports have all)")]
Position = Annotated[int | None, QueryParameter(
    ge=1, le=MAX_INT64, description="Wait until the view has read this log position")]
Fmt = Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)]
CategoryFilter = Annotated[Category | None, QueryParameter(description="Only schools of this category")]
Cohort = Annotated[int | None, QueryParameter(ge=2000, le=2100, description="Only this cohort (year identified)")]
AgreementFilter = Annotated[AgreementStatus | None, QueryParameter(
    description="Only this agreement status on as_of: none, in_force, expiring (60 days), expired, ended")]
Municipality = Annotated[str | None, QueryParameter(max_length=80, description="Only this municipality")]


async def tenant_scope(
    connection: ASGIConnection, tenant: Tenant, principal: Principal, as_of: date | None, q: str | None,
    school: str | None, page: int, limit: int, position: int | None, fmt: Format,
) -> Scope:
    """One municipality's scope; a school user's is its own school whatever it asks (or 403)."""
    plain_text(q, "q")
    mine = school_scope(principal, school)
    await read_your_writes(connection, RegistersView, tenant.id, position)
    return Scope(
        (tenant.id,), as_of_date(tenant, as_of, connection), {tenant.id: tenant.name}, q, mine,
        page, limit if fmt == "json" else None, tenant.region_id,
    )


def region_scope(
    connection: ASGIConnection, region: Tenant, municipalities: list[Tenant], as_of: date | None,
    q: str | None, municipality: str | None, page: int, limit: int, fmt: Format,
) -> Scope:
    """The region and its municipalities (or one of them); never another region's."""
    plain_text(q, "q")
    chosen = [region, *municipalities]
    if municipality is not None:
        chosen = [t for t in municipalities if t.id == municipality]
        if not chosen:
            raise InvalidValue("municipality", f"is not a municipality of {region.id}")
    return Scope(tuple(t.id for t in chosen), as_of_date(region, as_of, connection),
                 {t.id: t.name for t in chosen}, q, None, page, limit if fmt == "json" else None,
                 region.id)

