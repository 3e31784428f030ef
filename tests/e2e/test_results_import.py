"""004 §3.2 results imported per school and year, and the cohort the region's rule proposes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from services.imports.results import plan_results
from services.imports.table import TableError
from tests.e2e.helpers import REGION, TENANT, officer, ok, operator, refused

LENINOGORSK = "ru-16-leninogorsk"


def _row(school: str, indicator: str, value: str, municipality: str = TENANT) -> dict:
    return {"municipality": municipality, "school": school, "school_name": f"Школа {school}",
            "year": 2023, "indicator": indicator, "value": value}


def _import(api):
    ok(api, {"type": "import_results", "source": "ГИА и ВПР 2023 (ИРО)", "rows": [
        _row("k-1", "gia9_fail_share", "35"), _row("k-1", "vpr_fail_share", "31"),
        _row("k-2", "gia9_fail_share", "40"), _row("k-2", "vpr_fail_share", "12"),
        _row("n-1", "vpr_average", "3.1", LENINOGORSK),
    ]}, operator(), tenant=REGION)
    api.project()
    return api


def test_004_3_2_the_rule_proposes_with_each_schools_figures(api):
    body = _import(api).get(f"/api/v1/tenants/{REGION}/identification-proposals", operator(),
                            year=2023).json()
    assert body["rule"].startswith("не менее 30 % не справившихся в 2")
    rows = [(s["school"], s["proposed"]) for s in body["schools"]]
    assert rows == [("k-1", True), ("k-2", False), ("n-1", False)]
    assert {f["indicator"]: f["value"] for f in body["schools"][0]["figures"]} == {
        "gia9_fail_share": "35", "vpr_fail_share": "31"}
    assert body["schools"][0]["figures"][0]["source"] == "ГИА и ВПР 2023 (ИРО)"
    decile = api.get(f"/api/v1/tenants/{REGION}/identification-proposals", operator(),
                     year=2023, rule="lowest_decile").json()
    assert [s["school"] for s in decile["schools"] if s["proposed"]] == ["n-1"]


def test_004_3_2_a_bad_row_refuses_the_whole_batch_naming_row_and_column(api):
    rows = [_row("k-1", "gia9_fail_share", "35"), _row("k-2", "vpr_fail_share", "130")]
    refused(api, {"type": "import_results", "source": "x", "rows": rows}, operator(), 422,
            "rows[1].value", tenant=REGION)
    rows[1] = _row("k-2", "unknown", "1")
    refused(api, {"type": "import_results", "source": "x", "rows": rows}, operator(), 422,
            "rows[1].indicator", tenant=REGION)


def test_004_3_2_results_are_the_regions_and_nobody_elses(api):
    _import(api)
    url = f"/api/v1/tenants/{REGION}/identification-proposals"
    assert api.get(url, officer(), year=2023).status_code == 403
    assert api.get(url, operator("ru-67"), year=2023).status_code == 403
    own = api.get(f"/api/v1/tenants/{TENANT}/identification-proposals", officer(), year=2023)
    assert own.status_code == 404  # a municipality has no proposals: they are the region's
    refused(api, {"type": "import_results", "source": "x", "rows": [_row("k-1", "vpr_average", "3")]},
            officer(), 403, tenant=TENANT)


def test_004_3_2_xlsx_and_csv_are_read_with_rows_named(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["municipality", "school", "school_name", "year", "indicator", "value"])
    sheet.append([TENANT, "k-1", "Школа", 2023, "vpr_average", 3.5])
    book.save(tmp_path / "r.xlsx")
    plan = plan_results((tmp_path / "r.xlsx").read_bytes(), "r.xlsx", "0" * 64, lambda *_: None)
    [line] = plan.lines
    assert str(line.value) == "3.5" and line.year == 2023 and plan.rows[0].action == "new"
    bad = f"municipality;school;school_name;year;indicator;value\n{TENANT};k-1;Школа;двадцать;vpr_average;3,5\n"
    plan = plan_results(bad.encode(), "r.csv", "0" * 64, lambda *_: None)
    assert plan.errors == ["Строка 2, столбец «year»: «двадцать» — год пишется цифрами"] and not plan.lines
    with pytest.raises(TableError, match="строка 1: нет столбцов «municipality»"):
        plan_results(b"school,value\nk-1,1\n", "h.csv", "0" * 64, lambda *_: None)


def test_004_3_2_the_cli_dry_runs_then_imports_the_good_rows_once(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env["CASCADE_DATA_DIR"] = str(tmp_path / "var")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cascade.cli", *args], capture_output=True,
                              text=True, env=env, timeout=300, cwd=Path(__file__).resolve().parents[2])

    assert run("init").returncode == 0
    assert run("tenants", "add-region", "ru-38", "--name", "Иркутская область").returncode == 0
    header = "municipality,school,school_name,year,indicator,value\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "ru-38-a,a-1,Школа,2023,vpr_average,3\nru-38-a,a-2,Школа,2023,vpr_fail_share,120\n")
    dry = run("import", "results", str(bad), "--region", "ru-38")
    assert dry.returncode == 1, dry.stderr
    assert "Строка 3, столбец «value»: доля в процентах — от 0 до 100" in dry.stderr
    assert "Строка 2: ru-38-a a-1 2023 vpr_average = 3 — новое значение" in dry.stdout
    assert "ничего не записано" in dry.stdout
    done = run("import", "results", str(bad), "--region", "ru-38", "--confirm")
    assert done.returncode == 1 and "записано событий: 3" in done.stdout, done.stdout + done.stderr
    again = run("import", "results", str(bad), "--region", "ru-38", "--confirm")
    assert "без изменений: 1" in again.stdout and "записано событий: 0" in again.stdout, again.stdout
    good = tmp_path / "good.csv"
    good.write_text(header + "ru-38-a,a-1,Школа,2023,vpr_average,3\n")
    assert run("import", "results", str(good), "--region", "ru-38", "--confirm").returncode == 0
    assert run("import", "results", str(tmp_path / "none.csv"), "--region", "ru-38").returncode == 2
    assert run("import", "results", str(good), "--region", "ru-38-a").returncode == 2


def _decision(school: str, confirmed: bool, **fields) -> dict:
    return {"type": "decide_identification_proposal", "municipality": TENANT, "school": school,
            "year": 2023, "rule": "≥ 30 % в двух процедурах", "confirmed": confirmed, **fields}


def test_004_3_2_a_person_confirms_or_rejects_each_proposal(api):
    _import(api)
    basis = {"number": "40-мпр", "issued_on": "2023-08-01"}
    refused(api, _decision("k-1", True), operator(), 422, "basis", tenant=REGION)
    refused(api, _decision("k-2", False), operator(), 422, "reason", tenant=REGION)
    refused(api, {**_decision("k-1", True, basis=basis), "year": 2022}, operator(), 409, "year",
            tenant=REGION)
    refused(api, _decision("k-9", True, basis=basis), operator(), 404, "school", tenant=REGION)
    ok(api, _decision("k-1", True, basis=basis), operator(), tenant=REGION)
    ok(api, _decision("k-2", False, reason="результаты 2023 года не подтверждены"), operator(),
       tenant=REGION)
    refused(api, _decision("k-1", False, reason="x"), operator(), 409, "year", tenant=REGION)
    api.project()
    body = api.get(f"/api/v1/tenants/{REGION}/identification-proposals", operator(), year=2023).json()
    decisions = {s["school"]: s["decision"] for s in body["schools"]}
    assert decisions["k-1"]["confirmed"] is True and decisions["k-1"]["basis"] == "№ 40-мпр от 2023-08-01"
    assert decisions["k-2"] == {"confirmed": False, "rule": "≥ 30 % в двух процедурах",
                                "reason": "результаты 2023 года не подтверждены", "basis": ""}
    assert decisions["n-1"] is None
