"""What one live event costs the projector on PostgreSQL: statements and round trips per event.

The bench's own chains of commands (bench.run.Chains) go through the real executor one at a time
into a generated region; after each command the runner projects it (batch size 1, as under light
load) over a view database of one connection, traced by libpq. Load-independent figures, so they
can be compared across runs on a busy machine; the lag itself (commit -> every view's position)
is also taken, as wall time of each projection.

`--follow S` measures the lag itself instead: a real `cascade project` follows while one thread
sends commands through the executor (at most `--rate` a second, each after the previous one is
visible), or `--senders N` threads send as fast as they can (open loop, the lag of each polled).

Run: .venv/bin/python -m bench.live_lag [--chains N] [--batch B] [--every E] [--busy] [--follow S [--senders N]]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import msgspec
from psycopg.pq import Trace

from bench.generate import Manifest, Shape, generate

#: Small enough for a test: two municipalities, a few thousand events.
SMALL = Shape(seed=7, municipalities=2, schools=14, years=2)


@dataclass
class Traffic:
    """Statements sent and round trips (ReadyForQuery) seen on one traced connection."""

    statements: int = 0
    round_trips: int = 0
    events: int = 0
    seconds: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    #: CPU seconds of this process while projecting (the projector's own cost, load-independent).
    cpu: float = 0.0

    def per_event(self) -> tuple[float, float]:
        return (round(self.statements / max(1, self.events), 1), round(self.round_trips / max(1, self.events), 1))


@contextmanager
def traced(conn, into: Traffic) -> Iterator[None]:
    """libpq's protocol trace of one connection, added to `into`."""
    with tempfile.TemporaryFile("w+b") as log:
        conn.pgconn.trace(log.fileno())
        conn.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)
        try:
            yield
        finally:
            conn.pgconn.untrace()
            log.seek(0)
            text = log.read().decode(errors="replace")
    into.texts.append(text)
    into.statements += len(re.findall(r"^F\t\d+\t(Execute|Query)\b", text, re.M))
    into.round_trips += len(re.findall(r"^B\t\d+\tReadyForQuery\b", text, re.M))


def live_traffic(backend, manifest: Manifest, views, chains: int = 2, batch: int = 1, every: int = 1) -> Traffic:
    """Project each command of `chains` chains as it is answered; the view database's traffic.

    `backend` is a PostgresBackend already holding `manifest`'s region; views start caught up.
    `every` > 1 projects after that many commands (a backlog under load, with `batch` >= every).
    """
    from bench.run import Chains
    from cascade.app import load_calendars
    from cascade.settings import Settings
    from services.commands.api import AnyCommand
    from services.commands.executor import CommandExecutor
    from services.projections.database import PostgresViewDatabase
    from services.projections.runner import ProjectionRunner
    from services.projections.store import ViewStore

    db = PostgresViewDatabase(backend.url, schema=backend.schema, pool_size=1)
    try:
        store = ViewStore(db)
        ProjectionRunner(backend, store, views).run_once()  # caught up: what follows is live traffic only
        runner = ProjectionRunner(backend, store, views, batch=batch)
        runner.reconciled = True  # the catch-up did: a projector checks fingerprints once, at start
        executor = CommandExecutor(load_calendars(Settings()))
        supply, traffic = Chains(manifest, "live"), Traffic()
        for _ in range(chains):
            chain = supply.next()
            app = backend.application(chain.tenant.id)
            for step, (principal, body) in enumerate(chain.steps):
                command = msgspec.convert(body, AnyCommand, strict=False)
                executor.execute(app, chain.tenant, principal, command, f"live-{chain.code}-{step}", f"{chain.code}-{step}")
                if (step + 1) % every and step + 1 < len(chain.steps):
                    continue
                with db.pool.connection() as conn:
                    pass  # the pool's only connection, traced while the runner uses it
                started, cpu = time.perf_counter(), time.process_time()
                with traced(conn, traffic):
                    traffic.events += runner.run_once({chain.tenant.id})
                traffic.seconds.append(time.perf_counter() - started)
                traffic.cpu += time.process_time() - cpu
        return traffic
    finally:
        db.close()


def follow_lag(backend, manifest: Manifest, data_dir: str, seconds: float, rate: float,
               senders: int = 1) -> list[tuple[float, float]]:
    """A real `cascade project` (no checkpoints) follows while commands go through the executor at
    `rate` per second: (seconds since start, lag ms) of each, from its commit to every live view's
    position reaching it (polled every 5 ms)."""
    import os
    import subprocess

    from bench.run import Chains
    from cascade.app import load_calendars
    from cascade.settings import Settings
    from services.commands.api import AnyCommand
    from services.commands.executor import CommandExecutor
    from services.projections.database import PostgresViewDatabase
    from services.projections.store import ViewStore

    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env.update(CASCADE_STORE="postgres", CASCADE_PG_URL=backend.url, CASCADE_PG_SCHEMA=backend.schema,
               CASCADE_DATA_DIR=data_dir, CASCADE_CHECKPOINT_INTERVAL="0", CASCADE_LOG_LEVEL="WARNING",
               CASCADE_METRICS_PORT="0")
    projector = subprocess.Popen([sys.executable, "-m", "cascade.cli", "project"], env=env)
    db = PostgresViewDatabase(backend.url, schema=backend.schema, pool_size=1)
    ViewStore(db)  # the bookkeeping tables, whoever comes first
    sql = ("SELECT t.tenant, MIN(t.position) AS position FROM projection_tracking t JOIN projection_current c "
           "ON c.view = t.view AND c.generation = t.generation GROUP BY t.tenant")
    try:
        executor, supply = CommandExecutor(load_calendars(Settings())), Chains(manifest, "follow")
        heads = {t.id: backend.application(t.id).head_position() for t in manifest.tenants}
        while any(p < heads.get(t, 0) for t, p in ((r["tenant"], r["position"]) for r in db.query(sql))) or \
                len(db.query(sql)) < len(heads):
            time.sleep(0.5)  # caught up first
        if senders > 1:
            return _open_loop(backend, db, sql, executor, supply, seconds, senders)
        found: list[tuple[float, float]] = []
        begin, steps = time.perf_counter(), iter(())
        while time.perf_counter() - begin < seconds:
            step = next(steps, None)
            if step is None:
                chain = supply.next()
                steps = iter([(chain, i, p, b) for i, (p, b) in enumerate(chain.steps)])
                continue
            chain, i, principal, body = step
            app = backend.application(chain.tenant.id)
            executor.execute(app, chain.tenant, principal, msgspec.convert(body, AnyCommand, strict=False),
                             f"follow-{chain.code}-{i}", f"{chain.code}-{i}")
            committed, head = time.perf_counter(), app.head_position()
            while {r["tenant"]: r["position"] for r in db.query(sql)}.get(chain.tenant.id, 0) < head:
                time.sleep(0.005)
            found.append((committed - begin, (time.perf_counter() - committed) * 1000))
            time.sleep(max(0.0, 1 / rate - (time.perf_counter() - committed)))
        return found
    finally:
        db.close()
        projector.terminate()
        projector.wait(timeout=20)


def _open_loop(backend, db, sql: str, executor, supply, seconds: float, senders: int) -> list[tuple[float, float]]:
    """`senders` threads send chains as fast as they can; the lag of every command is polled."""
    from services.commands.api import AnyCommand

    pending: list[tuple[str, int, float]] = []
    lock, begin = threading.Lock(), time.perf_counter()

    def send() -> None:
        while time.perf_counter() - begin < seconds:
            chain = supply.next()
            app = backend.application(chain.tenant.id)
            for i, (principal, body) in enumerate(chain.steps):
                accepted, _ = executor.execute(app, chain.tenant, principal,
                                               msgspec.convert(body, AnyCommand, strict=False),
                                               f"open-{chain.code}-{i}", f"{chain.code}-{i}")
                with lock:
                    pending.append((chain.tenant.id, accepted.position, time.perf_counter()))

    threads = [threading.Thread(target=send, daemon=True) for _ in range(senders)]
    for thread in threads:
        thread.start()
    found: list[tuple[float, float]] = []
    while any(t.is_alive() for t in threads) or pending:
        reached = {r["tenant"]: r["position"] for r in db.query(sql)}
        now = time.perf_counter()
        with lock:
            done = [p for p in pending if reached.get(p[0], 0) >= p[1]]
            pending[:] = [p for p in pending if reached.get(p[0], 0) < p[1]]
        found += [(at - begin, (now - at) * 1000) for _, _, at in done]
        time.sleep(0.005)
    return found


def _busy() -> None:
    """Pure Python work that never waits: what chain verification and history replays are to the GIL."""
    while True:
        sum(i * i for i in range(10_000))


def main() -> None:
    from cascade.app import open_read_side
    from cascade.pgcluster import ThrowawayCluster, wait_until_accepting
    from cascade.settings import Settings
    from tenants.backends import PostgresBackend

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chains", type=int, default=4)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--every", type=int, default=1, help="commands between projections")
    parser.add_argument("--show", type=int, default=0, help="print the statements of the last N events")
    parser.add_argument("--busy", action="store_true",
                        help="a CPU-bound thread beside the runner (as the projector's checkpoints)")
    parser.add_argument("--switch", type=float, default=0.0, help="sys.setswitchinterval, seconds")
    parser.add_argument("--follow", type=float, default=0.0,
                        help="seconds of commands at --rate with a real `cascade project` following")
    parser.add_argument("--rate", type=float, default=20.0, help="commands per second (--follow)")
    parser.add_argument("--senders", type=int, default=1, help="threads sending without waiting (--follow)")
    parser.add_argument("--scale", type=float, default=1.0, help="of the small region")
    args = parser.parse_args()
    if args.switch:
        sys.setswitchinterval(args.switch)
    if args.busy:
        threading.Thread(target=_busy, daemon=True).start()
    cluster = ThrowawayCluster(durable=True)
    url = cluster.start()
    try:
        wait_until_accepting(url)
        backend = PostgresBackend(url, pool_size=2)
        with tempfile.TemporaryDirectory() as directory:
            try:
                manifest = generate(backend, replace(SMALL, scale=args.scale, region="live"))
                if args.follow:
                    lags = follow_lag(backend, manifest, directory, args.follow, args.rate, args.senders)
                    ms = sorted(lag for _, lag in lags)
                    print(f"{len(ms)} commands: lag ms p50 {statistics.median(ms):.1f} "
                          f"p99 {ms[int(len(ms) * 0.99)]:.1f} max {ms[-1]:.1f}; slowest at (s, ms): "
                          f"{sorted(lags, key=lambda x: -x[1])[:5]}")
                    return
                read = open_read_side(Settings(data_dir=directory), backend)
                try:
                    traffic = live_traffic(backend, manifest, read.views, args.chains, args.batch, args.every)
                finally:
                    read.store.db.close()
            finally:
                backend.close()
        statements, trips = traffic.per_event()
        ms = sorted(s * 1000 for s in traffic.seconds)
        if args.show:
            for text in traffic.texts[-args.show:]:
                print("\n".join(line for line in text.splitlines()
                                if re.match(r"F\t\d+\t(Parse|Query)|B\t\d+\tReadyForQuery", line)), "\n----")
        print(f"events {traffic.events}: {statements} statements, {trips} round trips per event; "
              f"projector CPU {traffic.cpu * 1000 / max(1, traffic.events):.2f} ms per event; "
              f"projection wall ms p50 {statistics.median(ms):.1f} max {ms[-1]:.1f}")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
