"""Regional overview per municipality and in total, as JSON, CSV or XLSX, and its live stream."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec
from anyio import to_thread
from litestar import Request, Response, get
from litestar.params import Parameter, QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from domain.programme import (
    EFFECTIVENESS_CRITERIA_003,
    MUNICIPALITY,
    NETWORK_ORGANISATIONS_SHARE,
    NETWORK_SUPPORTED_SCHOOLS_SHARE,
    NETWORK_TEACHERS_SHARE,
    PROGRAMME_INDICATORS_001,
    IndicatorTarget,
)
from services.commands.catalogue.programme import REGION
from services.context import services_of
from services.projections.export import Column, Format, tabular
from services.projections.http import as_of_date, read_side, region_of, region_reader_guard
from services.projections.store import ViewStore
from services.projections.view import View
from services.projections.views.overview import Counts, Facts, OverviewView, load_facts
from services.projections.views.roadmaps import RoadmapView
from services.projections.views.schedule import ScheduleView
from tenants.registry import Tenant

Status = Literal["met", "not_met", "no_data", "no_target"]

#: Views whose rows the overview reads: the stream watches their positions.
SOURCES: tuple[type[View], ...] = (OverviewView, RoadmapView, ScheduleView)
POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0
MAX_STREAM_SECONDS = 3600

_CRITERIA = {target.indicator: target.title for target in EFFECTIVENESS_CRITERIA_003}
_PROGRAMME = {target.indicator: target.title for target in PROGRAMME_INDICATORS_001}


class Ratio(msgspec.Struct, frozen=True):
    """`count` of `of`, and the share in percent (null when `of` is 0)."""

    count: int
    of: int
    percent: float | None


class Target(msgspec.Struct, frozen=True):
    """The target applied: from the municipality's own programme, else from the region's."""

    tenant_id: str
    programme: str
    level: str
    comparison: str
    value: float | None
    unit: str


class IndicatorStatus(msgspec.Struct, frozen=True):
    """A programme indicator of 001: computed from the facts, or the latest recorded value."""

    indicator: str
    title: str
    value: float | None
    source: Literal["computed", "recorded"]
    period: str | None
    target: Target | None
    status: Status


class CriterionValue(msgspec.Struct, frozen=True):
    """The latest recorded value of a subject (school or municipality) for a criterion of 003."""

    subject: str
    period: str
    value: float
    measured_on: date
    average: float | None
    status: Status


class Criterion(msgspec.Struct, frozen=True):
    """An effectiveness criterion of 003, its target and the values recorded for it."""

    indicator: str
    title: str
    target: Target | None
    values: list[CriterionValue]


class OverviewRow(msgspec.Struct, frozen=True):
    """One municipality, or the region's total over all of them."""

    tenant_id: str
    name: str
    registered_schools: int
    identified_schools: int
    with_partner: Ratio
    with_agreement: Ratio
    roadmap_items: Ratio
    reports_on_time: Ratio
    visits: Ratio
    indicators: list[IndicatorStatus]
    criteria: list[Criterion]


class RegionalOverview(msgspec.Struct, frozen=True):
    """The overview as of a date; `positions` are the log positions each tenant is shown up to."""

    region_id: str
    name: str
    as_of: date
    municipalities: list[OverviewRow]
    total: OverviewRow
    positions: dict[str, int]


# Computing --------------------------------------------------------------------------------
def _percent(count: int, of: int) -> Decimal | None:
    return Decimal(count) * 100 / Decimal(of) if of else None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _ratio(count: int, of: int) -> Ratio:
    return Ratio(count, of, _number(_percent(count, of)))


def _period_end(period: str) -> str:
    """A sortable end of a period «2021», «2021-Q3», «2021-09» or «2021/2022»."""
    if len(period) == 4:
        return f"{period}-12-31"
    if period[4:6] == "-Q":
        return f"{period[:4]}-{int(period[6]) * 3:02d}-31"
    if period[4] == "/":
        return f"{period[5:9]}-08-31"
    return f"{period}-31"


Row = dict[str, Any]


def _latest(rows: list[Row]) -> Row | None:
    """The value of the latest period; of two for the same end, the later measured."""
    return max(
        rows, key=lambda r: (_period_end(r["period"]), r["measured_on"], int(r["position"])),
        default=None,
    )


def _target(groups: list[list[Row]], indicator: str, as_of: date) -> Row | None:
    """The first group (own programmes, then the region's) with a target; the one in force wins."""
    day = as_of.isoformat()
    for group in groups:
        matching = [r for r in group if r["indicator"] == indicator]
        if matching:
            return max(matching, key=lambda r: (
                r["period_start"] <= day <= r["period_end"], r["adopted_on"], int(r["position"])
            ))
    return None


def _target_value(row: Row) -> Decimal | None:
    return None if row["value"] is None else Decimal(row["value"])


def _target_out(row: Row | None) -> Target | None:
    if row is None:
        return None
    return Target(
        row["tenant"], row["programme"], row["level"], row["comparison"],
        _number(_target_value(row)), row["unit"],
    )


def _status(row: Row | None, value: Decimal | None, average: Decimal | None = None) -> Status:
    if row is None:
        return "no_target"
    if value is None:
        return "no_data"
    target = IndicatorTarget(row["indicator"], row["comparison"], _target_value(row), row["unit"])
    met = target.is_met(value, average)
    return "no_data" if met is None else "met" if met else "not_met"


@dataclass(frozen=True)
class Scope:
    """Whose row is being built: a municipality (subject «municipality») or the region's total."""

    tenant: Tenant
    region: Tenant
    subject: str
    target_groups: list[list[Row]]


def _indicators(scope: Scope, c: Counts, values: list[Row], as_of: date) -> list[IndicatorStatus]:
    """The three indicators of 001: two computed from the facts, one as last measured."""
    recorded = _latest([
        v for v in values
        if v["tenant"] == scope.tenant.id and v["subject"] == scope.subject
        and v["indicator"] == NETWORK_TEACHERS_SHARE
    ])
    measured: dict[str, tuple[Decimal | None, str | None]] = {
        NETWORK_ORGANISATIONS_SHARE: (_percent(c.networked, c.registered), None),
        NETWORK_SUPPORTED_SCHOOLS_SHARE: (_percent(c.with_partner, c.identified), None),
        NETWORK_TEACHERS_SHARE: (
            (Decimal(recorded["value"]), recorded["period"]) if recorded else (None, None)
        ),
    }
    answer = []
    for indicator, title in _PROGRAMME.items():
        value, period = measured[indicator]
        target = _target(scope.target_groups, indicator, as_of)
        answer.append(IndicatorStatus(
            indicator, title, _number(value),
            "recorded" if indicator == NETWORK_TEACHERS_SHARE else "computed",
            period, _target_out(target), _status(target, value),
        ))
    return answer


def _average_source(
    scope: Scope, target: Row | None, indicator: str, period: str
) -> tuple[str, str, str, str] | None:
    """Where the average a target compares with is recorded: the region's or the district's."""
    if target is None:
        return None
    if target["comparison"] == ">= regional average":
        return (scope.region.id, REGION, indicator, period)
    if target["comparison"] == "< district average":
        return (scope.tenant.id, MUNICIPALITY, indicator, period)
    return None


def _criteria(scope: Scope, values: list[Row], as_of: date) -> list[Criterion]:
    """Latest value per subject of each criterion, held against the regional or district average."""
    exact = {
        (v["tenant"], v["subject"], v["indicator"], v["period"]): Decimal(v["value"])
        for v in values
    }
    answer = []
    for indicator, title in _CRITERIA.items():
        target = _target(scope.target_groups, indicator, as_of)
        mine = [v for v in values if v["tenant"] == scope.tenant.id and v["indicator"] == indicator]
        rows = []
        for subject in sorted({m["subject"] for m in mine}):
            v = _latest([m for m in mine if m["subject"] == subject])
            assert v is not None
            source = _average_source(scope, target, indicator, v["period"])
            own = source == (v["tenant"], v["subject"], indicator, v["period"])
            average = None if source is None or own else exact.get(source)
            value = Decimal(v["value"])
            rows.append(CriterionValue(
                v["subject"], v["period"], float(value), date.fromisoformat(v["measured_on"]),
                _number(average), _status(target, value, average),
            ))
        answer.append(Criterion(indicator, title, _target_out(target), rows))
    return answer


def _row(scope: Scope, c: Counts, facts: Facts, as_of: date) -> OverviewRow:
    return OverviewRow(
        tenant_id=scope.tenant.id,
        name=scope.tenant.name,
        registered_schools=c.registered,
        identified_schools=c.identified,
        with_partner=_ratio(c.with_partner, c.identified),
        with_agreement=_ratio(c.with_agreement, c.identified),
        roadmap_items=_ratio(c.items_done, c.items_active),
        reports_on_time=_ratio(c.reports_on_time, c.reports_due),
        visits=_ratio(c.visits_held, c.visits_planned),
        indicators=_indicators(scope, c, facts.values, as_of),
        criteria=_criteria(scope, facts.values, as_of),
    )


def positions(store: ViewStore, tenants: Sequence[str]) -> dict[str, int]:
    """Per tenant, the position all three source views have read: the overview is whole up to it."""
    tracked = [store.positions(view, store.ensure_live(view)) for view in SOURCES]
    return {tenant: min(p.get(tenant, 0) for p in tracked) for tenant in tenants}


def build_overview(
    store: ViewStore, region: Tenant, municipalities: list[Tenant], as_of: date
) -> RegionalOverview:
    """Municipalities against their own targets, else the region's; the total, the region's."""
    tenants = [region.id, *(m.id for m in municipalities)]
    facts = load_facts(store, tenants, as_of, [NETWORK_TEACHERS_SHARE, *_CRITERIA])
    regional = facts.targets[region.id]
    rows = [
        _row(Scope(m, region, MUNICIPALITY, [facts.targets[m.id], regional]),
             facts.counts[m.id], facts, as_of)
        for m in municipalities
    ]
    total = sum((facts.counts[m.id] for m in municipalities), Counts())
    total_row = _row(Scope(region, region, REGION, [regional]), total, facts, as_of)
    return RegionalOverview(
        region.id, region.name, as_of, rows, total_row, positions(store, tenants)
    )


# Export -----------------------------------------------------------------------------------
_SHORT = {
    NETWORK_ORGANISATIONS_SHARE: "Доля ОО в сетевом взаимодействии, %",
    NETWORK_SUPPORTED_SCHOOLS_SHARE: "Доля ШНОР/ШФНСУ в сетевом взаимодействии, %",
    NETWORK_TEACHERS_SHARE: "Доля педагогов, охваченных сетевыми мероприятиями, %",
}
_STATUS_RU = {
    "met": "достигнут", "not_met": "не достигнут", "no_data": "нет данных",
    "no_target": "цель не задана",
}
_SIGN = {">=": "≥", "<=": "≤", "=": "="}

COLUMNS = [
    Column("name", "Муниципалитет"),
    Column("identified", "Школ ШНОР/ШФНСУ"),
    Column("with_partner", "С партнёром"),
    Column("with_partner_pct", "Доля с партнёром, %"),
    Column("with_agreement", "С соглашением"),
    Column("with_agreement_pct", "Доля с соглашением, %"),
    Column("items", "Мероприятия: выполнено / всего"),
    Column("items_pct", "Выполнение дорожных карт, %"),
    Column("reports", "Отчёты: в срок / к сроку"),
    Column("reports_pct", "Отчёты в срок, %"),
    Column("visits", "Посещения: проведено / запланировано"),
    *(
        column
        for indicator, header in _SHORT.items()
        for column in (
            Column(indicator, header),
            Column(f"{indicator}_target", f"{header.removesuffix(', %')}: цель"),
            Column(f"{indicator}_status", f"{header.removesuffix(', %')}: статус"),
        )
    ),
]


def _flat(row: OverviewRow, name: str) -> dict[str, Any]:
    flat: dict[str, Any] = {
        "name": name,
        "identified": row.identified_schools,
        "with_partner": row.with_partner.count,
        "with_partner_pct": row.with_partner.percent,
        "with_agreement": row.with_agreement.count,
        "with_agreement_pct": row.with_agreement.percent,
        "items": f"{row.roadmap_items.count} / {row.roadmap_items.of}",
        "items_pct": row.roadmap_items.percent,
        "reports": f"{row.reports_on_time.count} / {row.reports_on_time.of}",
        "reports_pct": row.reports_on_time.percent,
        "visits": f"{row.visits.count} / {row.visits.of}",
    }
    for indicator in row.indicators:
        target = indicator.target
        flat[indicator.indicator] = indicator.value
        flat[f"{indicator.indicator}_target"] = (
            f"{_SIGN.get(target.comparison, target.comparison)} {target.value:g}"
            if target is not None and target.value is not None else None
        )
        flat[f"{indicator.indicator}_status"] = _STATUS_RU[indicator.status]
    return flat


# Endpoints --------------------------------------------------------------------------------
@get(
    "/api/v1/regions/{region_id:str}/overview",
    operation_id="getRegionalOverview",
    tags=["overview"],
    guards=[region_reader_guard],
    summary="Per municipality and in total: schools, partners, agreements, roadmaps, reports, "
    "visits and indicators against targets",
    description=(
        "One row per municipality of the region and a total. Identified schools are those in "
        "the programme now; a partner or an agreement counts while its partnership has not "
        "ended. Roadmap completion: items done of those not cancelled. Reports on time: "
        "monthly reports due by `as_of` filed by their due date, of all due. Visits: held by "
        "`as_of`, of those planned by `as_of` and not cancelled. Indicators of 001: the two "
        "network shares are computed (schools in a running partnership of those registered; "
        "identified schools with a partner of those identified), the teachers' share is the "
        "latest recorded value (subject `municipality`, `region` for the total). Criteria of "
        "003: the latest value of each subject. Targets: the municipality's own programme, "
        "else the region's; status met, not_met, no_data or no_target. `format=csv|xlsx` "
        "gives the table with Russian headers."
    ),
    sync_to_thread=True,
)
def regional_overview(
    request: Request,
    region_id: str,
    as_of: Annotated[
        date | None,
        Parameter(description="Reports and visits due by this date; default today in the region"),
    ] = None,
    fmt: Annotated[Format, QueryParameter(name="format", description="json, csv or xlsx")] = "json",
) -> Response[RegionalOverview]:
    """JSON by default; CSV and XLSX: one row per municipality and a total row."""
    region = region_of(request)
    municipalities = services_of(request).backend.registry.municipalities(region.id)
    day = as_of_date(region, as_of, request)
    overview = build_overview(read_side(request).store, region, municipalities, day)
    if fmt == "json":
        return Response(overview)
    rows = [_flat(row, row.name) for row in overview.municipalities]
    rows.append(_flat(overview.total, f"Итого по региону: {region.name}"))
    return tabular(rows, COLUMNS, fmt, f"overview-{region.id}-{day.isoformat()}", "Обзор региона")


async def overview_changes(
    store: ViewStore, region: Tenant, registry: Any, max_seconds: float
) -> AsyncIterator[ServerSentEventMessage]:
    """The current position of each tenant, then every advance; a comment now and then; bounded."""
    poll, keepalive = POLL_SECONDS, KEEPALIVE_SECONDS
    started = time.monotonic()
    deadline = started + max_seconds
    next_keepalive = started + keepalive
    seen: dict[str, int] = {}
    tenants: list[str] = []
    while True:
        if not tenants or time.monotonic() >= next_keepalive:
            municipalities = await to_thread.run_sync(registry.municipalities, region.id)
            tenants = [region.id, *(m.id for m in municipalities)]
        reached = await to_thread.run_sync(positions, store, tenants)
        for tenant, position in reached.items():
            if position > seen.get(tenant, 0):
                seen[tenant] = position
                yield ServerSentEventMessage(
                    data=json.dumps({"tenant": tenant, "position": position}),
                    event="overview-changed", id=f"{tenant}:{position}",
                )
        now = time.monotonic()
        if now >= deadline:
            return
        if now >= next_keepalive:
            next_keepalive = now + keepalive
            yield ServerSentEventMessage(data=None, comment="keepalive")
        await asyncio.sleep(min(poll, deadline - now))


@get(
    "/api/v1/regions/{region_id:str}/overview/stream",
    operation_id="streamRegionalOverview",
    tags=["overview"],
    guards=[region_reader_guard],
    summary="Server-sent events `overview-changed` {tenant, position} as the overview advances",
    description=(
        "First one event per tenant of the region with the log position the overview has "
        "read, then one each time it advances (polled every 0.5 s); a `: keepalive` comment "
        "every 15 s; the stream ends after `max_seconds` (at most 3600), reconnect to go on."
    ),
    media_type="text/event-stream",
)
async def regional_overview_stream(
    request: Request,
    region_id: str,
    max_seconds: Annotated[
        int, Parameter(ge=1, le=MAX_STREAM_SECONDS, description="The stream ends after this long")
    ] = MAX_STREAM_SECONDS,
) -> ServerSentEvent:
    """First where each tenant stands, then every advance; `: keepalive` every 15 s."""
    region = region_of(request)
    registry = services_of(request).backend.registry
    store = read_side(request).store
    return ServerSentEvent(overview_changes(store, region, registry, max_seconds))


OVERVIEW_ROUTES = [regional_overview, regional_overview_stream]
