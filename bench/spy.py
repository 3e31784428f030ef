"""py-spy shares of the server under load: where the HTTP layer's time goes (issue 16).

    .venv/bin/python -m bench.spy [--server uvicorn|granian] [--clients 16] [--seconds 15]

A throwaway PostgreSQL (fsync on) and a small generated region (2 municipalities), then `cascade
serve` (or Granian serving the same application, `pip install granian` first), driven by the
benchmark's client (`clients` connections posting the 13-command chains of bench/run.py) while
py-spy samples the server process for `seconds`, by default only the thread holding the GIL (the
server's Python CPU: one uvicorn process has one core of it). Prints the share of each category
of samples, by the innermost frame that names one (shares, unlike timings, hold on a loaded
machine). No projector runs: the samples are of the write path alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

#: Category -> where a frame's code lives, as py-spy names it: "function (path/file.py:line)"
#: with the path relative to the import path. The innermost frame that matches one decides the sample.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("JWT verify (PyJWT, cryptography)", ("jwt/", "cryptography/", "services/auth.py", "services/jwks.py")),
    ("logging (structlog, JSON line)", ("structlog/", "cascade/logging.py", "services/log_context.py",
                                        "logging/__init__.py")),
    ("thread hop (anyio to_thread, futures, worker wake-up)", ("anyio/to_thread", "WorkerThread",
                                                              "run_sync_in_worker_thread",
                                                              "concurrent/futures", "threading.py",
                                                              "queue.py", "litestar/concurrency.py")),
    ("dependency resolution (litestar DI: a task group per request)", ("litestar/_kwargs/", "anyio/")),
    ("HTTP parse/serialise (uvicorn, h11, httptools, granian)", ("h11/", "httptools/", "uvicorn/",
                                                                "granian/")),
    ("guards / tenant lookup (services/context.py, claims)", ("services/context.py", "services/claims.py",
                                                              "commands/authorisation.py")),
    ("pool checkout/return (psycopg_pool)", ("psycopg_pool/",)),
    ("psycopg (statements, waits)", ("psycopg/",)),
    ("event store + executor (eventsourcing, tenants, services/commands, domain)", (
        "eventsourcing/", "tenants/", "services/commands/", "domain/")),
    ("msgspec / JSON", ("msgspec/", "json/")),
    ("litestar app / routing / middleware / response", ("litestar/", "services/observability/",
                                                         "cascade/app.py", "opentelemetry/",
                                                         "prometheus_client/", "services/problems.py")),
    ("asyncio event loop", ("asyncio/", "selectors.py")),
)


def categorise(stack: str) -> str:
    frames = [f for f in stack.split(";") if not f.startswith("process ")]
    for frame in reversed(frames):
        function, _, where = frame.rpartition(" (")
        for name, places in CATEGORIES:
            if any(where.startswith(place) or f"/{place}" in where or place in function for place in places):
                return name
    return "other"


def shares(raw: Path) -> tuple[int, Counter[str]]:
    """Samples per category from py-spy's raw (collapsed) output: `frame;frame;... count`."""
    found: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        found[categorise(stack)] += int(count)
    return total, found


def granian_app():  # pragma: no cover - started by Granian as its factory
    """The application as `cascade serve` builds it (Granian's --factory target)."""
    from cascade.app import create_app
    from cascade.logging import configure_logging
    from cascade.settings import settings_or_exit

    settings = settings_or_exit()
    configure_logging(settings.log_format, settings.log_level)
    return create_app(settings, projector=False)


def _server(kind: str, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    from bench.run import ROOT

    if kind == "granian":
        command = [sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--workers", "1",
                   "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-ws",
                   "bench.spy:granian_app"]
    else:
        command = [sys.executable, "-m", "cascade.cli", "serve"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def main(argv: list[str] | None = None) -> int:
    from bench.generate import Shape, generate
    from bench.run import Chains, Target, Tokens, free_port, http_load, make_schema, wait_http
    from cascade.app import load_calendars
    from cascade.logging import configure_logging
    from cascade.pgcluster import ThrowawayCluster, wait_until_accepting

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=["uvicorn", "granian"], default="uvicorn")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    parser.add_argument("--all-threads", action="store_true",
                        help="every thread's stack, waits included (default: only the thread holding the GIL)")
    args = parser.parse_args(argv)
    configure_logging("console", "WARNING")
    work = Path(tempfile.mkdtemp(prefix="cascade-spy-"))
    cluster = ThrowawayCluster()
    url = cluster.start()
    server = None
    try:
        wait_until_accepting(url)
        target = Target("postgres", work, url, "bench_spy", cluster)
        make_schema(url, target.schema)
        backend = target.open()
        try:
            manifest = generate(backend, Shape(seed=1, scale=0.02, years=1), load_calendars(target.settings()).federal)
        finally:
            backend.close()
        port = free_port()
        env = target.env(port)
        server = _server(args.server, env, port, work / "server.log")
        base = f"http://127.0.0.1:{port}"
        wait_http(base)
        tokens = Tokens(target.settings().dev_key_path)
        asyncio.run(http_load(base, Chains(manifest, "warm"), tokens, args.clients, 2, None))
        raw = work / "spy.txt"
        spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "--pid",
                                str(server.pid), "--subprocesses", "--rate", str(args.rate), "--duration",
                                str(int(args.seconds)), "--format", "raw", "--output", str(raw), "--nonblocking",
                                *([] if args.all_threads else ["--gil"])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)  # py-spy attaching; the load below outlasts its window
        load = asyncio.run(http_load(base, Chains(manifest, "spy"), tokens, args.clients, args.seconds + 1, None))
        spy.wait(timeout=120)
        total, found = shares(raw)
        summary = load.summary()
        print(f"{args.server}, {args.clients} clients: {summary['units_per_s']} cmd/s, p50/p99 "
              f"{summary.get('p50_ms')}/{summary.get('p99_ms')} ms, non-2xx {summary['non_2xx']}; "
              f"{total} samples")
        print("| category | samples | share |\n|---|---|---|")
        for name, count in found.most_common():
            print(f"| {name} | {count} | {count / max(1, total):.1%} |")
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.stop()
        if not os.environ.get("CASCADE_SPY_KEEP"):
            import shutil

            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
