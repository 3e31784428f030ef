"""The region's results file (004 §3.2) on the school list's machinery (issue 14 item 3): a dry run
row by row with errors per cell, then the good rows written under one correlation id, the file
recorded once as `FileImport.Recorded` (kind "results") in the audit trail; a re-upload writes 0.
"""

from __future__ import annotations

from tests.e2e.helpers import REGION, TENANT, auditor, officer, operator
from tests.e2e.test_school_import import as_csv, as_xlsx

PATH = f"/api/v1/tenants/{REGION}/imports/results"
HEADER = ["municipality", "school", "school_name", "year", "indicator", "value"]
#: (row in the file, column, the bad value): the bad cells of the test file.
BAD = {3: ("value", "120"), 5: ("year", "двадцать"), 6: ("indicator", "лучший")}


def results_file(schools: int = 8) -> list[list[str]]:
    rows = [[TENANT, f"k-{n}", f"Школа {n}", "2023", "vpr_fail_share", f"{20 + n},5"] for n in range(1, schools + 1)]
    for line, (column, value) in BAD.items():
        rows[line - 2][HEADER.index(column)] = value
    return [HEADER, *rows]


def upload(api, content: bytes, who=None, **params):
    return api.client.post(PATH, content=content, params=params, headers=api.headers(who or operator()))


def audit(api, correlation_id: str) -> list[dict]:
    api.project()
    page = api.get(f"/api/v1/tenants/{REGION}/events", auditor(), limit=500).json()
    return [e for e in page["events"] if e["correlation_id"] == correlation_id]


def imports(api) -> list[dict]:
    api.project()
    page = api.get(f"/api/v1/tenants/{REGION}/events", auditor(), limit=500, type="FileImport.Recorded").json()
    return page["events"]


def test_004_3_2_a_results_file_with_bad_cells_is_dry_run_imported_once_and_audited(api):
    content = as_csv(results_file())
    head = api.head(REGION)
    dry = upload(api, content)
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert body["confirmed"] is False and (body["rows"], body["accepted"], body["refused"]) == (8, 5, 3)
    assert body["errors"][:2] == ["Строка 3, столбец «value»: доля в процентах — от 0 до 100",
                                  "Строка 5, столбец «year»: «двадцать» — год пишется цифрами"]
    assert body["errors"][2].startswith("Строка 6, столбец «indicator»: неизвестный показатель; допустимы: ")
    assert [(r["row"], r["action"]) for r in body["lines"]] == [
        (2, "new"), (3, "refused"), (4, "new"), (5, "refused"), (6, "refused"), (7, "new"), (8, "new"), (9, "new")]
    assert body["lines"][1]["errors"] == [body["errors"][0]] and body["new"] == 5
    assert api.head(REGION) == head  # a dry run writes nothing

    done = upload(api, content, confirm="true", source="ВПР 2023.csv").json()
    assert done["confirmed"] is True and done["correlation_id"].startswith("import-results-")
    events = audit(api, done["correlation_id"])
    kinds = [e["type"] for e in events]
    assert kinds.count("SchoolResults.Recorded") == 5 and kinds.count("FileImport.Recorded") == 1
    recorded = next(e["data"] for e in events if e["type"] == "FileImport.Recorded")
    assert (recorded["kind"], recorded["source"], recorded["sha256"]) == ("results", "ВПР 2023.csv", done["sha256"])
    assert (recorded["rows"], recorded["written"], recorded["unchanged"], recorded["refused"]) == (8, 5, 0, 3)

    position = api.head(REGION)
    again = upload(api, content, confirm="true", source="ВПР 2023.csv").json()
    assert again["events_written"] == 0 and again["replayed"] and api.head(REGION) == position
    # Under another name, by another operator: every value is recorded the same, the file imported.
    other = upload(api, content, operator(), confirm="true", source="копия.csv").json()
    assert other["unchanged"] == 5 and other["events_written"] == 0 and api.head(REGION) == position
    assert len(imports(api)) == 1


def test_004_3_2_the_same_values_in_another_file_record_only_that_file(api):
    lines = results_file()
    upload(api, as_csv(lines), confirm="true")
    position = api.head(REGION)
    lines[1][HEADER.index("value")] = "22"  # row 2: another value supersedes the recorded one
    dry = upload(api, as_xlsx(lines)).json()
    assert [r["action"] for r in dry["lines"] if r["action"] != "refused"] == ["update", *["unchanged"] * 4]
    done = upload(api, as_xlsx(lines), confirm="true").json()
    assert done["events_written"] == 2 and api.head(REGION) == position + 2  # the value and the file
    second = [e["data"] for e in imports(api) if e["data"]["sha256"] == done["sha256"]]
    assert [(d["written"], d["unchanged"], d["refused"]) for d in second] == [(1, 4, 3)]


def test_004_3_2_a_file_of_several_batches_is_recorded_once_with_every_batchs_counts(api):
    rows = [[TENANT, f"k-{n}", f"Школа {n}", "2023", "vpr_average", f"3,{n % 10}"] for n in range(1, 1003)]
    rows[10][HEADER.index("value")] = "много"
    content = as_csv([HEADER, *rows])
    done = upload(api, content, confirm="true").json()
    assert (done["accepted"], done["refused"]) == (1001, 1)
    [recorded] = [e["data"] for e in imports(api)]
    assert (recorded["rows"], recorded["written"], recorded["unchanged"], recorded["refused"]) == (1002, 1001, 0, 1)
    position = api.head(REGION)
    assert upload(api, content, confirm="true").json()["events_written"] == 0 and api.head(REGION) == position


def test_004_3_2_only_the_region_operator_imports_results(api):
    content = as_csv(results_file())
    assert upload(api, content, officer()).status_code == 403
    assert upload(api, content, operator("ru-67")).status_code == 403
    assert upload(api, content, auditor()).status_code == 403
