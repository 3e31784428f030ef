"""The overview's answer: what the JSON API and the pages show per municipality and in total."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec

Status = Literal["met", "not_met", "no_data", "no_target"]


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
    #: The programme's own title, as adopted («Программа поддержки школ … на 2021-2023 годы»).
    programme_title: str = ""


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
    degraded: list[str] = []
    """Tenants with events a source view could not apply (parked): their figures are incomplete."""


class ProgrammeTarget(msgspec.Struct, frozen=True):
    """One target of an adopted programme, as the programme states it."""

    indicator: str
    title: str
    comparison: str
    value: float | None
    unit: str


class ProgrammeEntry(msgspec.Struct, frozen=True):
    """An adopted programme of a tenant (region or municipality) with its period and targets."""

    tenant_id: str
    programme: str
    level: str
    adopted_on: date
    period_start: date
    period_end: date
    targets: list[ProgrammeTarget]
    #: The programme's own title, as adopted.
    title: str = ""
