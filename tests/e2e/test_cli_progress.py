"""`cascade --version`, and progress bars with counts and rates on a terminal only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "cascade.cli"]
ROOT = Path(__file__).resolve().parents[2]
BAR = re.compile(r"(\d+)/(\d+) events ([\d,]+|-) events/s")


@pytest.fixture
def run(tmp_path):
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("CASCADE_") and k not in {"FORCE_COLOR", "TTY_COMPATIBLE"}}
    base["CASCADE_DATA_DIR"] = str(tmp_path / "var")

    def invoke(*args: str, terminal: bool = False) -> subprocess.CompletedProcess:
        # rich's own switch: what a terminal gets; a pipe (as here by default) gets no bar.
        env = {**base, "TTY_COMPATIBLE": "1", "COLUMNS": "160"} if terminal else base
        result = subprocess.run([*CLI, *args], capture_output=True, text=True, env=env,
                                timeout=300, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        return result

    return invoke


def test_version_prints_the_installed_package_version():
    from importlib.metadata import version

    done = subprocess.run([*CLI, "--version"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.strip() == f"cascade {version('cascade')}"


def finished_bar(stderr: str) -> tuple[int, int]:
    """The last bar drawn: events done and the total, with a rate shown."""
    found = BAR.findall(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", stderr))
    assert found, stderr
    done, total, rate = found[-1]
    if int(done) > 0:
        assert rate != "-", stderr  # a finished bar with events shows their rate
    return int(done), int(total)


def test_long_operations_show_counts_and_rates_on_a_terminal_and_nothing_in_a_pipe(run, tmp_path):
    run("demo", "--once")
    piped = run("project", "--once")
    assert "projected" in piped.stderr and "events/s" not in piped.stderr and "\x1b" not in piped.stderr
    run("rebuild", "audit")  # the views exist: the next rebuild has a backlog from 0

    rebuilt = run("rebuild", "roadmaps", terminal=True)
    done, total = finished_bar(rebuilt.stderr)
    assert done == total > 0 and "rebuilding roadmaps" in rebuilt.stderr

    verified = run("audit", "verify", terminal=True)
    assert finished_bar(verified.stderr)[0] == finished_bar(verified.stderr)[1] > 0
    assert "FAILED" not in verified.stdout

    bundle = tmp_path / "bundle.jsonl"
    exported = run("audit", "export", "ru-16-kaybitsy", "--out", str(bundle), terminal=True)
    done, total = finished_bar(exported.stderr)
    assert done == total > 0 and "exported" in exported.stderr

    for args in (("audit", "verify"), ("audit", "export", "ru-16-kaybitsy", "--out", str(bundle))):
        assert "events/s" not in run(*args).stderr


def test_project_once_counts_the_backlog_it_reads(run):
    run("demo", "--once")
    projected = run("project", "--once", terminal=True)
    done, total = finished_bar(projected.stderr)
    assert done == total > 0
    again = run("project", "--once", terminal=True)
    assert finished_bar(again.stderr) == (0, 0) and "projected 0 events" in again.stderr
