"""Risk profiles and anti-risk programmes through HTTP (issue 11 item 7): the card, the register, who sees."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import PROBLEM_JSON, TENANT, officer, ok, operator, refused, school_user
from tests.e2e.registers import LENINOGORSK, SMOLENSK, csv_rows, register, seed

CARD = f"/api/v1/tenants/{TENANT}/schools/k-fed/risk-profile"


@pytest.fixture
def profiled(api):
    seed(api)
    ok(api, {"type": "approve_roadmap", "roadmap": "rm-fed", "school": "k-fed", "title": "Дорожная карта",
             "period_start": "2021-03-01", "period_end": "2021-12-31", "approved_on": "2021-03-01"})
    ok(api, {"type": "add_roadmap_item", "roadmap": "rm-fed", "item": "1", "section": "Кадры",
             "title": "Привлечь учителя математики", "schedule": {"form": "deadline", "due": "2021-08-31"},
             "responsible": ["директор"]})
    ok(api, {"type": "assess_risk_profile", "school": "k-fed", "assessed_on": "2021-04-01",
             "source": "анкетирование 500+",
             "factors": [{"factor": "teacher_shortage", "level": "high"},
                         {"factor": "low_learning_motivation", "level": "medium"}]}, school_user("k-fed"))
    ok(api, {"type": "adopt_anti_risk_programme", "school": "k-fed", "factor": "teacher_shortage",
             "title": "Антирисковая программа «Дефицит педагогических кадров»",
             "goals": ["Укомплектовать штат"], "measures": [{"roadmap": "rm-fed", "item": "1"}],
             "indicators": [{"title": "Число вакансий", "target": 0, "unit": "ед."}],
             "adopted_on": "2021-04-10"})
    api.project()
    return api


def _card(api, who, **params):
    response = api.get(CARD, who, **params)
    assert response.status_code == 200, response.text
    return response.json()


def test_500plus_the_schools_card_shows_levels_and_programmes(profiled):
    card = _card(profiled, officer(), as_of="2021-09-01")
    assert [(f["factor"], f["level"]) for f in card["factors"]] == [
        ("teacher_shortage", "high"), ("low_learning_motivation", "medium")]
    [programme] = card["programmes"]
    assert programme["indicators"] == [{"title": "Число вакансий", "target": "0", "unit": "ед."}]
    assert [(m["title"], m["status"], m["overdue"]) for m in programme["measures"]] == [
        ("Привлечь учителя математики", "planned", True)]
    assert _card(profiled, school_user("k-fed"), as_of="2021-09-01")["programmes"] == card["programmes"]


def test_500plus_the_schools_register_has_the_risk_profile_column(profiled):
    rows = register(profiled, "schools", officer(), as_of="2021-09-01")["rows"]
    fed = next(r for r in rows if r["school"] == "k-fed")
    assert fed["risk_profile"] == [{"factor": "teacher_shortage", "level": "high"},
                                   {"factor": "low_learning_motivation", "level": "medium"}]
    header, *lines = csv_rows(profiled.get(f"/api/v1/tenants/{TENANT}/registers/schools", officer(),
                                           format="csv", school="k-fed").content)
    assert lines[0][header.index("Профиль рисков")] == "teacher_shortage: высокий; low_learning_motivation: средний"


def test_500plus_commands_refuse_a_school_not_identified_and_a_low_factor(profiled):
    refused(profiled, {"type": "assess_risk_profile", "school": "k-bol", "assessed_on": "2021-04-01",
                       "factors": [{"factor": "teacher_shortage", "level": "low"}]}, officer(), 409, "school")
    refused(profiled, {"type": "assess_risk_profile", "school": "k-fed", "assessed_on": "2021-04-01",
                       "factors": [{"factor": "teacher_shortage", "level": "severe"}]}, officer(), 422)


def test_risk_profile_isolation(profiled):
    for who in (officer(LENINOGORSK), officer(SMOLENSK, "ru-67"), operator("ru-67"), school_user("k-chu")):
        response = profiled.get(CARD, who)
        assert response.status_code == 403, who
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert _card(profiled, operator())["school"] == "k-fed"
    refused(profiled, {"type": "assess_risk_profile", "school": "k-fed", "assessed_on": "2021-04-01",
                       "factors": [{"factor": "teacher_shortage", "level": "low"}]}, school_user("k-chu"), 403)


def test_the_risk_profile_stream_is_replayable_by_kind_and_key(profiled):
    response = profiled.get(f"/api/v1/tenants/{TENANT}/streams/risk_profile/k-fed", officer())
    assert response.status_code == 200, response.text
    assert [e["type"] for e in response.json()["history"]] == ["RiskProfile.Assessed", "RiskProfile.ProgrammeAdopted"]
