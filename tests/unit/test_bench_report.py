"""The benchmark report counts every answer outside 2xx, per figure, and shows zeros too."""

from __future__ import annotations

from bench.report import markdown, non_2xx, summary_rows


def _results(answers: dict[str, int]) -> dict:
    http = {"units_per_s": 10.0, "events_per_s": 12.0, "n": 1, "p50_ms": 1.0, "p99_ms": 2.0,
            "answers": answers, "non_2xx": non_2xx(answers)}
    return {"backends": {"postgres": {"http": {"16": http}}}}


def test_non_2xx_counts_every_status_outside_200_to_299_with_json_string_keys():
    assert non_2xx({"201": 40, "200": 1, "409": 2, "500": 3, "422": 1}) == 6
    assert non_2xx({201: 5}) == 0
    assert non_2xx({}) == 0


def test_the_summary_shows_zero_non_2xx_answers_for_a_clean_figure():
    rows = {label: pg for label, pg, _ in summary_rows(_results({"201": 40}))}
    assert rows["HTTP answers other than 2xx (16 clients)"] == "0"
    assert rows["HTTP answers other than 2xx (1 clients)"] == "—"


def test_the_summary_names_the_statuses_of_non_2xx_answers():
    rows = {label: pg for label, pg, _ in summary_rows(_results({"201": 40, "500": 3, "409": 2}))}
    assert rows["HTTP answers other than 2xx (16 clients)"] == "5 (409 x2, 500 x3)"


def test_the_markdown_report_carries_the_non_2xx_rows():
    page = markdown(_results({"201": 1}) | {"machine": {}, "sizes": {}})
    assert "| HTTP answers other than 2xx (16 clients) | 0 | — |" in page
