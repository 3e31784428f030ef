"""What the benchmark reads of and does to its subprocesses (Cascade's and the peers')."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a live process, from /proc (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def stop(popen: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Ask the process to stop with `sig`, and kill it after 20 s."""
    if popen.poll() is None:
        popen.send_signal(sig)
        try:
            popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait()
