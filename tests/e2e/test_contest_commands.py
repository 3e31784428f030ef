"""004 §3.3 contests over HTTP: ranked table, decision by order, isolation of each side."""

from __future__ import annotations

from tests.e2e.helpers import (
    PROBLEM_JSON,
    REGION,
    TENANT,
    auditor,
    officer,
    ok,
    operator,
    refused,
    register_schools,
    school_user,
)

LENINOGORSK = "ru-16-leninogorsk"
ORDER = {"number": "под-100/21", "issued_on": "2021-05-20"}


def _apply(school: str, municipality: str, score: str, index: str) -> dict:
    return {"type": "apply_to_site_contest", "contest": "c-2021", "school": school,
            "school_name": f"Школа {school}", "applied_on": "2021-04-10", "score": score,
            "context_index": index, "source": "ВПР-2020; индекс ИРО", "municipality": municipality}


def _seed(api):
    register_schools(api, "k-1", "k-2")
    ok(api, {"type": "announce_site_contest", "contest": "c-2021", "title": "Конкурс 2021",
             "criteria": "Верхний квинтиль", "applications_from": "2021-04-01",
             "applications_until": "2021-04-30", "context_bounds": ["0.5"]},
       operator(), tenant=REGION)
    for school, municipality, score, index in (
        ("k-1", TENANT, "80", "0.7"), ("k-2", TENANT, "60", "0.6"), ("n-1", LENINOGORSK, "75", "0.9"),
    ):
        ok(api, _apply(school, municipality, score, index), operator(), tenant=REGION)
    ok(api, {"type": "decide_site_contest", "contest": "c-2021", "school": "k-1",
             "decided_on": "2021-05-20", "basis": ORDER}, operator(), tenant=REGION)
    ok(api, {"type": "assign_site_support", "contest": "c-2021", "site": "k-1", "school": "n-5",
             "municipality": LENINOGORSK, "from_on": "2021-06-01"}, operator(), tenant=REGION)
    api.project()
    return api


def test_004_3_3_the_region_reads_the_ranked_table(api):
    body = _seed(api).get(f"/api/v1/tenants/{REGION}/contests", operator()).json()
    [contest] = body["contests"]
    rows = [(a["school"], a["group"], a["place"], a["in_top_quintile"], a["site"])
            for a in contest["applications"]]
    assert rows == [("k-1", 2, 1, True, True), ("n-1", 2, 2, False, False),
                    ("k-2", 2, 3, False, False)]
    assert contest["applications"][0]["score"] == "80"
    assert contest["supports"][0]["cross_municipality"] is True
    assert api.get(f"/api/v1/tenants/{REGION}/contests", auditor()).status_code == 200


def test_004_3_3_each_municipality_sees_its_side(api):
    _seed(api)
    [mine] = api.get(f"/api/v1/tenants/{TENANT}/contests", officer()).json()["contests"]
    assert [a["school"] for a in mine["applications"]] == ["k-1", "k-2"]
    [theirs] = api.get(f"/api/v1/tenants/{LENINOGORSK}/contests",
                       officer(LENINOGORSK)).json()["contests"]
    assert [a["school"] for a in theirs["applications"]] == ["n-1"]
    assert [s["school"] for s in theirs["supports"]] == ["n-5"]


def test_004_3_3_contests_are_isolated_by_tenant_region_and_school(api):
    _seed(api)
    assert api.get(f"/api/v1/tenants/{REGION}/contests", officer()).status_code == 403
    assert api.get(f"/api/v1/tenants/{TENANT}/contests", officer(LENINOGORSK)).status_code == 403
    assert api.get(f"/api/v1/tenants/{REGION}/contests", operator("ru-67")).status_code == 403
    response = api.get(f"/api/v1/tenants/{TENANT}/contests", school_user("k-1"), school="k-2")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    [own] = api.get(f"/api/v1/tenants/{TENANT}/contests", school_user("k-2")).json()["contests"]
    assert [a["school"] for a in own["applications"]] == ["k-2"]


def test_004_3_3_bad_contest_commands_are_refused_naming_the_field(api):
    _seed(api)
    refused(api, _apply("k-1", TENANT, "1", "0"), operator(), 409, "school", tenant=REGION)
    refused(api, {**_apply("k-9", TENANT, "1", "0"), "score": "abc"}, operator(), 422, "score",
            tenant=REGION)
    refused(api, {"type": "decide_site_contest", "contest": "c-2021", "school": "k-2",
                  "decided_on": "2021-05-20", "basis": ORDER}, operator(), 409, "school",
            tenant=REGION)
    refused(api, {"type": "announce_site_contest", "contest": "c-x", "title": "x",
                  "criteria": "x", "applications_from": "2021-04-01",
                  "applications_until": "2021-04-30"}, officer(), 403, tenant=REGION)
    refused(api, _apply("k-1", TENANT, "1", "0"), school_user("k-1"), 404, "contest")


def _results(api, school: str, municipality: str, score: str, index: str) -> None:
    rows = [{"municipality": municipality, "school": school, "school_name": f"Школа {school}",
             "year": 2020, "indicator": indicator, "value": value}
            for indicator, value in (("vpr_average", score), ("context_index", index))]
    ok(api, {"type": "import_results", "source": "ИРО: ВПР-2020", "rows": rows}, operator(), tenant=REGION)


def _looked_up(school: str, municipality: str) -> dict:
    return {"type": "apply_to_site_contest", "contest": "c-2021", "school": school,
            "school_name": f"Школа {school}", "applied_on": "2021-04-10", "results_year": 2020,
            "municipality": municipality}


def test_004_3_3_scores_are_looked_up_from_the_imported_results_with_their_source(api):
    _seed(api)
    _results(api, "n-7", LENINOGORSK, "85.5", "0.8")
    ok(api, _looked_up("n-7", LENINOGORSK), operator(), tenant=REGION)
    api.project()
    [contest] = api.get(f"/api/v1/tenants/{REGION}/contests", operator()).json()["contests"]
    found = next(a for a in contest["applications"] if a["school"] == "n-7")
    assert (found["score"], found["context_index"], found["place"]) == ("85.5", "0.8", 1)
    assert [(f["indicator"], f["year"], f["value"], f["source"]) for f in found["figures"]] == [
        ("vpr_average", 2020, "85.5", "ИРО: ВПР-2020"), ("context_index", 2020, "0.8", "ИРО: ВПР-2020")]
    assert "ИРО: ВПР-2020" in found["source"]
    typed = next(a for a in contest["applications"] if a["school"] == "k-1")
    assert typed["figures"] == []


def test_004_3_3_a_lookup_without_imported_values_is_refused_naming_the_field(api):
    _seed(api)
    refused(api, _looked_up("n-8", LENINOGORSK), operator(), 422, "school", tenant=REGION)
    _results(api, "n-8", LENINOGORSK, "70", "0.5")
    refused(api, {**_looked_up("n-8", LENINOGORSK), "results_year": 2019}, operator(), 422,
            "score_indicator", tenant=REGION)
    refused(api, {**_looked_up("n-8", LENINOGORSK), "score": "70"}, operator(), 422,
            "results_year", tenant=REGION)
    no_figures = {k: v for k, v in _apply("n-8", LENINOGORSK, "1", "1").items()
                  if k not in ("score", "context_index")}
    refused(api, no_figures, operator(), 422, "score", tenant=REGION)
