"""The benchmark report counts every answer outside 2xx, per figure, and shows zeros too."""

from __future__ import annotations

from bench.report import _peer_rows, markdown, non_2xx, peer_ratios, summary_rows


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


def _with_peers(cascade: float, minimal: float, emmett: float | None) -> dict:
    figure = lambda rate: {"units_per_s": rate, "n": 1, "p50_ms": 1.0, "p99_ms": 2.0,  # noqa: E731
                           "answers": {"201": 3}, "non_2xx": 0}
    peers = {"minimal": {"16": figure(minimal)}}
    if emmett is not None:
        peers["emmett"] = {"16": figure(emmett)}
    return {"http": {"16": figure(cascade)}, "peers": peers, "raw": {"16": figure(1000.0)}}


def test_the_peer_table_divides_cascade_by_each_peer_at_each_concurrency():
    row = {r[0]: r for r in _peer_rows(_with_peers(cascade=100.0, minimal=400.0, emmett=80.0))}["16"]
    assert row[-2:] == ["0.25", "1.25"]
    assert peer_ratios(_with_peers(100.0, 400.0, 80.0))["1"] == {"minimal": None, "emmett": None}


def test_a_peer_not_measured_shows_a_dash_not_a_ratio():
    results = {"backends": {"postgres": _with_peers(cascade=100.0, minimal=200.0, emmett=None)}}
    rows = {label: pg for label, pg, _ in summary_rows(results)}
    assert rows["Cascade ÷ minimal · Cascade ÷ Emmett (16 connections)"] == "0.50 · —"
    page = markdown(results | {"machine": {}, "sizes": {}})
    assert "| connections | Cascade cmd/s (p50 / p99 ms) |" in page
