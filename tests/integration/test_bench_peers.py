"""The benchmark's minimal peer answers the load driver on PostgreSQL, one row per request."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from bench.peers import drive
from bench.peers.minimal import TABLE
from bench.report import peer_ratios
from bench.run import free_port, wait_http

pytestmark = pytest.mark.postgres


def test_the_minimal_peer_stores_one_row_per_request_and_the_report_divides_by_it(pg_url, pg_schema, tmp_path):
    peer = drive.start_minimal(pg_url, pg_schema, free_port(), tmp_path)
    try:
        wait_http(peer.base, timeout=120)
        load = asyncio.run(drive.drive(peer, clients=3, seconds=600, tag="t", requests=4))
    finally:
        peer.stop()

    assert dict(load.answers) == {201: 12} and load.units == 12 and not load.errors
    with psycopg.connect(pg_url, options=f"-c search_path={pg_schema}") as conn:
        rows = conn.execute(f"SELECT topic, count(*) FROM {TABLE} GROUP BY topic").fetchall()
    assert rows == [("file_report", 12)]
    summary = load.summary()
    ratio = peer_ratios({"http": {"16": {"units_per_s": summary["units_per_s"] / 2}},
                         "peers": {"minimal": {"16": summary}}})
    assert ratio["16"]["minimal"] == pytest.approx(0.5)
