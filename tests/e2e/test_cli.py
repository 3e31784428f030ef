"""The `cascade` command line on the embedded store, as an operator would use it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jwt
import pytest

CLI = [sys.executable, "-m", "cascade.cli"]


@pytest.fixture
def run(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env["CASCADE_DATA_DIR"] = str(tmp_path / "var")

    def invoke(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=300,
                                cwd=Path(__file__).resolve().parents[2])
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return invoke


def test_provisioning_tokens_and_the_demo(run):
    run("init")
    run("tenants", "add-region", "ru-16", "--name", "Республика Татарстан")
    run("tenants", "add-municipality", "ru-16-kaybitsy", "--region", "ru-16", "--name", "Кайбицкий район")
    assert "ru-16-kaybitsy" in run("tenants", "list").stdout
    refused = run("tenants", "add-municipality", "ru-99-x", "--region", "ru-99", "--name", "X", check=False)
    assert refused.returncode == 2 and "not registered" in refused.stderr

    unknown = run("token", "--role", "school_user", "--tenant", "ru-16-kaybitsy", "--school", "k-1",
                  check=False)
    assert unknown.returncode == 2 and "not registered" in unknown.stderr and not unknown.stdout

    assert "demo data loaded" in run("demo", "--once").stderr
    token = run("token", "--role", "school_user", "--tenant", "ru-16-kaybitsy",
                "--school", "kaybitsy-fedorovskaya").stdout
    assert token.count("\n") == 1
    claims = jwt.decode(token.strip(), options={"verify_signature": False})
    assert claims["role"] == "school_user" and claims["school"] == "kaybitsy-fedorovskaya"
    assert claims["region"] == "ru-16"
    assert "already loaded" in run("demo", "--once").stderr
    assert "Development tokens" in run("tokens").stdout


def test_projection_rebuild_and_audit(run, tmp_path):
    run("demo", "--once")
    assert "projected" in run("project", "--once").stderr
    assert "rebuilt audit" in run("rebuild", "audit").stdout
    unknown = run("rebuild", "nothing", check=False)
    assert unknown.returncode == 2 and "unknown view" in unknown.stderr
    checkpoints = run("audit", "checkpoint").stdout
    assert "ru-16 <- ru-16-kaybitsy: anchored" in checkpoints and "signed checkpoint 1" in checkpoints
    verified = run("audit", "verify").stdout
    assert "ru-16-kaybitsy: ok" in verified and "FAILED" not in verified
    assert "0 after the last checkpoint" in verified
    bundle = tmp_path / "bundle.jsonl"
    run("audit", "export", "ru-16-kaybitsy", "--out", str(bundle))
    public_key = tmp_path / "installation.pem"
    public_key.write_text(run("audit", "public-key").stdout)
    offline = subprocess.run([sys.executable, "-I", "services/audit/verify_bundle.py", str(bundle),
                              "--public-key", str(public_key)],
                             capture_output=True, text=True, timeout=60,
                             cwd=Path(__file__).resolve().parents[2])
    assert offline.returncode == 0 and offline.stdout.startswith("OK") and "1 signed" in offline.stdout
    signed = tmp_path / "signed.jsonl"
    run("audit", "checkpoints", "--out", str(signed))
    assert signed.read_text().count('"kind": "signed-checkpoint"') == 1
    assert "already sealed" in run("audit", "seal").stdout


def test_audit_state_replays_a_stream_and_the_tenant_views(run):
    import json
    from datetime import UTC, datetime

    run("demo", "--once")
    stream = json.loads(run("audit", "state", "ru-16-kaybitsy", "school/kaybitsy-fedorovskaya", "--version", "2").stdout)
    assert stream["version"] == 2 and stream["type"] == "School"
    views = json.loads(run("audit", "state", "ru-16-kaybitsy", "--at", datetime.now(UTC).isoformat()).stdout)
    assert len(views["views"]["roadmaps"]["items"]) == 40
    assert run("audit", "state", "ru-16-kaybitsy", "school/none", check=False).returncode == 2
