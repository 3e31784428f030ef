"""Answers kept by the views' stamp (services/projections/answer_cache.py): equal to the uncached
answer, changed by the next projected event, never shared across callers' scopes."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest
from litestar.serialization import encode_json

from services.http_cache import entity_tag
from services.projections.answer_cache import AnswerCache, cache_of, kept, stamp
from services.projections.registers.progress import figured, progress
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import roadmap_status
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import monitoring_calendar
from tests.e2e.helpers import TENANT, officer, ok, operator, school_user
from tests.e2e.test_schedule_view import build

SCHEDULE = f"/api/v1/tenants/{TENANT}/schedule"
ROADMAPS = f"/api/v1/tenants/{TENANT}/roadmaps"
RANGE = {"from": "2021-01-01", "to": "2023-12-31", "as_of": "2021-06-20"}
AS_OF = date(2021, 6, 20)


@pytest.fixture
def built(api):
    build(api)
    api.project()
    return api


def store_of(api):
    return api.client.app.state.services.read.store


def body(api, path, as_=None, **params):
    response = api.get(path, as_ or officer(), **params)
    assert response.status_code == 200, response.text
    return response.content


def uncached_calendar(api, school=None):
    answer = monitoring_calendar(store_of(api), TENANT, date(2021, 1, 1), date(2023, 12, 31), school, None, AS_OF)
    return encode_json(answer)


def uncached_roadmaps(api, school=None):
    return encode_json(roadmap_status(store_of(api), TENANT, school, AS_OF))


def test_a_kept_answer_is_the_bytes_of_the_uncached_answer_and_a_repeat_is_a_hit(built):
    cache = cache_of(store_of(built))
    first = body(built, SCHEDULE, **RANGE)
    hits = cache.hits
    again = body(built, SCHEDULE, **RANGE)
    assert cache.hits == hits + 1
    assert first == again == uncached_calendar(built)
    assert body(built, ROADMAPS, as_of="2021-06-20") == body(built, ROADMAPS, as_of="2021-06-20") \
        == uncached_roadmaps(built)
    # Another as-of date is another question.
    assert body(built, SCHEDULE, **{**RANGE, "as_of": "2022-06-20"}) != first


def test_an_event_projected_in_between_changes_the_kept_answer(built):
    before_calendar, before_roadmaps = body(built, SCHEDULE, **RANGE), body(built, ROADMAPS, as_of="2021-06-20")
    ok(built, {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": "never",
               "completed_on": "2021-06-01", "evidence": [{"kind": "note", "reference": "Справка"}]})
    # Not projected yet: the views have not moved, so the kept answer is still the true one.
    assert body(built, SCHEDULE, **RANGE) == before_calendar == uncached_calendar(built)
    built.project()
    after_calendar, after_roadmaps = body(built, SCHEDULE, **RANGE), body(built, ROADMAPS, as_of="2021-06-20")
    assert after_calendar != before_calendar and after_roadmaps != before_roadmaps
    assert after_calendar == uncached_calendar(built)
    assert after_roadmaps == uncached_roadmaps(built)
    rows = {r["id"]: r for r in msgspec.json.decode(after_calendar)["rows"]}
    assert rows["roadmap:rm-1:never:2021-06-30"]["done_on"] == "2021-06-01"


def test_a_school_user_never_gets_an_answer_kept_for_another_scope(built):
    everyone = msgspec.json.decode(body(built, SCHEDULE, **RANGE))
    assert {r["school"] for r in everyone["rows"]} == {"k-1", "k-2"}
    for school in ("k-1", "k-2"):
        own = body(built, SCHEDULE, school_user(school), **RANGE)
        assert {r["school"] for r in msgspec.json.decode(own)["rows"]} == {school}
        assert own == uncached_calendar(built, school)
        assert body(built, ROADMAPS, school_user(school), as_of="2021-06-20") == uncached_roadmaps(built, school)
    # The officer's answer for one school was kept: the other school's user still gets only its own.
    body(built, SCHEDULE, **RANGE, school="k-1")
    mine = msgspec.json.decode(body(built, SCHEDULE, school_user("k-2"), **RANGE))
    assert {r["school"] for r in mine["rows"]} == {"k-2"}
    refused = built.get(SCHEDULE, school_user("k-2"), **RANGE, school="k-1")
    assert refused.status_code == 403


def test_the_stamp_moves_with_positions_generations_and_parked_events(built):
    store = store_of(built)
    first = stamp(store, (ScheduleView, RoadmapView), [TENANT])
    assert first == stamp(store, (RoadmapView, ScheduleView), [TENANT, TENANT])
    assert {row[0] for row in first} == {"schedule", "roadmaps"}
    generation = store.current_generation(ScheduleView)
    position = store.positions(ScheduleView, generation)[TENANT]
    store.db.query(  # a parked event retried later changes rows without moving the position
        "INSERT INTO projection_parked (view, generation, tenant, position, state, tries, error, "
        "first_failed_at, last_failed_at) VALUES (?, ?, ?, ?, 'parked', 1, 'x', 'now', 'now')",
        ("schedule", generation, TENANT, position))
    parked = stamp(store, (ScheduleView, RoadmapView), [TENANT])
    assert parked != first
    store.db.query("DELETE FROM projection_parked WHERE view = 'schedule'")
    assert stamp(store, (ScheduleView, RoadmapView), [TENANT]) == first
    ok(built, {"type": "register_school", "school": "k-3", "name": "Школа 3"})
    built.project()
    assert stamp(store, (ScheduleView, RoadmapView), [TENANT]) != first


def test_an_answer_made_while_the_views_moved_is_not_kept(built):
    store = store_of(built)
    made = []

    def make():
        made.append(1)
        if len(made) == 1:  # a projection lands while the answer is being made
            ok(built, {"type": "register_school", "school": "k-9", "name": "Школа 9"})
            built.project()
        return len(made)

    assert kept(store, (ScheduleView,), [TENANT], "moving", make) == 1
    assert kept(store, (ScheduleView,), [TENANT], "moving", make) == 2  # not kept: made again
    assert kept(store, (ScheduleView,), [TENANT], "moving", make) == 2  # kept now


def test_the_registers_progress_is_kept_and_equals_the_uncached_figures(built):
    store = store_of(built)
    assert progress(store, TENANT, AS_OF) == figured(store, TENANT, AS_OF)
    assert progress(store, TENANT, AS_OF) is progress(store, TENANT, AS_OF)
    kept_before = progress(store, TENANT, AS_OF)
    ok(built, {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": "never",
               "completed_on": "2021-06-01", "evidence": [{"kind": "note", "reference": "Справка"}]})
    built.project()
    after = progress(store, TENANT, AS_OF)
    assert after == figured(store, TENANT, AS_OF) != kept_before


@pytest.mark.parametrize("accept", ["br", "gzip", "identity"])
def test_a_kept_answer_is_sent_as_the_middlewares_would_send_it_and_revalidates_to_304(built, accept):
    headers = {**built.headers(officer()), "Accept-Encoding": accept}
    expected = uncached_calendar(built)
    for _ in range(2):  # made, then kept
        response = built.client.get(SCHEDULE, params=RANGE, headers=headers)
        assert response.status_code == 200
        assert response.content == expected  # decoded by the client when compressed
        assert response.headers.get("content-encoding") == (None if accept == "identity" else accept)
        assert response.headers["etag"] == entity_tag(expected)
        assert response.headers["cache-control"] == "private, no-cache"
        assert response.headers["content-type"] == "application/json"
    again = built.client.get(SCHEDULE, params=RANGE, headers={**headers, "If-None-Match": entity_tag(expected)})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == entity_tag(expected)
    other = built.client.get(SCHEDULE, params=RANGE, headers={**headers, "If-None-Match": 'W/"other"'})
    assert other.status_code == 200 and other.content == expected


def test_the_record_registers_are_kept_equal_changed_by_an_event_and_never_cross_scopes(built, monkeypatch):
    registers = f"/api/v1/tenants/{TENANT}/registers"
    visits, reports, approvals = f"{registers}/visits", f"{registers}/reports", f"{registers}/approvals"

    def uncached(path, as_, **params):
        with monkeypatch.context() as patch:
            patch.setattr(AnswerCache, "get", lambda self, key: None)
            return body(built, path, as_, **params)

    for path, who in ((visits, officer()), (reports, officer()), (reports, school_user("k-2")),
                      (approvals, officer()), (approvals, school_user("k-1")),
                      ("/api/v1/regions/ru-16/registers/visits", operator())):
        first = body(built, path, who, as_of="2021-06-20")
        assert first == body(built, path, who, as_of="2021-06-20") == uncached(path, who, as_of="2021-06-20")
    before = body(built, visits, officer(), as_of="2021-06-20")
    ok(built, {"type": "cancel_visit", "visit": "v-missed", "reason": "Карантин"})
    built.project()
    after = body(built, visits, officer(), as_of="2021-06-20")
    assert after != before and after == uncached(visits, officer(), as_of="2021-06-20")
    assert {r["visit"]: r["status"] for r in msgspec.json.decode(after)["rows"]}["v-missed"] == "cancelled"
    # The officer's reports of both schools were kept: each school's user still sees only its own.
    assert {r["school"] for r in msgspec.json.decode(body(built, reports, officer()))["rows"]} == {"k-1", "k-2"}
    for school in ("k-1", "k-2"):
        own = msgspec.json.decode(body(built, reports, school_user(school)))
        assert {r["school"] for r in own["rows"]} == {school}
