"""The audit trail model fed with events: every event with its provenance, filtered and paged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.school import School
from services.projections.audit_trail.projection import AuditView
from services.projections.audit_trail.queries import TrailFilter, event_page, stream_versions
from tests.integration.projections.feed import KAYBITSY, Feed, provenance


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [AuditView()])


def registered(count: int) -> list[School]:
    return [School.register(provenance(), f"kaybitsy-{i}", f"Школа {i}") for i in range(count)]


def test_every_event_is_listed_with_who_recorded_it_and_its_payload(store, feed):
    school = School.register(provenance(), "kaybitsy-1", "МБОУ 1")
    feed(school)
    page = event_page(store, KAYBITSY.id, "asc", None, None, TrailFilter(), 100)
    (event,) = page.events
    assert (event.position, event.version, event.type) == (1, 1, "School.Registered")
    assert event.stream_id == str(school.id) and event.tenant_id == KAYBITSY.id
    assert event.actor == {"subject": "officer-1", "role": "municipal_officer", "organisation": KAYBITSY.id}
    assert event.correlation_id == "test-correlation" and event.data["code"] == "kaybitsy-1"
    assert page.view_position == 1 and page.next is None


def test_pages_follow_the_position_in_either_order(store, feed):
    feed(*registered(5))
    first = event_page(store, KAYBITSY.id, "asc", None, None, TrailFilter(), 2)
    assert [e.position for e in first.events] == [1, 2] and first.next == 2
    second = event_page(store, KAYBITSY.id, "asc", first.next, None, TrailFilter(), 2)
    assert [e.position for e in second.events] == [3, 4] and second.next == 4
    newest = event_page(store, KAYBITSY.id, "desc", None, 5, TrailFilter(), 10)
    assert [e.position for e in newest.events] == [4, 3, 2, 1] and newest.next is None


def test_filters_by_stream_type_actor_and_time(store, feed):
    schools = registered(3)
    feed(*schools)
    stream = event_page(store, KAYBITSY.id, "asc", None, None, TrailFilter(stream=str(schools[1].id)), 10)
    assert [e.position for e in stream.events] == [2]
    assert event_page(store, KAYBITSY.id, "asc", None, None, TrailFilter(type="School.Identified"), 10).events == []
    assert len(event_page(store, KAYBITSY.id, "asc", None, None, TrailFilter(actor="officer-1"), 10).events) == 3
    future = datetime(2100, 1, 1, tzinfo=UTC).isoformat(timespec="microseconds")
    assert event_page(store, KAYBITSY.id, "asc", None, None, TrailFilter(since=future), 10).events == []
    assert len(event_page(store, KAYBITSY.id, "asc", None, None, TrailFilter(until=future), 10).events) == 3


def test_the_whole_tenant_at_an_instant_is_each_stream_at_its_version_then(store, feed):
    """Issue 12 (the auditor's state of the whole municipality at a date): every stream with the
    version it had reached by the instant, the last event then; a stream begun later is absent."""
    first, second = registered(2)
    feed(first)
    (only,) = stream_versions(store, KAYBITSY.id)
    cut = only.last_recorded_at
    feed(second)
    now = stream_versions(store, KAYBITSY.id)
    assert [(v.stream_id, v.version, v.kind) for v in now] == [
        (str(second.id), 1, "School"), (str(first.id), 1, "School")]
    then = stream_versions(store, KAYBITSY.id, cut)
    assert [(v.stream_id, v.version, v.last_type) for v in then] == [(str(first.id), 1, "School.Registered")]
    assert stream_versions(store, KAYBITSY.id, "2000-01-01T00:00:00.000000+00:00") == []
