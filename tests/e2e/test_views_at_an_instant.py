"""`at=`: the views as they were at a past instant, replayed into a scratch copy."""

import time
from datetime import UTC, datetime

from tests.e2e.conftest import officer, operator

TENANT = "ru-16-kaybitsy"
BASIS = {"number": "20/2", "issued_on": "2021-02-11"}


def _roadmap(api, key, school):
    api.post(TENANT, {"type": "register_school", "school": school, "name": "Школа"}, officer())
    api.post(TENANT, {"type": "approve_roadmap", "roadmap": key, "school": school, "title": "Дорожная карта",
                      "period_start": "2021-01-01", "period_end": "2021-12-31",
                      "approved_on": "2021-02-11"}, officer())
    api.post(TENANT, {"type": "add_roadmap_item", "roadmap": key, "item": "1", "section": "Управление",
                      "title": "Приказ", "responsible": ["ШНОР"],
                      "schedule": {"form": "deadline", "due": "2021-02-15"}}, officer())


def _until_the_clock_passes(instant: datetime) -> None:
    """Events recorded from now on are stamped after `instant` (the clock has moved past it)."""
    deadline = time.monotonic() + 5
    while datetime.now(UTC) <= instant:
        assert time.monotonic() < deadline, "the clock did not move"


def _strip(answer):
    answer = dict(answer)
    answer.pop("view_position", None)
    answer.pop("positions", None)
    return answer


def test_views_at_an_instant_equal_what_they_showed_then(api):
    _roadmap(api, "rm-1", "k-1")
    api.project()
    then = datetime.now(UTC)
    shown_then = api.get(f"/api/v1/tenants/{TENANT}/roadmaps", officer(), as_of="2021-03-01").json()
    overview_then = api.get("/api/v1/regions/ru-16/overview", operator(), as_of="2021-03-01").json()
    _until_the_clock_passes(then)
    _roadmap(api, "rm-2", "k-2")
    api.post(TENANT, {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": "1", "completed_on": "2021-02-14",
                      "evidence": [{"kind": "document", "reference": "Приказ №1"}]}, officer())
    api.project()
    now = api.get(f"/api/v1/tenants/{TENANT}/roadmaps", officer(), as_of="2021-03-01").json()
    assert _strip(now) != _strip(shown_then)

    replayed = api.get(f"/api/v1/tenants/{TENANT}/roadmaps", officer(), as_of="2021-03-01", at=then.isoformat()).json()
    assert _strip(replayed) == _strip(shown_then)
    overview = api.get("/api/v1/regions/ru-16/overview", operator(), as_of="2021-03-01", at=then.isoformat()).json()
    assert _strip(overview) == _strip(overview_then)
    # The live views were not touched by the replay.
    assert _strip(api.get(f"/api/v1/tenants/{TENANT}/roadmaps", officer(), as_of="2021-03-01").json()) == _strip(now)


def test_a_malformed_instant_is_named(api):
    response = api.get(f"/api/v1/tenants/{TENANT}/roadmaps", officer(), at="yesterday")
    assert response.status_code == 422 and response.json()["field"] == "at"
