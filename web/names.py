"""Russian names of what pages would otherwise show as codes: a school's registered name.

Read through the registers view's query (services/projections/registers/queries.py); a code
the register does not (yet) hold is shown as itself rather than as nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar.connection import ASGIConnection

from services.context import services_of
from services.projections.registers.queries import school_names


def school_name(connection: ASGIConnection, tenant_id: str, code: str) -> str:
    """The registered name of one school of a municipality, else its code."""
    return school_names_of(connection, [tenant_id]).get((tenant_id, code), code)


def school_names_of(connection: ASGIConnection, tenants: Sequence[str]) -> dict[tuple[str, str], str]:
    """(tenant, school code) -> registered name, for every school of these tenants."""
    read = services_of(connection).read
    serving = read.serving(tenants[0]) if tenants else read  # one region's tenants: one server
    return school_names(serving.store, tenants)
