"""«Обзор региона»: the regional operator's overview, its trends, its download and its live update.

Read through the overview's own query (the same answer as /api/v1/regions/{region}/overview)
and, for the monthly trends, the schedule's and roadmaps' queries; the guard is the API's
region_reader_guard, fed by the session's principal.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from anyio import to_thread
from litestar import Request, Response, get
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from services.auth import Principal
from services.context import Services, services_of
from services.projections.export import Format, tabular
from services.projections.http import REGION_DEPENDENCIES, ReadSide, as_of_date, region_reader_guard
from services.projections.overview.answers import OverviewRow
from services.projections.overview.regional import regional_overview
from services.projections.overview.tables import COLUMNS, table_rows
from tenants.registry import Tenant
from web import bars
from web.pages import page, web_config
from web.trends import TREND_COLUMNS, monthly_trends, trend_rows


async def session_principal(connection: ASGIConnection) -> Principal | None:
    """The signed-in session's principal, checked against the registry; None without a session."""
    loaded = await web_config(connection).sessions.load(connection)  # type: ignore[arg-type]
    if loaded is None or loaded[1].principal is None:
        return None
    return services_of(connection).claims.check(loaded[1].principal)


AsOf = Annotated[date | None, QueryParameter(description="Business date of the figures")]
Fmt = Annotated[Format, QueryParameter(name="format")]


def measures(row: OverviewRow) -> list[bars.Measure]:
    """The figures of one row, each a number, a bar and a status in words."""
    return [
        bars.ratio("Школы с партнёром", row.with_partner),
        bars.ratio("Соглашения в силе", row.with_agreement),
        bars.ratio("Выполнение дорожных карт", row.roadmap_items),
        bars.ratio("Отчёты в срок", row.reports_on_time),
        bars.ratio("Посещения проведены", row.visits),
    ]


@get("/r/{region_id:str}/overview", name="region-overview", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def region_overview(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None,
) -> Response:
    """Every municipality and the total as numbers, bars and statuses; monthly trends beside tables."""
    municipalities = services.backend.registry.municipalities(region.id)
    day = as_of_date(region, as_of, request)
    overview = await to_thread.run_sync(regional_overview, read.store, region, municipalities, day)
    trends = await to_thread.run_sync(monthly_trends, read, municipalities, day)
    rows = [(row, measures(row)) for row in overview.municipalities]
    return page(  # type: ignore[return-value]
        request, "region_overview.html", region=region, overview=overview, rows=rows,
        total=measures(overview.total), trends=trends, bars=bars,
        query=f"as_of={day.isoformat()}", positions=overview.positions,
    )


@get("/r/{region_id:str}/overview/download", name="region-overview-download",
     guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES)
async def region_overview_download(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, fmt: Fmt = "xlsx",
) -> Response:
    """The overview's table as the API exports it (format=csv|xlsx, the same `as_of`)."""
    municipalities = services.backend.registry.municipalities(region.id)
    day = as_of_date(region, as_of, request)
    overview = await to_thread.run_sync(regional_overview, read.store, region, municipalities, day)
    if fmt == "json":
        fmt = "xlsx"
    return tabular(table_rows(overview), COLUMNS, fmt, f"overview-{region.id}-{day.isoformat()}",
                   "Обзор региона")


@get("/r/{region_id:str}/overview/trends/download", name="region-trends-download",
     guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES)
async def region_trends_download(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, fmt: Fmt = "xlsx",
) -> Response:
    """The monthly trend table beside the charts, as CSV or XLSX."""
    municipalities = services.backend.registry.municipalities(region.id)
    day = as_of_date(region, as_of, request)
    trends = await to_thread.run_sync(monthly_trends, read, municipalities, day)
    return tabular(trend_rows(trends), TREND_COLUMNS, "csv" if fmt == "csv" else "xlsx",
                   f"trends-{region.id}-{day.isoformat()}", "Динамика по месяцам",
                   f"Динамика по месяцам: {region.name}, на {day.strftime('%d.%m.%Y')}")


OVERVIEW_ROUTES = [region_overview, region_overview_download, region_trends_download]
