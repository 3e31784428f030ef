"""The overview counted by the database equals the from-scratch computation (issue 16 goal 2).

A generated region (bench/generate.py: identifications, exits, partnerships ended and replaced,
agreements extended, reports on time, late and missing, visits held, cancelled and missed,
criteria values of every school) is projected on each backend, and the product's answer is
compared, as of a date in every month of its history and before it, with the reference in
overview_reference.py: the earlier code, which fetched every fact and counted in Python.
"""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from bench.generate import Manifest, Shape, generate
from cascade.app import open_read_side
from cascade.settings import Settings
from domain.schedule import month_end
from services.projections.overview.queries import regional_overview
from services.projections.runner import ProjectionRunner
from tests.integration.projections import overview_reference
from tests.integration.projections.feed import monthly_report_duty

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
        yield manifest, read.store
    finally:
        read.store.db.close()
        if read.scratch:
            read.scratch.close()


def test_the_overview_counted_by_the_database_equals_the_from_scratch_answer(projected):
    manifest, store = projected
    region, municipalities = manifest.region, list(manifest.municipalities)
    seen_nonzero = set()
    for day in _dates(SMALL):
        answer = regional_overview(store, region, municipalities, day)
        expected = overview_reference.regional_overview(store, region, municipalities, day)
        got = msgspec.to_builtins(answer)
        want = msgspec.to_builtins(expected)
        for key in ("positions", "degraded"):
            got.pop(key), want.pop(key)
        assert got == want, day
        total = answer.total
        seen_nonzero |= {name for name, ratio in (
            ("partner", total.with_partner), ("agreement", total.with_agreement),
            ("items", total.roadmap_items), ("reports", total.reports_on_time), ("visits", total.visits),
        ) if ratio.count}
        if any(row.criteria and any(c.values for c in row.criteria) for row in answer.municipalities):
            seen_nonzero.add("criteria")

    # The comparison covered every figure with something counted, not only zeros.
    assert seen_nonzero == {"partner", "agreement", "items", "reports", "visits", "criteria"}
