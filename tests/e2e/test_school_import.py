"""Import of a municipality's school list from XLSX or CSV (issue 14 item 3, docs/imports.md).

A dry run names each bad cell in Russian and writes nothing; the confirmed import writes the good
rows as one command under one correlation id and records the import (file hash and counts) in the
audit trail; the same list again, as the same file or another one, writes nothing new.
"""

from __future__ import annotations

import io

import pytest

from tests.e2e.helpers import TENANT, auditor, officer, school_user

PATH = f"/api/v1/tenants/{TENANT}/imports/schools"
HEADER = ["Код", "Наименование", "Краткое название", "Адрес", "Директор", "Категории"]
#: (row in the file, column, what is wrong): the three bad rows of the list of 50.
BAD = {7: ("Краткое название", "x" * 301), 20: ("Код", "школа-20"), 33: ("Категории", "ШНОР; лучшая")}


def school_list() -> list[list[str]]:
    rows = []
    for n in range(1, 51):
        rows.append([f"k-{n:02d}", f"МБОУ «Школа № {n}»", f"Школа № {n}", f"с. Кайбицы, ул. Школьная, {n}",
                     f"Иванова А.{n}.", "ШНОР" if n % 10 == 0 else ""])
    for line, (column, value) in BAD.items():
        rows[line - 2][HEADER.index(column)] = value
    return [HEADER, *rows]


def as_csv(rows: list[list[str]]) -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(api, content: bytes, who=None, **params):
    return api.client.post(PATH, content=content, params=params, headers=api.headers(who or officer()))


def test_a_list_of_50_with_3_bad_rows_is_dry_run_imported_once_and_audited(api):
    content = as_csv(school_list())
    head = api.head(TENANT)
    dry = upload(api, content)
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert body["confirmed"] is False and (body["new"], body["refused"]) == (47, 3)
    assert len(body["errors"]) == 3
    assert body["errors"][0].startswith("Строка 7, столбец «Краткое название»: длиннее 300 знаков")
    assert body["errors"][1].startswith("Строка 20, столбец «Код»: «школа-20»")
    assert body["errors"][2].startswith("Строка 33, столбец «Категории»: неизвестная категория «лучшая»")
    assert [r["action"] for r in body["rows"]].count("refused") == 3
    assert api.head(TENANT) == head  # a dry run writes nothing

    done = upload(api, content, confirm="true", source="школы.csv").json()
    assert done["confirmed"] is True and done["new"] == 47 and done["correlation_id"].startswith("import-schools-")
    kinds = [e["type"] for e in done_events(api, done["correlation_id"])]
    assert kinds.count("School.Registered") == 47 and kinds.count("FileImport.Recorded") == 1
    recorded = next(e for e in done_events(api, done["correlation_id"]) if e["type"] == "FileImport.Recorded")
    assert recorded["data"]["sha256"] == done["sha256"] and recorded["data"]["source"] == "школы.csv"
    assert (recorded["data"]["rows"], recorded["data"]["written"], recorded["data"]["refused"]) == (50, 47, 3)
    schools = api.get(f"/api/v1/tenants/{TENANT}/registers/schools", officer(), limit=100).json()
    assert schools["page"]["total"] == 47

    position = api.head(TENANT)
    again = upload(api, content, confirm="true").json()
    assert "new" in again, again
    assert (again["new"], again["unchanged"], again["events_written"]) == (0, 47, 0)
    assert api.head(TENANT) == position
    # The same list as another file (XLSX, multipart) finds every school registered the same.
    other = api.client.post(PATH, params={"confirm": "true"}, headers=api.headers(officer()),
                            files={"file": ("школы.xlsx", as_xlsx(school_list()))}).json()
    assert (other["new"], other["updated"], other["unchanged"]) \
        == (0, 0, 47)
    assert other["refused"] == 3 and api.head(TENANT) == position + 1  # only its import is recorded


def done_events(api, correlation_id: str) -> list[dict]:
    api.project()
    page = api.get(f"/api/v1/tenants/{TENANT}/events", auditor(), limit=500).json()
    return [e for e in page["events"] if e["correlation_id"] == correlation_id]


def test_a_changed_row_updates_only_that_school(api):
    rows = school_list()[:4]
    upload(api, as_csv(rows), confirm="true")
    rows[2][HEADER.index("Адрес")] = "с. Кайбицы, ул. Новая, 1"
    body = upload(api, as_csv(rows), confirm="true").json()
    assert (body["new"], body["updated"], body["unchanged"]) == (0, 1, 2)
    assert body["events_written"] == 2  # the details of one school and the import of this file


@pytest.mark.parametrize("content", [b"", b"\xff\xfe garbage", "Наименование\nШкола\n".encode()])
def test_an_unreadable_file_is_a_422_naming_the_file(api, content):
    response = upload(api, content, confirm="true")
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "file"


def test_only_the_municipal_officer_imports_the_list(api):
    content = as_csv(school_list()[:3])
    for who in (school_user("k-01"), auditor()):
        assert upload(api, content, who).status_code == 403


def test_the_cli_dry_runs_then_imports_once(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env["CASCADE_DATA_DIR"] = str(tmp_path / "var")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cascade.cli", *args], capture_output=True,
                              text=True, env=env, timeout=300, cwd=Path(__file__).resolve().parents[2])

    assert run("init").returncode == 0
    assert run("tenants", "add-region", "ru-16", "--name", "Республика Татарстан").returncode == 0
    assert run("tenants", "add-municipality", "ru-16-x", "--region", "ru-16", "--name", "Район").returncode == 0
    listing = tmp_path / "schools.xlsx"
    listing.write_bytes(as_xlsx(school_list()[:8]))
    dry = run("import", "schools", str(listing), "--tenant", "ru-16-x")
    assert dry.returncode == 1, dry.stderr
    assert "Строка 7, столбец «Краткое название»" in dry.stderr and "ничего не записано" in dry.stdout
    done = run("import", "schools", str(listing), "--tenant", "ru-16-x", "--confirm")
    assert "новых: 6" in done.stdout and "записано событий: 13" in done.stdout, done.stdout + done.stderr
    again = run("import", "schools", str(listing), "--tenant", "ru-16-x", "--confirm")
    assert "новых: 0" in again.stdout and "записано событий: 0" in again.stdout, again.stdout


def test_004_3_2_the_regions_results_file_is_dry_run_then_imported_once(api):
    """The results import on the same machinery: errors per cell, then written once (both backends)."""
    from tests.e2e.helpers import REGION, operator

    lines = [["municipality", "school", "school_name", "year", "indicator", "value"],
             [TENANT, "k-1", "Школа 1", "2023", "vpr_fail_share", "31,5"],
             [TENANT, "k-2", "Школа 2", "2023", "vpr_fail_share", "120"],
             [TENANT, "k-3", "Школа 3", "двадцать", "vpr_average", "3"],
             [TENANT, "k-4", "Школа 4", "2023", "vpr_average", "3.4"]]
    content = as_csv(lines)
    path = f"/api/v1/tenants/{REGION}/imports/results"
    head = api.head(REGION)
    dry = api.client.post(path, content=content, headers=api.headers(operator()))
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert (body["rows"], body["accepted"], body["refused"]) == (4, 2, 2)
    assert body["errors"] == ["Строка 3, столбец «value»: доля в процентах — от 0 до 100",
                              "Строка 4, столбец «year»: «двадцать» — год пишется цифрами"]
    assert api.head(REGION) == head
    done = api.client.post(path, content=content, params={"confirm": "true"}, headers=api.headers(operator())).json()
    assert done["confirmed"] and done["events_written"] == 5  # two streams opened, two values, the import
    position = api.head(REGION)
    again = api.client.post(path, content=content, params={"confirm": "true"},
                            headers=api.headers(operator())).json()
    assert again["events_written"] == 0 and api.head(REGION) == position
    assert api.client.post(path, content=content, headers=api.headers(officer())).status_code == 403
