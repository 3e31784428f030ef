"""The write path's load-independent figures in process: statements per command, those sent under the leader lock.

    .venv/bin/python -m bench.write_counts [--threads 16] [--chains 3] [--rounds 2]

A throwaway PostgreSQL (fsync on), a small generated region (2 municipalities), then the
executor alone (no HTTP) posting the benchmark's 13-command chains, keyed, from 1 and from
`threads` threads, each round once with the read-ahead of waiting commands and once without
(services/commands/group_commit.py `Group.busy`). Per run: statements per command, statements
sent while a group's leader holds its lock (what later commands wait for), commands per write
transaction (calls of the save function), and p50/p99 (those depend on the machine's load:
compare them only within one run).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import msgspec
import psycopg

_local = threading.local()
_lock = threading.Lock()
COUNTS = {"statements": 0, "under_lead": 0, "saves": 0}


def _counted(fn):
    def wrapped(self, *args, **kwargs):
        with _lock:
            COUNTS["statements"] += 1
            COUNTS["under_lead"] += bool(getattr(_local, "leading", False))
        return fn(self, *args, **kwargs)
    return wrapped


def instrument() -> None:
    """Count every statement psycopg sends, each save call, and who sends them while leading."""
    from services.commands import group_commit
    from tenants import pg_save

    psycopg.Cursor.execute = _counted(psycopg.Cursor.execute)  # type: ignore[method-assign]
    psycopg.Cursor.executemany = _counted(psycopg.Cursor.executemany)  # type: ignore[method-assign]
    save, lead = pg_save.save, group_commit.Group._lead

    def counted_save(*args, **kwargs):
        with _lock:
            COUNTS["saves"] += 1
        return save(*args, **kwargs)

    def marked_lead(self):
        _local.leading = True
        try:
            return lead(self)
        finally:
            _local.leading = False

    pg_save.save = counted_save
    group_commit.Group._lead = marked_lead  # type: ignore[method-assign]


def run(backend, executor, chains, threads: int, per_thread: int) -> str:
    from services.commands.api import AnyCommand

    latencies: list[float] = []
    for key in COUNTS:
        COUNTS[key] = 0

    def work() -> None:
        for _ in range(per_thread):
            chain = chains.next()
            app = backend.application(chain.tenant.id)
            for step, (principal, body) in enumerate(chain.steps):
                command = msgspec.convert(body, AnyCommand, strict=False)
                started = time.perf_counter()
                executor.execute(app, chain.tenant, principal, command, f"w-{chain.code}-{step}",
                                 f"{chain.code}-{step}")
                with _lock:
                    latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed, n = time.perf_counter() - started, len(latencies)
    latencies.sort()
    return (f"| {threads} | {n} | {COUNTS['statements'] / n:.2f} | {COUNTS['under_lead'] / n:.2f} | "
            f"{n / max(1, COUNTS['saves']):.2f} | {n / elapsed:.0f} | {latencies[n // 2] * 1000:.1f} | "
            f"{latencies[int(n * 0.99)] * 1000:.1f} |")


def main(argv: list[str] | None = None) -> int:
    from bench.generate import Shape, generate
    from bench.run import Chains, Target, make_schema
    from cascade.app import load_calendars
    from cascade.logging import configure_logging
    from cascade.pgcluster import ThrowawayCluster, wait_until_accepting
    from services.commands import group_commit
    from services.commands.executor import CommandExecutor

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--chains", type=int, default=3, help="chains per thread")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    configure_logging("console", "WARNING")
    instrument()
    busy = group_commit.Group.busy
    cluster = ThrowawayCluster()
    url = cluster.start()
    try:
        wait_until_accepting(url)
        target = Target("postgres", Path(tempfile.mkdtemp(prefix="cascade-writes-")), url, "bench_writes", cluster)
        make_schema(url, target.schema)
        backend = target.open()
        try:
            manifest = generate(backend, Shape(seed=1, scale=0.02, years=1), load_calendars(target.settings()).federal)
            chains = Chains(manifest, "w")
            executor = CommandExecutor(load_calendars(target.settings()))
            print("| read-ahead | threads | commands | statements/cmd | under the leader lock/cmd | "
                  "cmd/transaction | cmd/s | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|---|---|")
            print("| yes " + run(backend, executor, chains, 1, 20 * args.chains // 3), flush=True)
            for _ in range(args.rounds):
                for ahead in (True, False):
                    group_commit.Group.busy = busy if ahead else (lambda self: False)  # type: ignore[method-assign]
                    print(f"| {'yes' if ahead else 'no'} " + run(backend, executor, chains, args.threads, args.chains),
                          flush=True)
        finally:
            group_commit.Group.busy = busy  # type: ignore[method-assign]
            backend.close()
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
