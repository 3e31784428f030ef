"""Start the peers on the benchmark's PostgreSQL and drive them with Cascade's load driver.

Each peer is a process on loopback answering `POST` with 201: the minimal Litestar endpoint (one
INSERT per request, bench/peers/minimal.py) and Emmett (load the stream, append with the expected
version, bench/peers/emmett/server.mjs). Both get the same client as Cascade's commands (one
keep-alive HTTP/1.1 connection per client, bench/run.py `Wire`) at 1, 16 and 64 connections, and a
body the size of Cascade's `file_report` command. Emmett's packages are installed here, by
`npm ci` from the pinned package-lock.json, the first time (and again when the lock changes), into
bench/peers/emmett/node_modules (git-ignored); never by `make install` or `make test`.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import msgspec

from bench import processes

EMMETT = Path(__file__).resolve().parent / "emmett"
ROOT = Path(__file__).resolve().parents[2]
NODE = os.environ.get("CASCADE_BENCH_NODE", "/usr/bin/node")
#: Commands per stream for Emmett: Cascade's chains append 13 commands about one new school.
STREAM_LENGTH = 13
BODY = {"type": "file_report", "school": "s-0001", "kind": "monthly_roadmap", "period": "2026-11",
        "summary": "Мероприятия выполнены по плану"}


def npm_ci(log: Path) -> float:
    """`npm ci` in bench/peers/emmett unless node_modules was installed from this very lock; seconds."""
    started = time.perf_counter()
    lock = hashlib.sha256((EMMETT / "package-lock.json").read_bytes()).hexdigest()
    stamp = EMMETT / "node_modules" / ".cascade-bench-lock"
    if stamp.exists() and stamp.read_text() == lock:
        return 0.0
    npm = shutil.which("npm") or "/usr/bin/npm"
    with log.open("ab") as out:
        subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=EMMETT,
                       stdout=out, stderr=subprocess.STDOUT, check=True, timeout=600)
    stamp.write_text(lock)
    return time.perf_counter() - started


def with_search_path(url: str, schema: str) -> str:
    """The URL with `options=-c search_path=...`, so Emmett's tables land in the benchmark's schema."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-c search_path={schema}')}"


class Peer:
    """One peer process: its command line, where it answers, and the path each request posts to."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], port: int, log: Path,
                 path: Callable[[str, int, int], str], cwd: Path) -> None:
        self.name, self.port, self.path = name, port, path
        self.log = log.open("ab")
        self.popen = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        return processes.cpu_seconds(self.popen.pid)

    def stop(self) -> None:
        processes.stop(self.popen)
        self.log.close()


def start_minimal(pg_url: str, schema: str, port: int, logs: Path) -> Peer:
    """The minimal Litestar endpoint (the same interpreter and uvicorn as `cascade serve`)."""
    return Peer("minimal", [sys.executable, "-m", "bench.peers.minimal", "--port", str(port),
                            "--url", pg_url, "--schema", schema],
                dict(os.environ), port, logs / "peer-minimal.log", lambda tag, client, n: "/commands", ROOT)


def start_emmett(pg_url: str, schema: str, port: int, logs: Path) -> Peer:
    """The Emmett peer; `npm ci` first when its packages are not installed from the lock."""
    env = {**os.environ, "PEER_PG_URL": with_search_path(pg_url, schema), "PEER_PORT": str(port)}
    return Peer("emmett", [NODE, "server.mjs"], env, port, logs / "peer-emmett.log",
                lambda tag, client, n: f"/streams/{tag}-c{client}-{n // STREAM_LENGTH}", EMMETT)


async def drive(peer: Peer, clients: int, seconds: float, tag: str, requests: int | None = None) -> Any:
    """`clients` connections posting BODY until time is up (or each has sent `requests`): a
    bench.run.Load of every answer."""
    from bench.run import Load, Wire

    load = Load()
    body = msgspec.json.encode(BODY)
    headers = {"Content-Type": "application/json"}
    load.started = time.perf_counter()
    deadline = load.started + seconds

    async def one_client(client: int) -> None:
        wire = Wire("127.0.0.1", peer.port)
        n = 0
        try:
            while time.perf_counter() < deadline and (requests is None or n < requests):
                started = time.perf_counter()
                try:
                    status, data = await wire.request("POST", peer.path(tag, client, n), headers, body)
                except (OSError, asyncio.IncompleteReadError) as error:
                    load.errors[type(error).__name__] += 1
                    wire.close()
                    return
                answered = time.perf_counter()
                load.answers[status] += 1
                n += 1
                if status != 201:
                    load.errors[str(status)] += 1
                    load.samples.append(data[:300].decode(errors="replace"))
                    continue
                load.latencies.append(answered - started)
                load.units += 1
                load.events += 1
                load.finished = max(load.finished, answered)
        finally:
            wire.close()

    await asyncio.gather(*(one_client(c) for c in range(clients)))
    load.finished = load.finished or time.perf_counter()
    return load
