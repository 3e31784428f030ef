"""`deploy/production.env` starts as shipped: the real server process against the test PostgreSQL.

Only what is the site's own is replaced: where PostgreSQL is, the secrets (files written here),
and the state directories (here a temporary one instead of /var/lib/cascade).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from cascade.settings import read_env_file

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ROOT / "deploy" / "production.env"

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(tmp_path: Path, pg_url: str, schema: str) -> dict[str, str]:
    from services.audit.signing import InstallationKey

    shipped = read_env_file(PRODUCTION)
    audit_key = tmp_path / "audit-key.pem"
    InstallationKey.development(audit_key)
    chain_key = tmp_path / "chain-key"
    chain_key.write_text(secrets.token_hex(32))
    state = tmp_path / "state"
    state.mkdir()
    site = {
        "CASCADE_PG_URL": pg_url, "CASCADE_PG_SCHEMA": schema,
        "CASCADE_AUDIT_KEY": str(audit_key), "CASCADE_CHAIN_KEY": str(chain_key),
        "CASCADE_CHECKPOINT_WITNESS": str(state / "checkpoint-witness.json"),
        "CASCADE_CALENDAR_DIR": str(state / "calendars"),
        "CASCADE_HOST": "127.0.0.1", "CASCADE_PORT": str(_free_port()),
        "CASCADE_METRICS_PORT": str(_free_port()),
        "CASCADE_DATA_DIR": str(state / "var"),
    }
    assert set(site) - {"CASCADE_DATA_DIR", "CASCADE_METRICS_PORT"} <= set(shipped)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CASCADE_", "OTEL_"))}
    return {**base, **shipped, **site}


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            answer = httpx.get(f"{url}/health/ready", timeout=2)
            if answer.status_code == 200:
                return answer
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"not ready within {timeout} s")


def test_the_shipped_production_configuration_starts_and_is_ready(tmp_path, pg_url, pg_schema):
    env = production_environment(tmp_path, pg_url, pg_schema)
    process = subprocess.Popen(
        [sys.executable, "-m", "cascade.cli", "serve"], env=env, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        url = f"http://127.0.0.1:{env['CASCADE_PORT']}"
        assert wait_ready(url, process).json()["status"] == "ready"
        assert httpx.get(f"{url}/metrics").status_code == 200
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    import json

    [started] = [json.loads(line) for line in stderr.splitlines()
                 if line.startswith("{") and json.loads(line)["event"] == "serving"]
    assert started["url"] == url and started["level"] == "info"
    assert not [line for line in stderr.splitlines() if line.strip() and not line.startswith("{")]
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (pg_schema,)
        ).fetchone()
    assert tables[0] > 0


def test_an_unreachable_database_is_retried_with_backoff_then_exit_3_without_a_traceback(
    tmp_path, pg_url, pg_schema
):
    env = production_environment(tmp_path, pg_url, pg_schema)
    env["CASCADE_PG_URL"] = f"postgresql://cascade:secret-pw@127.0.0.1:{_free_port()}/cascade"
    env["CASCADE_STARTUP_WAIT_SECONDS"] = "2"
    done = subprocess.run([sys.executable, "-m", "cascade.cli", "serve"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr and "secret-pw" not in done.stderr
    import json

    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    retries = [line for line in lines if line["event"] == "database not reachable; retrying"]
    assert [line["attempt"] for line in retries] == list(range(1, len(retries) + 1))
    assert len(retries) >= 2
    assert [line["retry_in_s"] for line in retries][:2] == [0.5, 1.0]
    [final] = [line for line in lines if line["event"] == "database unreachable; giving up"]
    assert final["level"] == "error" and "did not answer within 2 s" in final["reason"]


def test_the_wait_ends_as_soon_as_the_database_answers(pg_url):
    from cascade.settings import Settings
    from cascade.startup import _probe, wait_for_database

    refusals = iter([psycopg.OperationalError("connection refused")] * 3)
    pauses: list[float] = []

    def connect(url: str) -> None:
        error = next(refusals, None)
        if error is not None:
            raise error
        _probe(url)

    settings = Settings(store="postgres", pg_url=pg_url, startup_wait_seconds=60)
    assert wait_for_database(settings, connect=connect, sleep=pauses.append) == 4
    assert pauses == [0.5, 1.0, 2.0]


def test_the_demo_is_refused_in_production_mode(tmp_path, pg_url, pg_schema):
    env = production_environment(tmp_path, pg_url, pg_schema)
    done = subprocess.run([sys.executable, "-m", "cascade.cli", "demo"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "demo refused in production mode" in done.stderr
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (pg_schema,)
        ).fetchone()
    assert tables[0] == 0
