"""The overview counted by the database equals the from-scratch computation (issue 16 goal 2).

A generated region (bench/generate.py: identifications, exits, partnerships ended and replaced,
agreements extended, reports on time, late and missing, visits held, cancelled and missed,
criteria values of every school) is projected on each backend, and the product's answer is
compared, as of a date in every month of its history and before it, with the reference in
overview_reference.py: the earlier code, which fetched every fact and counted in Python.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec
import pytest

from bench.generate import Manifest, Shape, generate
from cascade.app import open_read_side
from cascade.settings import Settings
from domain.programme import IndicatorSeries
from domain.schedule import month_end
from domain.school import School
from services.projections.overview.criteria import CRITERIA
from services.projections.overview.regional import regional_overview
from services.projections.runner import ProjectionRunner
from tests.integration.projections import overview_reference
from tests.integration.projections.feed import monthly_report_duty, provenance

#: Three municipalities, eighteen schools, two school years: a few thousand events.
SMALL = Shape(seed=11, municipalities=3, schools=18, years=2, region="sum-a")


def _dates(shape: Shape) -> list[date]:
    """Before anything happened, the 15th and the last day of every month, and after the end."""
    days = [date(shape.first_year, 8, 1)]
    for year in range(shape.first_year, shape.first_year + shape.years + 1):
        for month in range(1, 13):
            days += [date(year, month, 15), month_end(year, month)]
    return [*days, date(shape.first_year + shape.years + 2, 1, 1)]


@pytest.fixture
def projected(backend, tmp_path):
    manifest: Manifest = generate(backend, SMALL)
    # The generator adopts no reporting duty: all but the last municipality owe monthly reports.
    for municipality in manifest.municipalities[:-1]:
        backend.application(municipality.id).save(
            monthly_report_duty(municipality, effective_from=date(SMALL.first_year, 9, 1)))
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    ProjectionRunner(backend, read.store, read.views).run_once()
    try:
        yield manifest, read
    finally:
        read.store.db.close()
        if read.scratch:
            read.scratch.close()


def _same(store, manifest, day):
    """The product's answer equals the reference's (positions and parked tenants aside)."""
    answer = regional_overview(store, manifest.region, list(manifest.municipalities), day)
    expected = overview_reference.regional_overview(store, manifest.region, list(manifest.municipalities), day)
    got, want = msgspec.to_builtins(answer), msgspec.to_builtins(expected)
    for key in ("positions", "degraded"):
        got.pop(key), want.pop(key)
    assert got == want, day
    return answer


def test_the_overview_counted_by_the_database_equals_the_from_scratch_answer(projected):
    manifest, read = projected
    store = read.store
    seen_nonzero = set()
    for day in _dates(SMALL):
        answer = _same(store, manifest, day)
        total = answer.total
        seen_nonzero |= {name for name, ratio in (
            ("partner", total.with_partner), ("agreement", total.with_agreement),
            ("items", total.roadmap_items), ("reports", total.reports_on_time), ("visits", total.visits),
        ) if ratio.count}
        if any(row.criteria and any(c.values for c in row.criteria) for row in answer.municipalities):
            seen_nonzero.add("criteria")

    # The comparison covered every figure with something counted, not only zeros.
    assert seen_nonzero == {"partner", "agreement", "items", "reports", "visits", "criteria"}


def test_what_the_overview_keeps_follows_new_facts_and_is_not_read_again_before(projected, backend):
    manifest, read = projected
    store, municipality = read.store, manifest.municipalities[0]
    measured = date(SMALL.first_year + 1, 3, 10)
    days = [date(SMALL.first_year + 1, 3, 9), measured, date(SMALL.first_year + 1, 6, 30)]
    for day in days:
        _same(store, manifest, day)
    statements: list[str] = []
    query = store.db.query

    def spying(sql, params=()):
        statements.append(sql)
        return query(sql, params)

    store.db.query = spying
    try:
        for day in days:
            regional_overview(store, manifest.region, list(manifest.municipalities), day)
    finally:
        store.db.query = query
    # Kept: neither the values nor the facts counted are read again, only revisions and positions.
    assert statements and not any(table in sql for sql in statements
                                  for table in ("indicator_values", "_due_", "_items_", "_schools_"))
    registered = {r.tenant_id: r.registered_schools for r in _same(store, manifest, days[0]).municipalities}

    indicator = next(iter(CRITERIA))
    series = IndicatorSeries.open(provenance(municipality), "kept-school", indicator)
    series.record(provenance(municipality), str(SMALL.first_year + 1), Decimal("42.5"), measured)
    backend.application(municipality.id).save(series, School.register(provenance(municipality), "kept-new", "Новая школа"))
    ProjectionRunner(backend, store, read.views).run_once()

    def shown(day):
        row = next(r for r in _same(store, manifest, day).municipalities if r.tenant_id == municipality.id)
        return [v.value for c in row.criteria if c.indicator == indicator for v in c.values
                if v.subject == "kept-school"]

    assert shown(days[0]) == [] and shown(measured) == [42.5] and shown(days[2]) == [42.5]
    now = {r.tenant_id: r.registered_schools for r in _same(store, manifest, days[0]).municipalities}
    assert now == {**registered, municipality.id: registered[municipality.id] + 1}
