"""`cascade calendar show|set-days`: the per-region override table an operator keeps each year."""

from __future__ import annotations

import json

import pytest

from cascade.cli import main


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CASCADE_DATA_DIR", str(tmp_path / "var"))
    return tmp_path / "var" / "calendars"


def test_set_days_writes_a_new_version_and_keeps_the_previous_one(data_dir, capsys):
    assert main(["calendar", "set-days", "ru-16", "--year", "2027",
                 "--non-working", "2027-03-10", "--source", "Указ № 1"]) == 0
    assert main(["calendar", "set-days", "ru-16", "--year", "2027",
                 "--non-working", "2027-03-09", "--working", "2027-03-13"]) == 0
    table = json.loads((data_dir / "ru-16.json").read_text(encoding="utf-8"))
    assert table["version"] == 2
    assert table["years"] == {"2027": {"days_off": ["2027-03-09"], "working_days": ["2027-03-13"]}}
    previous = json.loads((data_dir / "ru-16.v1.json").read_text(encoding="utf-8"))
    assert previous["years"]["2027"]["source"] == "Указ № 1"
    capsys.readouterr()
    assert main(["calendar", "show", "ru-16", "--year", "2027"]) == 0
    shown = capsys.readouterr().out
    assert "override table version 2" in shown
    assert "2027-03-13\tworking (weekend)\tregion override" in shown
    assert "2027-08-30\tnon-working\tregional: День Республики Татарстан" in shown


@pytest.mark.parametrize("argv", [
    ["--non-working", "2026-03-20"],               # not in the year given
    ["--non-working", "2027-02-30"],               # not a date
    ["--non-working", "2027-03-09", "--working", "2027-03-09"],  # both
])
def test_a_wrong_table_is_refused_and_nothing_is_written(data_dir, capsys, argv):
    assert main(["calendar", "set-days", "ru-16", "--year", "2027", *argv]) == 2
    assert "calendar_overrides.2027" in capsys.readouterr().err
    assert not data_dir.exists() or not list(data_dir.iterdir())


def test_a_region_id_that_is_not_a_plain_id_is_refused(data_dir, capsys):
    assert main(["calendar", "set-days", "../etc", "--year", "2027", "--non-working", "2027-03-09"]) == 2
    assert "region" in capsys.readouterr().err


def test_a_year_out_of_range_is_refused_by_the_parser(data_dir):
    with pytest.raises(SystemExit):
        main(["calendar", "show", "ru-16", "--year", "1999"])


def test_setting_a_year_with_no_dates_removes_its_entry(data_dir):
    assert main(["calendar", "set-days", "ru-16", "--year", "2027", "--non-working", "2027-03-09"]) == 0
    assert main(["calendar", "set-days", "ru-16", "--year", "2027"]) == 0
    assert json.loads((data_dir / "ru-16.json").read_text(encoding="utf-8"))["years"] == {}
