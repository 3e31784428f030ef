"""The region-wide register of schools as a page: search by name, filters, pages, downloads.

Read through the registers' own build (the answer of /api/v1/regions/{region}/registers/schools)
with the same scope and filters; the download is that endpoint's CSV / XLSX export.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from anyio import to_thread
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.base import InvalidValue
from services.context import Services
from services.projections.export import Format
from services.projections.http import REGION_DEPENDENCIES, ReadSide, region_reader_guard
from services.projections.registers import build
from services.projections.registers.answers import SchoolsRegister
from services.projections.registers.params import Fmt, PageNo, region_scope
from tenants.registry import Tenant
from web.pages import page

PAGE_ROWS = 25
CATEGORIES = {
    "low_results": "ШНОР (низкие образовательные результаты)",
    "adverse_conditions": "ШФНСУ (неблагоприятные социальные условия)",
    "leader_school": "школа-лидер",
    "network_centre": "сетевой центр",
    "base_support_site": "базовая площадка",
}
AGREEMENTS = {
    "none": "нет соглашения", "in_force": "действует", "expiring": "истекает в течение 60 дней",
    "expired": "истекло", "ended": "прекращено",
}


Text = Annotated[str | None, QueryParameter(max_length=200)]


def _filters(q: str | None, municipality: str | None, category: str | None, agreement: str | None) -> dict[str, str]:
    """The filters chosen: a form's empty choice («все») is no filter; an unknown code is refused."""
    given = {"q": q, "municipality": municipality, "category": category, "agreement": agreement}
    chosen = {name: value.strip() for name, value in given.items() if value and value.strip()}
    for name, known in (("category", CATEGORIES), ("agreement", AGREEMENTS)):
        if name in chosen and chosen[name] not in known:
            raise InvalidValue(name, "is not one of the choices")
    return chosen


@get("/r/{region_id:str}/schools", name="region-schools", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def region_schools(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], q: Text = None, municipality: Text = None,
    category: Text = None, agreement: Text = None, page_no: PageNo = 1,
) -> Response:
    """One page of the region's schools matching the search and filters, with their figures."""
    filters = _filters(q, municipality, category, agreement)
    answer = await _schools(request, region, services, read, filters, page_no, "json")
    register: SchoolsRegister = answer.content
    return page(  # type: ignore[return-value]
        request, "region_schools.html", region=region, register=register,
        municipalities=services.backend.registry.municipalities(region.id),
        filters=filters, categories=CATEGORIES, agreements=AGREEMENTS,
        query=urlencode(filters), previous=urlencode({**filters, "page_no": page_no - 1}),
        following=urlencode({**filters, "page_no": page_no + 1}),
    )


@get("/r/{region_id:str}/schools/download", name="region-schools-download",
     guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES)
async def region_schools_download(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], q: Text = None, municipality: Text = None,
    category: Text = None, agreement: Text = None, fmt: Fmt = "xlsx",
) -> Response:
    """Every row matching the filters shown, as the registers export them (CSV or XLSX)."""
    filters = _filters(q, municipality, category, agreement)
    return await _schools(request, region, services, read, filters, 1, "csv" if fmt == "csv" else "xlsx")


async def _schools(request: Request, region: Tenant, services: Services, read: ReadSide,
                   filters: dict[str, str], page_no: int, fmt: Format) -> Response:
    """The registers' own build of the region's schools register for these filters."""
    municipalities = services.backend.registry.municipalities(region.id)
    scope = region_scope(request, region, municipalities, None, filters.get("q"),
                         filters.get("municipality"), page_no, PAGE_ROWS, fmt)
    return await to_thread.run_sync(lambda: build.schools(
        read.store, services.backend, scope, fmt, category=filters.get("category"),
        agreement=filters.get("agreement")))


REGISTER_PAGE_ROUTES = [region_schools, region_schools_download]
