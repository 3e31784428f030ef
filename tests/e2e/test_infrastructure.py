"""Organisations, their events and teacher coverage (001 p.3, p.5, indicator 2; 004 §4.3) and
communities with the bank of materials (004 §4.5-4.8) over HTTP, with isolation."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import (
    PROBLEM_JSON,
    TENANT,
    auditor,
    days,
    officer,
    ok,
    operator,
    refused,
    register_schools,
    school_user,
    today,
)

LENINOGORSK = "ru-16-leninogorsk"
SMOLENSK = "ru-67-smolensk"
URLS = ["organisations", "organisation-events", "teacher-coverage", "communities", "methodical-materials"]


@pytest.fixture
def seeded(api):
    register_schools(api, "k-1", "k-2", "k-3")
    register_schools(api, "len-1", tenant=LENINOGORSK)
    ok(api, {"type": "register_organisation", "organisation": "cdo", "kind": "additional_education",
             "name": "МБУ ДО «Центр дополнительного образования»", "short_name": "ЦДО"})
    ok(api, {"type": "plan_organisation_event", "event": "sem-1", "organiser": "cdo", "kind": "seminar",
             "planned_on": days(-1), "topic": "Формирующее оценивание"})
    ok(api, {"type": "record_organisation_event_held", "event": "sem-1", "held_on": days(-1),
             "participants": [{"school": "k-1", "teachers": 6}, {"school": "k-2", "teachers": 4}]})
    ok(api, {"type": "form_community", "community": "mmo", "kind": "methodological_association",
             "level": "municipal", "name": "ММО учителей математики"})
    ok(api, {"type": "add_community_member", "community": "mmo", "school": "k-1", "teachers": 3})
    ok(api, {"type": "form_community", "community": "pg-k3", "kind": "problem_group", "level": "school",
             "school": "k-3", "name": "Проблемная группа"}, as_=school_user("k-3"))
    ok(api, {"type": "add_methodical_material", "material": "m-1", "title": "Рекомендации по ВПР",
             "author_kind": "organisation", "author": "cdo", "added_on": days(0),
             "link": "https://cdo.example/vpr"})
    api.project()
    return api


def _get(api, name, who, tenant=TENANT, **params):
    return api.get(f"/api/v1/tenants/{tenant}/{name}", who, **params)


@pytest.mark.parametrize("name", URLS)
def test_a_list_refuses_another_municipality_region_and_school(seeded, name):
    for who in (officer(LENINOGORSK), officer(SMOLENSK, "ru-67"), operator("ru-67"),
                school_user("len-1", LENINOGORSK)):
        response = _get(seeded, name, who)
        assert response.status_code == 403 and response.headers["content-type"].startswith(PROBLEM_JSON)
    for who in (officer(), operator(), auditor()):
        assert _get(seeded, name, who).status_code == 200


def test_001_p5_organisations_and_their_events_are_listed(seeded):
    [cdo] = _get(seeded, "organisations", officer(), q="центр").json()["organisations"]
    assert (cdo["organisation"], cdo["events_held"], cdo["teachers_taking_part"]) == ("cdo", 1, 10)
    assert _get(seeded, "organisations", officer(LENINOGORSK), tenant=LENINOGORSK).json()["organisations"] == []
    [event] = _get(seeded, "organisation-events", officer()).json()["events"]
    assert [(s["school"], s["teachers"]) for s in event["schools"]] == [("k-1", 6), ("k-2", 4)]


def test_a_school_user_sees_only_its_own_part(seeded):
    user = school_user("k-2")
    [event] = _get(seeded, "organisation-events", user).json()["events"]
    assert [s["school"] for s in event["schools"]] == ["k-2"]
    assert _get(seeded, "organisation-events", user, school="k-1").status_code == 403
    assert _get(seeded, "organisation-events", school_user("k-3")).json()["events"] == []
    assert [c["community"] for c in _get(seeded, "communities", school_user("k-3")).json()["communities"]] == ["pg-k3"]
    assert [c["community"] for c in _get(seeded, "communities", school_user("k-1")).json()["communities"]] == ["mmo"]
    assert [m["material"] for m in _get(seeded, "methodical-materials", user).json()["materials"]] == ["m-1"]


def test_001_indicator_2_coverage_says_whether_computed_or_recorded(seeded):
    answer = _get(seeded, "teacher-coverage", officer()).json()["coverage"]
    assert answer["source"] == "recorded" and answer["percent"] is None
    for school, teachers in (("k-1", 20), ("k-2", 10)):
        ok(seeded, {"type": "record_teacher_headcount", "school": school, "year": today().year,
                    "teachers": teachers})
    seeded.project()
    answer = _get(seeded, "teacher-coverage", officer()).json()["coverage"]
    held_this_year = days(-1)[:4] == str(today().year)
    assert answer["source"] == "computed" and answer["teachers"] == 30
    assert answer["covered"] == (10 if held_this_year else 0)
    mine = _get(seeded, "teacher-coverage", school_user("k-2")).json()["coverage"]
    assert [s["school"] for s in mine["schools"]] == ["k-2"]


def test_004_s4_7_the_bank_is_searchable_and_a_school_adds_only_its_own(seeded):
    assert [m["material"] for m in _get(seeded, "methodical-materials", officer(), q="ВПР").json()["materials"]] == ["m-1"]
    assert _get(seeded, "methodical-materials", officer(), q="огэ").json()["materials"] == []
    refused(seeded, {"type": "add_methodical_material", "material": "m-2", "title": "План",
                     "author_kind": "school", "author": "k-1", "added_on": days(0), "file_name": "p.pdf"},
            school_user("k-2"), 403)
    refused(seeded, {"type": "add_methodical_material", "material": "m-2", "title": "План",
                     "author_kind": "school", "author": "k-2", "added_on": days(0)},
            school_user("k-2"), 422, "link")


def test_bad_inputs_are_4xx_naming_the_field(seeded):
    for name, params, field in (("organisations", {"kind": "bank"}, "kind"),
                                ("organisation-events", {"year": 1800}, "year"),
                                ("communities", {"level": "federal"}, "level"),
                                ("methodical-materials", {"q": "a\x00b"}, "q")):
        response = _get(seeded, name, officer(), **params)
        assert 400 <= response.status_code < 500, (name, response.text)
        assert response.json().get("field") == field, (name, response.text)
    refused(seeded, {"type": "record_organisation_event_held", "event": "nope", "held_on": days(-1),
                     "participants": [{"school": "k-1", "teachers": 1}]}, officer(), 404, "event")
    refused(seeded, {"type": "record_teacher_headcount", "school": "k-1", "year": 2022, "teachers": 0},
            officer(), 422, "teachers")
    refused(seeded, {"type": "register_organisation", "organisation": "x", "kind": "additional_education",
                     "name": "X"}, auditor(), 403)


@pytest.mark.parametrize("name", URLS)
def test_control_characters_in_a_search_are_refused_naming_q(seeded, name):
    if name == "teacher-coverage":
        response = _get(seeded, name, officer(), school="a\x00b")
        assert response.status_code == 422 and response.json()["field"] == "school"
        return
    response = _get(seeded, name, officer(), q="a\x00b")
    assert response.status_code == 422 and response.json()["field"] == "q"


def test_004_s4_7_the_bank_and_the_communities_download_as_csv_and_xlsx(seeded):
    csv_text = _get(seeded, "methodical-materials", officer(), format="csv").text
    assert "Название" in csv_text and "Рекомендации по ВПР" in csv_text and "https://cdo.example/vpr" in csv_text
    communities = _get(seeded, "communities", officer(), format="csv").text
    assert "ММО учителей математики" in communities and "методическое объединение" in communities
    mine = _get(seeded, "communities", school_user("k-1"), format="csv").text
    assert "Проблемная группа" not in mine
    xlsx = _get(seeded, "methodical-materials", officer(), format="xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert _get(seeded, "communities", officer(LENINOGORSK), format="csv").status_code == 403


def _more(api):
    """A second organisation and event, so pages have something to cut."""
    ok(api, {"type": "register_organisation", "organisation": "imc", "kind": "methodological_service",
             "name": "МКУ «Информационно-методический центр»", "short_name": "ИМЦ"})
    ok(api, {"type": "plan_organisation_event", "event": "day-2", "organiser": "imc", "kind": "methodical_day",
             "planned_on": days(0), "topic": "Методический день"})
    api.project()
    return api


def test_organisations_events_and_coverage_are_paged_with_a_total(seeded):
    _more(seeded)
    first = _get(seeded, "organisations", officer(), limit=1).json()
    second = _get(seeded, "organisations", officer(), limit=1, offset=1).json()
    assert (first["total"], first["limit"], first["offset"], len(first["organisations"])) == (2, 1, 0, 1)
    assert first["organisations"][0]["organisation"] != second["organisations"][0]["organisation"]
    assert _get(seeded, "organisations", officer(), offset=5).json()["organisations"] == []
    events = _get(seeded, "organisation-events", officer(), limit=1, offset=1).json()
    assert (events["total"], [e["event"] for e in events["events"]]) == (2, ["day-2"])
    for school, teachers in (("k-1", 20), ("k-2", 10)):
        ok(seeded, {"type": "record_teacher_headcount", "school": school, "year": today().year,
                    "teachers": teachers})
    seeded.project()
    coverage = _get(seeded, "teacher-coverage", officer(), limit=1, offset=1).json()
    assert (coverage["total"], [s["school"] for s in coverage["coverage"]["schools"]]) == (2, ["k-2"])
    assert coverage["coverage"]["teachers"] == 30  # the share is over every school
    refused_limit = _get(seeded, "organisations", officer(), limit=0)
    assert refused_limit.status_code == 400 or refused_limit.json()["field"] == "limit"


def test_organisations_events_and_coverage_download_as_csv_and_xlsx(seeded):
    from tests.e2e.registers import csv_rows, xlsx_rows

    _more(seeded)
    rows = csv_rows(_get(seeded, "organisations", officer(), format="csv", limit=1).content)
    assert rows[0][:2] == ["Код", "Наименование"] and len(rows) == 3  # every row, not one page
    events = csv_rows(_get(seeded, "organisation-events", officer(), format="csv").content)
    assert [r[4] for r in events[1:]] == ["Формирующее оценивание", "Методический день"]
    assert events[1][6] == "k-1 (6); k-2 (4)"
    coverage = csv_rows(_get(seeded, "teacher-coverage", officer(), format="csv").content)
    assert coverage[-1][0] == "Итого" and "внесено вручную" in coverage[-1][3]
    _, table = xlsx_rows(_get(seeded, "organisation-events", officer(), format="xlsx").content)
    assert table[0][0].startswith("Мероприятия для школ") and len(table) == 4
    assert _get(seeded, "organisations", school_user("len-1", LENINOGORSK), tenant=TENANT,
                format="csv").status_code == 403
