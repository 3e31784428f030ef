"""The effectiveness-criteria report of 003 (issue 11 item 9): computed averages, criterion 7
derived, criterion 9 as a trend, criterion 5 per subject, only the programme in force."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import (
    PROBLEM_JSON,
    REGION,
    TENANT,
    auditor,
    officer,
    ok,
    operator,
    school_user,
)
from tests.e2e.registers import LENINOGORSK, SMOLENSK, csv_rows, seed, xlsx_rows

ON = "2021-11-15"
AVERAGE = {"comparison": ">= regional average"}
CRITERIA = [
    {"indicator": "grade9_no_certificate_share", "comparison": "=", "value": 0, "unit": "percent"},
    {**AVERAGE, "indicator": "use_russian_average", "unit": "score"},
    {**AVERAGE, "indicator": "use_optional_subjects_average", "unit": "score"},
    {"indicator": "partnership_plan_executed", "comparison": "=", "value": 1, "unit": "boolean"},
    {"indicator": "unexcused_absence_rate", "comparison": "< district average", "unit": "percent"},
]


def measure(api, tenant, subject, indicator, period, value, who=None):
    ok(api, {"type": "record_indicator", "subject": subject, "indicator": indicator, "period": period,
             "value": value, "measured_on": "2021-09-01"}, who or officer(tenant), tenant=tenant)


@pytest.fixture
def results(api):
    seed(api)
    ok(api, {"type": "adopt_programme", "programme": "rp-2021", "title": "Региональный план", "level": "regional",
             "period_start": "2021-01-01", "period_end": "2022-12-31", "adopted_on": "2021-01-20",
             "targets": CRITERIA}, operator(), tenant=REGION)
    ok(api, {"type": "approve_roadmap", "roadmap": "rm-fed", "school": "k-fed", "title": "Совместный план",
             "period_start": "2021-05-15", "period_end": "2021-12-31", "approved_on": "2021-05-15"})
    ok(api, {"type": "add_roadmap_item", "roadmap": "rm-fed", "item": "1", "section": "Раздел",
             "title": "Мероприятие", "schedule": {"form": "deadline", "due": "2021-12-20"},
             "responsible": ["директор"]})
    for school, value in (("k-fed", 60), ("k-chu", 70)):
        measure(api, TENANT, school, "use_russian_average", "2021", value)
    measure(api, LENINOGORSK, "len-10", "use_russian_average", "2021", 80)
    measure(api, REGION, "region", "use_russian_average", "2021", 50, operator())  # typed in: not used
    measure(api, TENANT, "k-fed", "use_average_physics", "2021", 50)
    measure(api, LENINOGORSK, "len-10", "use_average_physics", "2021", 60)
    measure(api, TENANT, "k-fed", "use_average_chemistry", "2021", 70)
    measure(api, TENANT, "k-fed", "unexcused_absence_rate", "2020", 5)
    measure(api, TENANT, "k-fed", "unexcused_absence_rate", "2021", 3)
    measure(api, TENANT, "k-chu", "unexcused_absence_rate", "2021", 7)
    measure(api, TENANT, "k-fed", "grade9_no_certificate_share", "2021", 0)
    api.project()
    return api


def report(api, who, path=f"/api/v1/tenants/{TENANT}/criteria-report", **params):
    response = api.get(path, who, **params)
    assert response.status_code == 200, response.text
    return response.json()


def _by_school(body):
    return {s["school"]: {c["number"]: c for c in s["criteria"]} for s in body["schools"]}


def test_003_criteria_against_averages_computed_from_recorded_values(results):
    schools = _by_school(report(results, officer(), as_of=ON))
    assert set(schools) == {"k-fed", "k-chu"}  # the identified schools
    fed, chu = schools["k-fed"], schools["k-chu"]
    # c.3: (60 + 70 + 80) / 3 = 70 over the region's schools; the region's typed-in 50 is ignored.
    assert (fed[3]["average"], fed[3]["schools_averaged"], fed[3]["status"]) == (70.0, 3, "not_met")
    assert (chu[3]["value"], chu[3]["status"]) == (70.0, "met")
    assert fed[1]["status"] == "met" and chu[1]["status"] == "no_data"


def test_003_c5_use_averages_per_subject(results):
    c5 = _by_school(report(results, officer(), as_of=ON))["k-fed"][5]
    assert [(s["subject"], s["average"], s["status"]) for s in c5["subjects"]] == [
        ("chemistry", 70.0, "met"), ("physics", 55.0, "not_met")]
    assert c5["status"] == "not_met"


def test_003_c7_derived_from_the_agreement_in_force_and_the_roadmap(results):
    schools = _by_school(report(results, officer(), as_of=ON))
    fed, chu = schools["k-fed"][7], schools["k-chu"][7]
    assert fed["plan"] == {"agreement": "expiring", "agreement_number": "С-1/2021", "items_done": 0,
                           "items_active": 1, "items_overdue": 0}
    assert fed["status"] == "met"
    assert (chu["plan"]["agreement"], chu["status"]) == ("none", "not_met")
    overdue = _by_school(report(results, officer(), as_of="2021-12-21"))["k-fed"][7]
    assert (overdue["plan"]["items_overdue"], overdue["status"]) == (1, "not_met")


def test_003_c9_a_decrease_below_the_district_average(results):
    schools = _by_school(report(results, officer(), as_of=ON))
    fed, chu = schools["k-fed"][9], schools["k-chu"][9]
    assert (fed["average"], fed["average_of"], fed["trend"], fed["previous_value"], fed["status"]) == (
        5.0, "district", "decrease", 5.0, "met")
    assert (chu["trend"], chu["status"]) == ("unknown", "not_met")


def test_003_only_the_programme_in_force_applies(results):
    after = _by_school(report(results, officer(), as_of="2023-03-01"))["k-fed"]
    assert {c["status"] for c in after.values()} == {"no_target"}
    body = report(results, officer(), as_of=ON)
    tally = {t["number"]: t for t in body["municipalities"][0]["criteria"]}
    assert (tally[3]["met"], tally[3]["not_met"]) == (1, 1)
    assert tally[2]["no_data"] == 2 and _by_school(body)["k-fed"][2]["status"] == "no_target"


def test_003_values_measured_after_the_date_do_not_count(results):
    before = _by_school(report(results, officer(), as_of="2021-08-31"))["k-fed"]
    assert before[3]["status"] == "no_data"


def test_criteria_report_exports_and_the_region_sees_every_municipality(results):
    url = f"/api/v1/tenants/{TENANT}/criteria-report"
    header, *rows = csv_rows(results.get(url, officer(), as_of=ON, format="csv").content)
    assert header[:4] == ["Муниципалитет", "Школа", "№ критерия", "Критерий"] and len(rows) == 18
    _, sheet = xlsx_rows(results.get(url, officer(), as_of=ON, format="xlsx").content)
    assert sheet[1][0] == "Муниципалитет" and len(sheet) == 20
    region = report(results, operator(), f"/api/v1/regions/{REGION}/criteria-report", as_of=ON)
    assert {m["tenant_id"] for m in region["municipalities"]} >= {TENANT, LENINOGORSK}
    assert {s["school"] for s in region["schools"]} == {"k-fed", "k-chu"}
    one = report(results, auditor(), f"/api/v1/regions/{REGION}/criteria-report", municipality=LENINOGORSK)
    assert one["schools"] == []


def test_criteria_report_isolation(results):
    url = f"/api/v1/tenants/{TENANT}/criteria-report"
    assert [s["school"] for s in report(results, school_user("k-fed"), as_of=ON)["schools"]] == ["k-fed"]
    region = f"/api/v1/regions/{REGION}/criteria-report"
    for who, path, params in ((officer(LENINOGORSK), url, {}), (officer(SMOLENSK, "ru-67"), url, {}),
                              (school_user("k-fed"), url, {"school": "k-chu"}), (officer(), region, {}),
                              (operator("ru-67"), region, {})):
        response = results.get(path, who, **params)
        assert response.status_code == 403, (who, path)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    bad = results.get(f"/api/v1/regions/{REGION}/criteria-report", operator(), municipality="ru-67-smolensk")
    assert bad.status_code == 422 and bad.json()["field"] == "municipality"
