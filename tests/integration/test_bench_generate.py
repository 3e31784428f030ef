"""The synthetic region generator on both backends: deterministic, every schedule form, replayable."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import pytest

from bench.generate import SCHEDULE_FORMS, Manifest, Shape, generate
from cascade.app import open_read_side
from cascade.settings import Settings
from services.projections.runner import ProjectionRunner
from tenants.backends import Backend

#: Two municipalities, fourteen schools, two school years: a few thousand events.
TINY = Shape(seed=7, municipalities=2, schools=14, years=2)
REPO = Path(__file__).resolve().parents[2]


def stored(backend: Backend, manifest: Manifest) -> tuple[Counter[str], list]:
    """Per-type counts of what the region's logs hold, and the decoded events."""
    counts: Counter[str] = Counter()
    events = []
    for tenant in manifest.tenants:
        app = backend.application(tenant.id)
        after = 0
        while batch := app.recorder.select_notifications(start=after, limit=1000, inclusive_of_start=False):
            for notification in batch:
                event = app.mapper.to_domain_event(notification)
                counts[type(event).__qualname__] += 1
                events.append((tenant.id, event))
            after = batch[-1].id
    return counts, events


@pytest.fixture
def region(backend: Backend) -> Manifest:
    return generate(backend, replace(TINY, region="gen-a"))


def test_the_same_seed_writes_the_same_events(backend, region):
    again = generate(backend, replace(TINY, region="gen-b"))
    counted_only = generate(None, TINY)

    assert region.events > 1000
    assert again.counts == region.counts == counted_only.counts
    assert stored(backend, region)[0] == region.counts
    assert stored(backend, again)[0] == again.counts


def test_another_seed_writes_another_history(backend, region):
    other = generate(None, replace(TINY, seed=8))

    assert other.counts != region.counts


def test_every_schedule_form_of_the_roadmaps_is_written(backend, region):
    _, events = stored(backend, region)
    forms = {type(e.schedule) for _, e in events if type(e).__qualname__ in ("Roadmap.ItemAdded",
                                                                              "Roadmap.ItemRescheduled")}

    assert forms == set(SCHEDULE_FORMS)
    assert set(region.forms) == {form.__name__ for form in SCHEDULE_FORMS}


def test_every_event_carries_a_synthetic_actor_and_its_business_day(backend, region):
    _, events = stored(backend, region)
    years = {e.timestamp.year for _, e in events}

    assert all(e.meta.actor.subject.endswith("bench.example.org") for _, e in events)
    assert all(e.meta.tenant_id == tenant for tenant, e in events)
    assert years == {TINY.first_year, TINY.first_year + 1, TINY.first_year + 2}


def test_the_events_replay_and_project_without_error(backend, region, tmp_path):
    _, events = stored(backend, region)
    streams = {(tenant, e.originator_id) for tenant, e in events}
    for tenant, stream in sorted(streams, key=str):
        aggregate = backend.application(tenant).repository.get(UUID(str(stream)))
        assert aggregate.version >= 1

    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    try:
        projected = ProjectionRunner(backend, read.store, read.views).run_once()
    finally:
        read.store.db.close()
        if read.scratch:
            read.scratch.close()

    assert projected == region.events


@pytest.fixture
def bench_cli(backend_kind, tmp_path, request):
    """`python -m bench ...` from the checkout, configured by CASCADE_* for this test's store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env["CASCADE_DATA_DIR"] = str(tmp_path / "var")
    if backend_kind == "postgres":
        env |= {"CASCADE_STORE": "postgres", "CASCADE_PG_URL": request.getfixturevalue("pg_url"),
                "CASCADE_PG_SCHEMA": request.getfixturevalue("pg_schema")}

    def invoke(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bench", *args], capture_output=True, text=True,
                              env=env, cwd=REPO, timeout=600)

    return invoke


def test_the_bench_entry_point_generates_into_the_configured_store(bench_cli):
    sizes = ["--seed", "7", "--municipalities", "2", "--schools", "14", "--years", "2"]
    expected = generate(None, TINY)

    first = bench_cli("generate", *sizes, "--types", "--quiet")
    again = bench_cli("generate", *sizes)

    assert first.returncode == 0, first.stderr
    assert f"{expected.events:,} events in 3 tenants" in first.stdout
    printed = dict(line.strip().split(": ") for line in first.stdout.splitlines()[1:])
    assert printed == {name: f"{count:,}" for name, count in expected.counts.items()}
    assert "generating region bench-7: 2 municipalities, 14 schools" in first.stderr
    assert again.returncode == 2 and "already has events" in again.stderr
