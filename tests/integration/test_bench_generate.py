"""The synthetic region generator on both backends: deterministic, every schedule form, replayable."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from uuid import UUID

import pytest

from bench.generate import SCHEDULE_FORMS, Manifest, Shape, generate
from cascade.app import open_read_side
from cascade.settings import Settings
from services.projections.runner import ProjectionRunner
from tenants.backends import Backend

#: Two municipalities, fourteen schools, two school years: a few thousand events.
TINY = Shape(seed=7, municipalities=2, schools=14, years=2)


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
