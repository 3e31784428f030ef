"""Values no view can hold are refused with 422 naming the field; colliding keys cannot be made."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import officer

TENANT = "ru-16-kaybitsy"


def _register(api, code, name="Школа"):
    return api.post(TENANT, {"type": "register_school", "school": code, "name": name}, as_=officer())


def _refused(response, field):
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field, response.json()
    return response.json()


def test_a_nul_byte_or_another_control_character_in_text_is_refused(api):
    _refused(_register(api, "k-1", "a\u0000b"), "name")
    _refused(_register(api, "k-1", "a\u0085b"), "name")
    _refused(_register(api, "k-1", "line\nbreak"), "name")  # a one-line field
    assert api.count(TENANT) == 0


def test_a_roadmap_ending_in_the_year_9999_is_refused_naming_the_field(api):
    assert _register(api, "k-1").status_code == 201
    command = {
        "type": "approve_roadmap", "roadmap": "rm-1", "school": "k-1", "title": "Карта",
        "period_start": "2021-01-01", "period_end": "9999-12-31", "approved_on": "2021-01-01",
    }
    body = _refused(api.post(TENANT, command, as_=officer()), "period_end")
    assert "«period_end»" in body["detail"]  # Russian by default; the bound itself in English:
    english = api.client.post(f"/api/v1/tenants/{TENANT}/commands", json=command,
                              headers=api.headers(officer(), **{"Accept-Language": "en"}))
    assert "2100-12-31" in _refused(english, "period_end")["detail"]
    command["period_end"] = "2100-12-31"
    assert api.post(TENANT, command, as_=officer()).status_code == 201
    api.project()  # the monthly expansion to the last business date never raises
    assert api.client.app.state.services.read.store.parked() == []


def test_a_date_inside_a_schedule_is_checked_too(api):
    assert _register(api, "k-1").status_code == 201
    api.post(TENANT, {
        "type": "approve_roadmap", "roadmap": "rm-1", "school": "k-1", "title": "Карта",
        "period_start": "2021-01-01", "period_end": "2021-12-31", "approved_on": "2021-01-01",
    }, as_=officer())
    command = {
        "type": "add_roadmap_item", "roadmap": "rm-1", "item": "i-1", "section": "s", "title": "t",
        "schedule": {"form": "dates", "dates": ["2021-02-01", "1999-12-31"]},
        "responsible": ["директор"],
    }
    _refused(api.post(TENANT, command, as_=officer()), "schedule.dates[1]")


def test_huge_numbers_are_refused(api):
    command = {
        "type": "record_indicator", "subject": "municipality", "indicator": "x", "period": "2021",
        "value": "1e300", "measured_on": "2021-06-30",
    }
    _refused(api.post(TENANT, command, as_=officer()), "value")
    command["value"] = "0.0000001"
    _refused(api.post(TENANT, command, as_=officer()), "value")
    command["value"] = 5
    command["expected_version"] = 2**63
    assert api.post(TENANT, command, as_=officer()).status_code == 422


def test_a_colon_in_an_identifier_is_refused_so_series_keys_never_collide(api):
    """`a:b` + `c` and `a` + `b:c` made the same series key `a:b:c` (issue 9, finding 5)."""
    for code in ("a", "a:b"):
        response = _register(api, code)
        if code == "a":
            assert response.status_code == 201
        else:
            _refused(response, "school")
    command = {
        "type": "record_indicator", "subject": "a", "indicator": "b:c", "period": "2021",
        "value": "1", "measured_on": "2021-06-30",
    }
    _refused(api.post(TENANT, command, as_=officer()), "indicator")


def test_series_of_distinct_pairs_are_distinct_streams():
    from domain.base import Actor, InvalidValue, Provenance
    from domain.programme import IndicatorSeries

    meta = Provenance(TENANT, Actor("o", "municipal_officer", TENANT), "c")
    assert IndicatorSeries.create_id(meta, "a", "b") != IndicatorSeries.create_id(meta, "a-b", "c")
    with pytest.raises(InvalidValue):
        IndicatorSeries.create_id(meta, "a:b", "c")
    with pytest.raises(InvalidValue):
        IndicatorSeries.create_id(meta, "a", "b:c")
