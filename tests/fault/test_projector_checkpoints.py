"""`cascade project` takes its periodic checkpoints in a child process, which ends with it.

In the projector's own process the CPU-bound verification and replays held the GIL the runner
needs after each round trip (cascade/checkpoint_process.py, issue 16 goal 3).
"""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.fault.harness import cascade_env, kill, provision, spawn, tail, wait_until
from tests.fault.test_projector_recovers import audit_position, write

pytestmark = [pytest.mark.postgres, pytest.mark.fault]


def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in found.split()]


def _alive(pid: int) -> bool:
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return bool(state) and not state.startswith("Z")


def test_checkpoints_run_beside_the_runner_and_end_with_it(fault_db, tmp_path):
    env = cascade_env(fault_db, tmp_path / "var", checkpoint_interval=1)
    provision(env)
    head = write(fault_db, 0, 10)
    log = tmp_path / "project.log"
    projector = spawn(["project"], env, log)
    try:
        wait_until(lambda: audit_position(fault_db) >= head, 60, what=f"catch-up; log:\n{tail(log)}")
        wait_until(lambda: "chain checkpoints" in log.read_text(errors="replace"), 60,
                   what=f"a checkpoint round; log:\n{tail(log)}")
        children = [p for p in _children(projector.pid) if _alive(p)]
        assert children, "no checkpoint process beside the runner"
        head = write(fault_db, 10, 5)  # the runner still follows
        wait_until(lambda: audit_position(fault_db) >= head, 30, what=f"following; log:\n{tail(log)}")
    finally:
        kill(projector)
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in children), "the checkpoint process outlived the projector"
