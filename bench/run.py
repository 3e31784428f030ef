"""Benchmarks of the write and read paths, on PostgreSQL and SQLite: `make bench` (or `--quick`).

Writes `bench/results/<timestamp>.md` and `.json`. Per backend: a generated region (bench.generate),
the server (`cascade serve`) and the projector (`cascade project`) as subprocesses on loopback,
then: command throughput and latency over HTTP at 1/16/64 clients beside the same events appended
through the Application and raw single-row inserts; projection lag under that load; a deadline-day
burst; query latencies; full rebuild of each view against raw read+decode; state at an instant;
verification; peak RSS; start-up with thousands of tenants. PostgreSQL is a throwaway cluster on
loopback unless CASCADE_BENCH_PG_URL names one (a fresh schema is used and dropped).

Run: .venv/bin/python -m bench run [--quick | --full] [--only sqlite|postgres] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import itertools
import logging
import os
import pstats
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import msgspec

from bench import processes
from bench.generate import Manifest, Shape, Writer, generate, recorded_at, simulated_clock
from bench.projection_figures import percentile
from bench.report import non_2xx, write_report
from cascade.app import load_calendars, open_backend, open_read_side, open_view_database
from cascade.pgcluster import ThrowawayCluster, wait_until_accepting
from cascade.settings import Settings
from domain.base import Actor, Provenance
from domain.internship import InternshipRequest
from domain.programme import IndicatorSeries
from domain.report import Report
from domain.roadmap import Evidence, Roadmap
from domain.rules import DEFAULT_RULES
from domain.schedule import Deadline
from domain.school import School
from domain.visit import Visit
from services.auth import Principal, ensure_development_key, mint_token
from tenants.backends import Backend
from tenants.registry import Tenant

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
MOSCOW = ZoneInfo("Europe/Moscow")
LEVELS = (1, 16, 64)


@dataclass(frozen=True)
class Sizes:
    """How big and how long: `quick` for a smoke run, `default` under 15 minutes, `full` ~1M events."""

    name: str
    scale: float
    years: int
    load_seconds: float
    direct_seconds: float
    raw_seconds: float
    burst_window: float
    tenants: int
    repeats: int
    long_stream: int = 1000
    #: Seconds of load on each peer (minimal Litestar endpoint, Emmett) at each concurrency.
    peer_seconds: float = 5


QUICK = Sizes("quick", scale=0.02, years=2, load_seconds=4, direct_seconds=3, raw_seconds=2,
              burst_window=10, tenants=400, repeats=10, peer_seconds=3)
DEFAULT = Sizes("default", scale=1.0, years=1, load_seconds=12, direct_seconds=6, raw_seconds=3,
                burst_window=60, tenants=2400, repeats=30)
FULL = Sizes("full", scale=1.0, years=5, load_seconds=30, direct_seconds=10, raw_seconds=5,
             burst_window=60, tenants=2400, repeats=30)


def stats_ms(seconds: list[float]) -> dict[str, float | int]:
    """Median and p99 (and count) of latencies given in seconds, in milliseconds."""
    if not seconds:
        return {"n": 0}
    return {"n": len(seconds), "p50_ms": round(statistics.median(seconds) * 1000, 2),
            "p99_ms": round(percentile(seconds, 0.99) * 1000, 2),
            "max_ms": round(max(seconds) * 1000, 2)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Processes ------------------------------------------------------------------------------------
class Proc:
    """A `cascade` subprocess: its peak RSS and CPU time are read from /proc while it runs."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.log = log.open("ab")
        self.popen = subprocess.Popen([sys.executable, "-m", "cascade.cli", *args], cwd=ROOT,
                                      env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.started = time.perf_counter()

    def _status(self, field_name: str) -> int | None:
        try:
            for line in Path(f"/proc/{self.popen.pid}/status").read_text().splitlines():
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def peak_rss_mb(self) -> float | None:
        kb = self._status("VmHWM")
        return round(kb / 1024, 1) if kb else None

    def rss_mb(self) -> float | None:
        kb = self._status("VmRSS")
        return round(kb / 1024, 1) if kb else None

    def cpu_seconds(self) -> float:
        return processes.cpu_seconds(self.popen.pid)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        processes.stop(self.popen, signal.SIGINT)
        self.log.close()


class PostgresCpu:
    """CPU seconds of the throwaway cluster's server processes (its postmaster and children)."""

    def __init__(self, cluster: ThrowawayCluster | None) -> None:
        self.postmaster: int | None = None
        if cluster is not None:
            try:
                self.postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                self.postmaster = None

    def seconds(self) -> float | None:
        if self.postmaster is None:
            return None
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(entry.name) == self.postmaster or int(fields[1]) == self.postmaster:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total


# Where a backend lives ------------------------------------------------------------------------
@dataclass
class Target:
    """One backend under test: its settings, a backend opened in this process, its tmp dir."""

    kind: str
    directory: Path
    pg_url: str = ""
    schema: str = "public"
    cluster: ThrowawayCluster | None = None

    def settings(self) -> Settings:
        return Settings(store=self.kind, data_dir=str(self.directory), pg_url=self.pg_url,  # type: ignore[arg-type]
                        pg_schema=self.schema, checkpoint_interval=0, log_level="WARNING")

    def env(self, port: int, projector: str = "external") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
        env.update({
            "CASCADE_STORE": self.kind, "CASCADE_DATA_DIR": str(self.directory),
            "CASCADE_PORT": str(port), "CASCADE_HOST": "127.0.0.1", "CASCADE_PROJECTOR": projector,
            "CASCADE_CHECKPOINT_INTERVAL": "0", "CASCADE_LOG_FORMAT": "json", "CASCADE_LOG_LEVEL": "INFO",
        })
        if self.kind == "postgres":
            env.update({"CASCADE_PG_URL": self.pg_url, "CASCADE_PG_SCHEMA": self.schema})
        return env

    def open(self) -> Backend:
        return open_backend(self.settings())


def make_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


# Tokens and command chains ---------------------------------------------------------------------
class Tokens:
    """Development tokens, minted once per principal."""

    def __init__(self, key_path: Path) -> None:
        self.key = ensure_development_key(key_path)
        self._cache: dict[Principal, str] = {}

    def __call__(self, principal: Principal) -> str:
        token = self._cache.get(principal)
        if token is None:
            token = self._cache[principal] = mint_token(self.key, principal)
        return token


def officer(tenant: Tenant) -> Principal:
    return Principal(f"officer@{tenant.id}.bench.example.org", "municipal_officer", tenant.region_id, tenant.id)


def school_user(tenant: Tenant, code: str) -> Principal:
    return Principal(f"user@{code}.bench.example.org", "school_user", tenant.region_id, tenant.id, code)


@dataclass
class Chain:
    """Thirteen commands of eleven types about one new school: 14 events on fresh streams."""

    tenant: Tenant
    code: str
    partnership: str
    supported: str
    partner: str
    steps: list[tuple[Principal, dict[str, Any]]] = field(default_factory=list)


class Chains:
    """An endless, thread-safe supply of chains spread over the region's municipalities."""

    def __init__(self, manifest: Manifest, tag: str) -> None:
        self.tenants = [m for m in manifest.municipalities if manifest.partnerships.get(m.id)]
        if not self.tenants:
            raise RuntimeError("the generated region has no running partnership to plan visits in")
        self.pairs = manifest.partnerships
        self.tag = tag
        self.counter = itertools.count()

    def next(self) -> Chain:
        n = next(self.counter)
        tenant = self.tenants[n % len(self.tenants)]
        pairs = self.pairs[tenant.id]
        key, supported, partner = pairs[(n // len(self.tenants)) % len(pairs)]
        chain = Chain(tenant, f"{self.tag}-{n}", key, supported, partner)
        chain.steps = chain_steps(chain, datetime.now(MOSCOW).date())
        return chain


def chain_steps(c: Chain, today: date) -> list[tuple[Principal, dict[str, Any]]]:
    """Register, measure, report (returned, refiled, accepted), roadmap, visit, internship."""
    period = f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}"
    off, me, guest = officer(c.tenant), school_user(c.tenant, c.code), school_user(c.tenant, c.partner)
    report = {"school": c.code, "kind": "monthly_roadmap", "period": period}
    roadmap = f"rm-{c.code}"
    return [
        (off, {"type": "register_school", "school": c.code, "name": f"Школа {c.code}"}),
        (me, {"type": "record_indicator", "subject": c.code, "indicator": "unexcused_absence_rate",
              "period": period, "value": "2.5", "measured_on": today.isoformat()}),
        (me, {"type": "file_report", **report, "summary": "Мероприятия выполнены по плану"}),
        (off, {"type": "return_report", **report, "remarks": "Приложите протоколы"}),
        (me, {"type": "file_report", **report, "summary": "Мероприятия выполнены, протоколы приложены"}),
        (off, {"type": "accept_report", **report}),
        (off, {"type": "approve_roadmap", "roadmap": roadmap, "school": c.code, "title": "Дорожная карта",
               "period_start": today.replace(month=1, day=1).isoformat(),
               "period_end": today.replace(month=12, day=31).isoformat(), "approved_on": today.isoformat()}),
        (off, {"type": "add_roadmap_item", "roadmap": roadmap, "item": "item-01",
               "section": "Развитие кадрового потенциала", "title": "Посещение уроков кураторами",
               "schedule": {"form": "deadline", "due": (today + timedelta(days=30)).isoformat(),
                            "label": "в течение месяца"}, "responsible": ["куратор"]}),
        (me, {"type": "complete_roadmap_item", "roadmap": roadmap, "item": "item-01",
              "completed_on": today.isoformat(), "evidence": [{"kind": "document", "reference": "Приказ № 1"}]}),
        (guest, {"type": "plan_visit", "visit": f"v-{c.code}", "partnership": c.partnership,
                 "host_school": c.supported, "visiting_school": c.partner,
                 "planned_on": (today + timedelta(days=7)).isoformat(), "kind": "lesson"}),
        (guest, {"type": "record_visit_held", "visit": f"v-{c.code}", "held_on": today.isoformat(),
                 "findings": "Уроки посещены", "participants": 5}),
        (me, {"type": "request_internship", "internship": f"st-{c.code}", "school": c.code,
              "host_school": c.partner, "topic": "Формирующее оценивание", "participants": 3,
              "start": (today + timedelta(days=14)).isoformat(),
              "end": (today + timedelta(days=16)).isoformat()}),
        (guest, {"type": "confirm_internship", "internship": f"st-{c.code}"}),
    ]


def direct_chain(app: Any, c: Chain, today: date, record: Callable[[float, int], None]) -> None:
    """The same fourteen events built with the domain and appended with `app.save`, one per command."""
    def meta(p: Principal) -> Provenance:
        return Provenance(c.tenant.id, Actor(p.subject, p.role, p.organisation), f"direct-{c.code}")

    off, me, guest = officer(c.tenant), school_user(c.tenant, c.code), school_user(c.tenant, c.partner)
    period = f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}"

    def save(*aggregates: Any) -> None:
        started = time.perf_counter()
        recordings = app.save(*aggregates)
        record(time.perf_counter() - started, len(recordings))

    school = School.register(meta(off), c.code, f"Школа {c.code}")
    save(school)
    series = IndicatorSeries.open(meta(me), c.code, "unexcused_absence_rate")
    series.record(meta(me), period, Decimal("2.5"), today)
    save(series)
    report = Report.file(meta(me), c.code, "monthly_roadmap", period, today, "Мероприятия выполнены по плану")
    save(report)
    report.return_for_revision(meta(off), today, "Приложите протоколы")
    save(report)
    report.file_again(meta(me), today, "Мероприятия выполнены, протоколы приложены")
    save(report)
    report.accept(meta(off), today)
    save(report)
    roadmap = Roadmap.approve(meta(off), f"rm-{c.code}", c.code, "Дорожная карта",
                              today.replace(month=1, day=1), today.replace(month=12, day=31), today)
    save(roadmap)
    roadmap.add_item(meta(off), "item-01", "Развитие кадрового потенциала", "Посещение уроков кураторами",
                     Deadline(today + timedelta(days=30), "в течение месяца"), ("куратор",))
    save(roadmap)
    roadmap.complete_item(meta(me), "item-01", today, (Evidence("document", "Приказ № 1"),))
    save(roadmap)
    visit = Visit.plan(meta(guest), f"v-{c.code}", c.partnership, c.supported, c.partner, "lesson",
                       today + timedelta(days=7))
    save(visit)
    visit.hold(meta(guest), today, "Уроки посещены", "", 5)
    save(visit)
    request = InternshipRequest.submit(meta(me), f"st-{c.code}", c.code, c.partner, "Формирующее оценивание",
                                       3, today + timedelta(days=14), today + timedelta(days=16), today,
                                       DEFAULT_RULES)
    save(request)
    request.confirm(meta(guest), today)
    save(request)


# Load drivers -------------------------------------------------------------------------------------
@dataclass
class Load:
    """What one load run did: latencies of each unit (command, save or row) and the counts."""

    latencies: list[float] = field(default_factory=list)
    units: int = 0
    events: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    #: Every HTTP answer by status code (HTTP loads only), so the report shows non-2xx per figure.
    answers: Counter[int] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        seconds = max(1e-9, self.finished - self.started)
        return {"seconds": round(seconds, 2), "units": self.units, "events": self.events,
                "units_per_s": round(self.units / seconds, 1), "events_per_s": round(self.events / seconds, 1),
                **stats_ms(self.latencies), "errors": dict(self.errors), "error_samples": self.samples[:3],
                "answers": dict(self.answers), "non_2xx": non_2xx(self.answers),
                **({"cpu": self.cpu} if self.cpu else {})}


class LagProbe:
    """Answered positions vs what every view has read: lag from 201 to visible, polled every 10 ms."""

    def __init__(self, target: Target, backend: Backend) -> None:
        self.target, self.backend = target, backend
        self.pending: list[tuple[str, int, float]] = []
        self.lags: list[float] = []
        self.resolved_at: list[float] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def answered(self, tenant: str, position: int, at: float) -> None:
        with self.lock:
            self.pending.append((tenant, position, at))

    def _open(self) -> None:
        """The probe's store and the live generations, before any command is timed: the probe's
        own start (a pool, 15 queries) must not count as lag of the first answers."""
        from services.projections.models import all_views
        from services.projections.store import ViewStore

        self.store = ViewStore(open_view_database(self.target.settings(), self.backend))
        self.live = {(view.name, self.store.ensure_live(view)) for view in (type(v) for v in all_views())}

    def _run(self) -> None:
        store, live = self.store, self.live
        try:
            while not self.stopping.is_set() or self.pending:
                reached: dict[str, int] = {}
                seen: Counter[str] = Counter()
                for row in store.db.query("SELECT view, generation, tenant, position FROM projection_tracking"):
                    if (row["view"], int(row["generation"])) in live:
                        tenant = row["tenant"]
                        seen[tenant] += 1
                        reached[tenant] = min(reached.get(tenant, int(row["position"])), int(row["position"]))
                reached = {t: p for t, p in reached.items() if seen[t] == len(live)}
                now = time.perf_counter()
                with self.lock:
                    still = []
                    for tenant, position, at in self.pending:
                        if reached.get(tenant, 0) >= position:
                            self.lags.append(now - at)
                            self.resolved_at.append(now)
                        elif now - at < 60:
                            still.append((tenant, position, at))
                    self.pending = still
                if self.stopping.is_set() and self.pending and now - self.pending[0][2] > 60:
                    break
                time.sleep(0.01)
        finally:
            store.db.close()

    def __enter__(self) -> LagProbe:
        self._open()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join(timeout=90)

    def summary(self) -> dict[str, Any]:
        return {**stats_ms(self.lags), "unresolved": len(self.pending)}


class Wire:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a load generator that costs little CPU
    (httpx took ~0.8 of this machine's 2 cores at 64 clients, starving the server it measured)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n"
                + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            try:
                self.writer.write(head + body)
                status_line = await self.reader.readline()
            except ConnectionError:
                status_line = b""
            if not status_line:
                # Closed or reset before any answer (an idle keep-alive connection timed out):
                # resending is safe, every POST here carries an Idempotency-Key.
                self.close()
                if attempt == 2:
                    raise ConnectionError("connection closed by the server")
                continue
            fields: dict[str, str] = {}
            while (line := await self.reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                fields[name.strip().lower()] = value.strip()
            data = await self.reader.readexactly(int(fields.get("content-length", "0")))
            if fields.get("connection", "").lower() == "close":
                self.close()
            return int(status_line.split()[1]), data
        raise AssertionError("unreachable")


async def http_load(base: str, chains: Chains, tokens: Tokens, clients: int, seconds: float,
                    probe: LagProbe | None) -> Load:
    """`clients` concurrent clients (one connection each) posting chains of commands until time is up."""
    load = Load()
    host, port = base.removeprefix("http://").split(":")
    load.started = time.perf_counter()
    deadline = load.started + seconds

    async def one_client() -> None:
        wire = Wire(host, int(port))
        try:
            while time.perf_counter() < deadline:
                chain = chains.next()
                for index, (principal, body) in enumerate(chain.steps):
                    if time.perf_counter() >= deadline:
                        return
                    headers = {"Authorization": f"Bearer {tokens(principal)}", "Content-Type": "application/json",
                               "Idempotency-Key": f"{chain.code}-{index}"}
                    started = time.perf_counter()
                    try:
                        status, data = await wire.request("POST", f"/api/v1/tenants/{chain.tenant.id}/commands",
                                                          headers, msgspec.json.encode(body))
                    except (OSError, asyncio.IncompleteReadError) as error:
                        load.errors[type(error).__name__] += 1
                        wire.close()
                        break
                    answered = time.perf_counter()
                    load.answers[status] += 1
                    if status != 201:
                        load.errors[str(status)] += 1
                        load.samples.append(f"{body['type']}: {data[:300].decode(errors='replace')}")
                        break
                    answer = msgspec.json.decode(data)
                    load.latencies.append(answered - started)
                    load.units += 1
                    load.events += len(answer["events"])
                    load.finished = max(load.finished, answered)
                    if probe is not None:
                        probe.answered(chain.tenant.id, answer["position"], answered)
        finally:
            wire.close()

    await asyncio.gather(*(one_client() for _ in range(clients)))
    load.finished = load.finished or time.perf_counter()
    return load


def thread_load(threads: int, seconds: float, work: Callable[[float, Load, int], None]) -> Load:
    """`threads` threads each calling `work(deadline, load, index)`."""
    load = Load()
    load.started = time.perf_counter()
    deadline = load.started + seconds
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            work(deadline, load, index)
        except Exception as error:  # recorded, shown in the report
            errors.append(error)
            load.errors[type(error).__name__] += 1
            load.samples.append(f"{type(error).__name__}: {str(error)[:300]}")

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    load.finished = time.perf_counter()
    return load


def direct_load(backend: Backend, chains: Chains, threads: int, seconds: float) -> Load:
    lock = threading.Lock()

    def work(deadline: float, load: Load, index: int) -> None:
        today = datetime.now(MOSCOW).date()

        def record(latency: float, events: int) -> None:
            with lock:
                load.latencies.append(latency)
                load.units += 1
                load.events += events
        while time.perf_counter() < deadline:
            chain = chains.next()
            direct_chain(backend.application(chain.tenant.id), chain, today, record)

    return thread_load(threads, seconds, work)


def executor_load(backend: Backend, settings: Settings, chains: Chains, threads: int, seconds: float) -> Load:
    """The command handlers in this process: HTTP, JSON and tokens taken away, all else kept."""
    from services.commands.api import AnyCommand
    from services.commands.executor import CommandExecutor

    executor = CommandExecutor(load_calendars(settings))
    lock = threading.Lock()

    def work(deadline: float, load: Load, index: int) -> None:
        while time.perf_counter() < deadline:
            chain = chains.next()
            app = backend.application(chain.tenant.id)
            for step, (principal, body) in enumerate(chain.steps):
                command = msgspec.convert(body, AnyCommand, strict=False)
                started = time.perf_counter()
                accepted, _ = executor.execute(app, chain.tenant, principal, command,
                                               f"exec-{chain.code}-{step}", f"{chain.code}-{step}")
                with lock:
                    load.latencies.append(time.perf_counter() - started)
                    load.units += 1
                    load.events += len(accepted.events)

    return thread_load(threads, seconds, work)


def raw_load(target: Target, payload: int, threads: int, seconds: float, tag: str) -> Load:
    """Single-row insert transactions of the mean stored-event size, one table (or file) per thread."""
    import uuid

    state = os.urandom(payload)
    topic = "domain.visit:Visit.Planned"
    lock = threading.Lock()
    ddl = ("CREATE TABLE {t} (originator_id {u} NOT NULL, originator_version BIGINT NOT NULL, "
           "topic TEXT NOT NULL, state {b} NOT NULL, notification_id {s}, "
           "PRIMARY KEY (originator_id, originator_version))")

    def work(deadline: float, load: Load, index: int) -> None:
        table = f"bench_raw_{tag}_{index}"
        if target.kind == "postgres":
            import psycopg

            conn = psycopg.connect(target.pg_url, autocommit=True,
                                   options=f"-c search_path={target.schema}")
            conn.execute(ddl.format(t=table, u="uuid", b="bytea", s="BIGSERIAL UNIQUE"))
            sql, param = f"INSERT INTO {table} VALUES (%s, 1, %s, %s)", (lambda: uuid.uuid4())
        else:
            conn = sqlite3.connect(target.directory / f"{table}.sqlite", isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(ddl.format(t=table, u="TEXT", b="BLOB", s="INTEGER UNIQUE"))
            sql, param = f"INSERT INTO {table} VALUES (?, 1, ?, ?, NULL)", (lambda: uuid.uuid4().hex)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                conn.execute(sql, (param(), topic, state))
                latency = time.perf_counter() - started
                with lock:
                    load.latencies.append(latency)
                    load.units += 1
                    load.events += 1
        finally:
            conn.close()

    return thread_load(threads, seconds, work)


# Phases -------------------------------------------------------------------------------------------
class Phases:
    """Runs each phase, times it, and records what could not be measured instead of failing."""

    def __init__(self, results: dict[str, Any]) -> None:
        self.results = results
        self.results.setdefault("phase_seconds", {})
        self.results.setdefault("not_measured", [])

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        print(f"  [{self.results['backend']}] {name} ...", file=sys.stderr, flush=True)
        try:
            return fn()
        except Exception as error:
            self.results["not_measured"].append(f"{name}: {type(error).__name__}: {error}")
            traceback.print_exc()
            return None
        finally:
            self.results["phase_seconds"][name] = round(time.perf_counter() - started, 1)


def wait_http(base: str, path: str = "/health", timeout: float = 120) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if httpx.get(base + path, timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{base}{path} did not answer within {timeout} s")


def wait_projected(target: Target, backend: Backend, timeout: float, heads: dict[str, int] | None = None) -> float:
    """Block until every view has read every tenant's head (given, or read here); seconds waited."""
    from services.projections.models import all_views
    from services.projections.store import ViewStore

    if heads is None:
        heads = {t.id: backend.application(t.id).head_position() for t in backend.registry.all()}
    store = ViewStore(open_view_database(target.settings(), backend))
    views = [type(v) for v in all_views()]
    started = time.perf_counter()
    try:
        while True:
            behind = 0
            for view in views:
                reached = store.positions(view, store.ensure_live(view))
                behind += sum(1 for t, head in heads.items() if head and reached.get(t, 0) < head)
            if not behind:
                return time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"the projector did not catch up within {timeout:.0f} s")
            time.sleep(0.1)
    finally:
        store.db.close()


def add_long_stream(backend: Backend, region: Tenant, events: int) -> tuple[str, datetime]:
    """One indicator series of `events` values in the region's log (a minute apart, ending now)."""
    meta = Provenance(region.id, Actor("bench@bench.example.org", "region_operator", region.id), "bench-long")
    now = datetime.now(UTC)
    writer = Writer(backend.application(region.id), 500, Counter(), Counter())
    with simulated_clock():
        recorded_at(now - timedelta(minutes=events))
        series = IndicatorSeries.open(meta, "region", "bench_long_stream")
        for i in range(events):
            recorded_at(now - timedelta(minutes=events - i))
            month = date(1900 + i // 12, i % 12 + 1, 1)
            series.record(meta, f"{month:%Y-%m}", Decimal(i % 100), month)
        writer.take(series)
        writer.flush()
    return "indicator_series/region:bench_long_stream", now - timedelta(minutes=events // 2)


def bench_backend(kind: str, sizes: Sizes, work: Path, profile: bool) -> dict[str, Any]:
    """Every figure for one backend."""
    results: dict[str, Any] = {"backend": kind}
    phases = Phases(results)
    directory = work / kind
    directory.mkdir(parents=True)
    cluster = None
    target = Target(kind, directory)
    if kind == "postgres":
        url = os.environ.get("CASCADE_BENCH_PG_URL", "")
        if not url:
            cluster = ThrowawayCluster()
            url = cluster.start()
        wait_until_accepting(url)
        target = Target(kind, directory, url, f"bench_{os.getpid()}", cluster)
        make_schema(url, target.schema)
        results["postgres"] = postgres_info(url, cluster)
    try:
        _bench_target(target, sizes, phases, results, profile)
    finally:
        if kind == "postgres":
            try:
                drop_schema(target.pg_url, target.schema)
                drop_schema(target.pg_url, target.schema + "_t")
            except Exception:  # the cluster may be gone already
                pass
            if cluster is not None:
                cluster.stop()
    return results


def postgres_info(url: str, cluster: ThrowawayCluster | None) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        fsync = conn.execute("SHOW fsync").fetchone()[0]
        sync = conn.execute("SHOW synchronous_commit").fetchone()[0]
    return {"version": version, "fsync": fsync, "synchronous_commit": sync,
            "where": "throwaway cluster on loopback" if cluster else "CASCADE_BENCH_PG_URL"}


def _bench_target(target: Target, sizes: Sizes, phases: Phases, results: dict[str, Any], profile: bool) -> None:
    settings = target.settings()
    backend = target.open()
    tokens = Tokens(settings.dev_key_path)
    shape = Shape(seed=1, scale=sizes.scale, years=sizes.years)
    calendar = load_calendars(settings).federal
    try:
        manifest: Manifest = phases.run("generate", lambda: generate(backend, shape, calendar))
        if manifest is None:
            return
        results["region"] = {
            "tenants": len(manifest.tenants), "municipalities": len(manifest.municipalities),
            "schools": sum(len(v) for v in manifest.schools.values()), "school_years": shape.years,
            "events": manifest.events, "seconds": round(manifest.seconds, 1),
            "events_per_s": round(manifest.events / manifest.seconds), "types": dict(manifest.counts),
            "schedule_forms": dict(manifest.forms),
        }
        long = phases.run("long stream", lambda: add_long_stream(backend, manifest.region, sizes.long_stream))
        results["payload_bytes"] = phases.run("payload size", lambda: mean_payload(backend, manifest))
        # Rebuilding every view first also fills them: the projector then starts caught up.
        results["rebuild"] = phases.run("rebuild", lambda: rebuild_all(target, backend))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        logs = target.directory / "logs"
        logs.mkdir()
        projector = Proc("projector", ["project"], target.env(port), logs / "projector.log")
        server = Proc("server", ["serve"], target.env(port), logs / "server.log")
        try:
            results["projector_caught_up_s"] = phases.run("projector start", lambda: round(
                wait_projected(target, backend, 1800), 2))
            results["server_ready_s"] = phases.run("server ready", lambda: round(wait_http(base), 2))
            pg_cpu = PostgresCpu(target.cluster)
            results["http"] = {}
            results["lag"] = {}
            for clients in LEVELS:
                chains = Chains(manifest, f"h{clients}")
                phases.run(f"http x{clients}", lambda c=clients, ch=chains: _http_level(
                    base, ch, tokens, c, sizes.load_seconds, target, backend, server, projector, pg_cpu, results))
            results["burst"] = phases.run("deadline burst", lambda: _burst(base, manifest, tokens, sizes, target, backend))
            results["queries"] = phases.run("queries", lambda: query_latencies(base, manifest, tokens, sizes.repeats))
            results["memory_mb"] = {"server_peak_rss": server.peak_rss_mb(), "projector_peak_rss": projector.peak_rss_mb()}
        finally:
            server.stop()
            projector.stop()
        if target.kind == "postgres":
            results["peers"] = bench_peers(target, sizes, logs, phases)
        results["direct"] = {}
        results["executor"] = {}
        results["raw"] = {}
        for threads in LEVELS:
            chains = Chains(manifest, f"d{threads}")
            results["direct"][threads] = phases.run(f"direct x{threads}", lambda t=threads, ch=chains: direct_load(
                backend, ch, t, sizes.direct_seconds).summary())
        for threads in (1,):
            chains = Chains(manifest, f"e{threads}")
            results["executor"][threads] = phases.run(f"executor x{threads}", lambda t=threads, ch=chains: executor_load(
                backend, settings, ch, t, sizes.direct_seconds).summary())
        if profile:
            results["profile"] = phases.run("profile executor", lambda: profile_executor(backend, settings, manifest))
        for threads in LEVELS:
            results["raw"][threads] = phases.run(f"raw x{threads}", lambda t=threads: raw_load(
                target, results.get("payload_bytes") or 600, t, sizes.raw_seconds, f"x{t}").summary())
        if long:
            results["time_travel"] = phases.run("time travel", lambda: time_travel(backend, manifest, long, sizes, target))
        results["verify"] = phases.run("verify", lambda: verify_all(backend, manifest))
    finally:
        backend.close()
    results["startup"] = phases.run(f"start-up with {sizes.tenants} tenants", lambda: startup(target, sizes.tenants))


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _burst(base: str, manifest: Manifest, tokens: Tokens, sizes: Sizes, target: Target,
           backend: Backend) -> dict[str, Any]:
    with LagProbe(target, backend) as probe:
        return asyncio.run(deadline_burst(base, manifest, tokens, sizes.burst_window, probe))


def _http_level(base: str, chains: Chains, tokens: Tokens, clients: int, seconds: float, target: Target,
                backend: Backend, server: Proc, projector: Proc, pg_cpu: PostgresCpu,
                results: dict[str, Any]) -> None:
    before = (server.cpu_seconds(), projector.cpu_seconds(), pg_cpu.seconds(), _own_cpu())
    with LagProbe(target, backend) as probe:
        load = asyncio.run(http_load(base, chains, tokens, clients, seconds, probe))
        wall = load.finished - load.started
        after = (server.cpu_seconds(), projector.cpu_seconds(), pg_cpu.seconds(), _own_cpu())
    load.cpu = {"server_cores": round((after[0] - before[0]) / wall, 2),
                "projector_cores": round((after[1] - before[1]) / wall, 2),
                "clients_and_probe_cores": round((after[3] - before[3]) / wall, 2)}
    if before[2] is not None and after[2] is not None:
        load.cpu["postgres_cores"] = round((after[2] - before[2]) / wall, 2)
    results["http"][clients] = load.summary()
    results["lag"][clients] = probe.summary()


def bench_peers(target: Target, sizes: Sizes, logs: Path, phases: Phases) -> dict[str, Any]:
    """The minimal Litestar endpoint and Emmett on the same PostgreSQL, with Cascade's load driver.

    One phase per peer: a peer that cannot start (no npm, no node) is listed under "Not measured"
    and the other is still measured.
    """
    from bench.peers import drive

    answer: dict[str, Any] = {}

    def measure(start: Callable[..., Any]) -> dict[int, Any]:
        peer = start(target.pg_url, target.schema, free_port(), logs)
        figures: dict[int, Any] = {}
        try:
            answer[f"{peer.name}_ready_s"] = round(wait_http(peer.base, timeout=120), 2)
            for clients in LEVELS:
                before = peer.cpu_seconds()
                load = asyncio.run(drive.drive(peer, clients, sizes.peer_seconds, f"x{clients}"))
                load.cpu = {"peer_cores": round((peer.cpu_seconds() - before)
                                                / max(1e-9, load.finished - load.started), 2)}
                figures[clients] = load.summary()
        finally:
            peer.stop()
        return figures

    answer["minimal"] = phases.run("peer: minimal Litestar", lambda: measure(drive.start_minimal))
    answer["npm_ci_s"] = phases.run("peer: npm ci (Emmett)", lambda: round(drive.npm_ci(logs / "npm.log"), 1))
    if answer["npm_ci_s"] is not None:
        answer["emmett"] = phases.run("peer: Emmett", lambda: measure(drive.start_emmett))
    return answer


def mean_payload(backend: Backend, manifest: Manifest) -> int:
    """Mean stored size (state + topic) of the first events of the biggest municipality."""
    tenant = max(manifest.municipalities, key=lambda m: len(manifest.schools[m.id]))
    rows = backend.application(tenant.id).recorder.select_notifications(start=0, limit=5000)
    return round(sum(len(n.state) + len(n.topic) for n in rows) / max(1, len(rows)))


async def deadline_burst(base: str, manifest: Manifest, tokens: Tokens, window: float,
                         probe: LagProbe) -> dict[str, Any]:
    """Every school files this month's report within `window` s: until all are 201 and visible.

    Visible: every view has read the filing's position (polled every 10 ms; the overview is built
    from them); the regional overview is also fetched every 0.5 s, as an operator's screen would.
    """
    period = f"{datetime.now(MOSCOW):%Y-%m}"
    filings = [(m, code) for m in manifest.municipalities for code in manifest.schools[m.id]]
    random.Random(7).shuffle(filings)
    needed: dict[str, int] = {}
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    answers: Counter[int] = Counter()
    overview_latencies: list[float] = []
    operator = Principal(f"operator@{manifest.region.id}.bench.example.org", "region_operator", manifest.region.id)
    host, port = base.removeprefix("http://").split(":")
    idle: list[Wire] = []
    t0 = time.perf_counter() + 0.5
    last_answer = 0.0
    done = asyncio.Event()

    async def file(i: int, tenant: Tenant, code: str) -> None:
        nonlocal last_answer
        await asyncio.sleep(max(0.0, t0 + i * window / len(filings) - time.perf_counter()))
        wire = idle.pop() if idle else Wire(host, int(port))
        body = {"type": "file_report", "school": code, "kind": "monthly_roadmap", "period": period,
                "summary": "Отчёт о реализации дорожной карты за месяц"}
        headers = {"Authorization": f"Bearer {tokens(school_user(tenant, code))}",
                   "Content-Type": "application/json", "Idempotency-Key": f"burst-{code}"}
        started = time.perf_counter()
        try:
            status, data = await wire.request("POST", f"/api/v1/tenants/{tenant.id}/commands", headers,
                                              msgspec.json.encode(body))
        except (OSError, asyncio.IncompleteReadError) as error:
            errors[type(error).__name__] += 1
            wire.close()
            return
        answered = time.perf_counter()
        idle.append(wire)
        answers[status] += 1
        if status != 201:
            errors[str(status)] += 1
            return
        latencies.append(answered - started)
        last_answer = max(last_answer, answered)
        position = msgspec.json.decode(data)["position"]
        needed[tenant.id] = max(needed.get(tenant.id, 0), position)
        probe.answered(tenant.id, position, answered)

    async def watch() -> float | None:
        wire = Wire(host, int(port))
        headers = {"Authorization": f"Bearer {tokens(operator)}"}
        try:
            while True:
                await asyncio.sleep(0.5)
                started = time.perf_counter()
                _, data = await wire.request("GET", f"/api/v1/regions/{manifest.region.id}/overview", headers)
                overview_latencies.append(time.perf_counter() - started)
                if done.is_set():
                    positions = msgspec.json.decode(data)["positions"]
                    if all(positions.get(t, 0) >= p for t, p in needed.items()):
                        return time.perf_counter() - t0
                    if time.perf_counter() - t0 > window + 300:
                        return None
        finally:
            wire.close()

    watcher = asyncio.create_task(watch())
    await asyncio.gather(*(file(i, m, code) for i, (m, code) in enumerate(filings)))
    done.set()
    shown = await watcher
    for wire in idle:
        wire.close()
    deadline = time.perf_counter() + 120
    while probe.pending and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    visible = max(probe.resolved_at, default=None)
    return {"schools": len(filings), "window_s": window, "accepted": len(latencies),
            "errors": dict(errors), "answers": dict(answers), "non_2xx": non_2xx(answers),
            "all_accepted_s": round(last_answer - t0, 2) if latencies else None,
            "all_visible_s": round(visible - t0, 2) if visible is not None and not probe.pending else None,
            "overview_showed_all_s": round(shown, 2) if shown is not None else None,
            "command_latency": stats_ms(latencies), "visible_lag": stats_ms(probe.lags),
            "overview_get_during_burst": stats_ms(overview_latencies)}


def query_latencies(base: str, manifest: Manifest, tokens: Tokens, repeats: int) -> dict[str, Any]:
    """Sequential GETs on the generated region, with the server otherwise idle (up to `repeats`
    times each, fewer for a slow query: at least 3, at most ~8 s); the first read and the
    repeats are also reported apart."""
    region = manifest.region
    tenant = max(manifest.municipalities, key=lambda m: len(manifest.schools[m.id]))
    last = manifest.shape.first_year + manifest.shape.years - 1
    operator = Principal(f"operator@{region.id}.bench.example.org", "region_operator", region.id)
    auditor = Principal(f"auditor@{region.id}.bench.example.org", "auditor", region.id)
    queries = {
        "regional overview": (operator, f"/api/v1/regions/{region.id}/overview?as_of={last + 1}-05-31"),
        "regional overview (today)": (operator, f"/api/v1/regions/{region.id}/overview"),
        "monitoring calendar (school year)": (officer(tenant), f"/api/v1/tenants/{tenant.id}/schedule?"
                                              f"from={last}-09-01&to={last + 1}-08-31&as_of={last + 1}-05-31"),
        "roadmaps": (officer(tenant), f"/api/v1/tenants/{tenant.id}/roadmaps?as_of={last + 1}-05-31"),
        **register_queries(tenant, operator, region.id, f"{last + 1}-05-31"),
        "audit trail (newest 100)": (auditor, f"/api/v1/tenants/{tenant.id}/events?order=desc&limit=100"),
        "audit trail (type filter)": (auditor, f"/api/v1/tenants/{tenant.id}/events?type=Report.Returned&limit=100"),
        "audit trail (actor, time range)": (auditor, f"/api/v1/tenants/{tenant.id}/events?actor=officer%40"
                                            f"{tenant.id}.bench.example.org&since={last}-10-01T00:00:00%2B03:00"
                                            f"&until={last}-11-01T00:00:00%2B03:00&limit=100"),
    }
    answer: dict[str, Any] = {"tenant": tenant.id}
    with httpx.Client(base_url=base, timeout=120) as client:
        for name, (principal, path) in queries.items():
            headers = {"Authorization": f"Bearer {tokens(principal)}"}
            times, size = [], 0
            budget = time.perf_counter() + 8
            while len(times) < repeats and (len(times) < 3 or time.perf_counter() < budget):
                started = time.perf_counter()
                response = client.get(path, headers=headers)
                times.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: {response.status_code} {response.text[:200]}")
                size = len(response.content)
            answer[name] = {**stats_ms(times), "bytes": size}
            # Kept answers (services/projections/answer_cache.py): the first read makes the answer,
            # the repeats find it while no event lands; both beside the figure over all reads.
            answer[f"{name} · first"] = {"n": 1, "p50_ms": round(times[0] * 1000, 2), "p99_ms": round(times[0] * 1000, 2)}
            answer[f"{name} · repeats"] = stats_ms(times[1:])
    return answer


def register_queries(tenant: Tenant, operator: Principal, region: str, as_of: str) -> dict[str, tuple[Principal, str]]:
    """The registers' first pages (50 rows) as the pages ask them: the largest municipality's and the region's."""
    mine, theirs = f"/api/v1/tenants/{tenant.id}/registers", f"/api/v1/regions/{region}/registers"
    return {
        **{f"register: {name}": (officer(tenant), f"{mine}/{name}?as_of={as_of}")
           for name in ("schools", "partnerships", "people", "visits", "reports", "internships", "approvals")},
        **{f"region register: {name}": (operator, f"{theirs}/{name}?as_of={as_of}")
           for name in ("schools", "partnerships", "visits", "reports")},
    }


def rebuild_all(target: Target, backend: Backend) -> dict[str, Any]:
    """Each view rebuilt from position 0, beside reading and decoding the same events alone."""
    from bench.history_probe import read_decode
    from services.projections.rebuild import rebuild

    read = open_read_side(target.settings(), backend)
    try:
        raw, raw_seconds = read_decode(backend)
        answer: dict[str, Any] = {"events": raw, "read_decode_events_per_s": round(raw / raw_seconds)}
        views = {}
        for view in read.views:
            report = rebuild(backend, read.store, view)
            views[view.name] = {"seconds": round(report.seconds, 1), "events_per_s": round(report.events_per_second)}
        answer["views"] = views
        return answer
    finally:
        read.store.db.close()
        if read.scratch:
            read.scratch.close()


def time_travel(backend: Backend, manifest: Manifest, long: tuple[str, datetime], sizes: Sizes,
                target: Target) -> dict[str, Any]:
    """`state_at` of a long stream and of a roadmap; a whole municipality at an instant: from
    history checkpoints (taken first, as the projector does) plus the tail, beside a full replay."""
    from services.audit.time_travel import state_at
    from services.projections.history import HistoryCheckpoints
    from services.projections.models import all_views
    from services.projections.scratch import ScratchReplays

    region = manifest.region
    ref, middle = long
    answer: dict[str, Any] = {}
    times = []
    for _ in range(sizes.repeats):
        started = time.perf_counter()
        state = state_at(backend.application(region.id), region.id, ref, at=middle)
        times.append(time.perf_counter() - started)
    answer["long stream"] = {"events": state.latest_version, "replayed_to": state.version, **stats_ms(times)}
    tenant = max(manifest.municipalities, key=lambda m: len(manifest.schools[m.id]))
    roadmap_key = manifest.roadmaps[tenant.id][0][0] if manifest.roadmaps.get(tenant.id) else None
    last = manifest.shape.first_year + manifest.shape.years - 1
    instant = datetime(last + 1, 3, 1, 12, tzinfo=MOSCOW)
    if roadmap_key:
        times = []
        for _ in range(sizes.repeats):
            started = time.perf_counter()
            state = state_at(backend.application(tenant.id), tenant.id, f"roadmap/{roadmap_key}", at=instant)
            times.append(time.perf_counter() - started)
        answer["roadmap"] = {"events": state.latest_version, "replayed_to": state.version, **stats_ms(times)}
    views = all_views()
    db = open_view_database(target.settings(), backend)
    history = HistoryCheckpoints(backend, db, views)
    started = time.perf_counter()
    taken = history.catch_up([tenant.id])
    answer["history checkpoints"] = {"tenant": tenant.id, "taken": taken,
                                     "seconds": round(time.perf_counter() - started, 2)}
    events = backend.application(tenant.id).head_position()
    try:
        for label, kept in (("whole tenant (full replay)", None), ("whole tenant", history)):
            scratch = ScratchReplays(backend, views, keep=1, history=kept)
            try:
                times = []
                for hour in range(3):
                    started = time.perf_counter()
                    scratch.store_at([tenant.id], instant + timedelta(hours=hour))
                    times.append(time.perf_counter() - started)
                answer[label] = {"tenant": tenant.id, "log_events": events, "at": instant.isoformat(),
                                 **stats_ms(times)}
            finally:
                scratch.close()
    finally:
        db.close()
    return answer


def verify_all(backend: Backend, manifest: Manifest) -> dict[str, Any]:
    from services.audit.verification import verify_tenant

    total, seconds, failed = 0, 0.0, []
    biggest: dict[str, Any] = {}
    for tenant in manifest.tenants:
        started = time.perf_counter()
        verdict = verify_tenant(backend, tenant.id)
        spent = time.perf_counter() - started
        total += verdict.checked
        seconds += spent
        if not verdict.ok:
            failed.append(tenant.id)
        if verdict.checked > biggest.get("events", 0):
            biggest = {"tenant": tenant.id, "events": verdict.checked, "seconds": round(spent, 2),
                       "events_per_s": round(verdict.checked / spent)}
    return {"events": total, "seconds": round(seconds, 1), "events_per_s": round(total / seconds),
            "failed": failed, "biggest": biggest}


def profile_executor(backend: Backend, settings: Settings, manifest: Manifest, seconds: float = 4) -> dict[str, Any]:
    """cProfile of the command handlers in this thread: where the time of a command goes."""
    from services.commands.api import AnyCommand
    from services.commands.executor import CommandExecutor

    executor = CommandExecutor(load_calendars(settings))
    chains = Chains(manifest, "prof")
    commands = 0
    profiler = cProfile.Profile()
    deadline = time.perf_counter() + seconds
    profiler.enable()
    while time.perf_counter() < deadline:
        chain = chains.next()
        app = backend.application(chain.tenant.id)
        for step, (principal, body) in enumerate(chain.steps):
            command = msgspec.convert(body, AnyCommand, strict=False)
            executor.execute(app, chain.tenant, principal, command, f"prof-{chain.code}-{step}",
                             f"{chain.code}-{step}")
            commands += 1
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    top = []
    for (filename, line, func), (_, calls, tottime, cumtime, _) in sorted(
            stats.stats.items(), key=lambda kv: -kv[1][2])[:20]:  # type: ignore[attr-defined]
        where = Path(filename)
        top.append({"function": f"{where.parent.name}/{where.name}:{line}:{func}", "calls": calls,
                    "tottime_s": round(tottime, 3), "cumtime_s": round(cumtime, 3),
                    "share": round(tottime / total, 3) if total else 0})
    return {"commands": commands, "seconds": seconds, "top_by_tottime": top}


def startup(target: Target, tenants: int) -> dict[str, Any]:
    """Provision `tenants` tenants, then time the server's start and the projector's first pass."""
    directory = target.directory / "many"
    directory.mkdir()
    many = Target(target.kind, directory, target.pg_url, target.schema + "_t", target.cluster)
    if many.kind == "postgres":
        make_schema(many.pg_url, many.schema)
    backend = many.open()
    region = Tenant("bench-t", "region", "bench-t", "Регион с многими районами")
    ids = [region] + [Tenant(f"bench-t-m{i:04d}", "municipality", "bench-t", f"Район {i}")
                      for i in range(tenants - 1)]
    started = time.perf_counter()
    for tenant in ids:
        backend.provision(tenant)
    provision = time.perf_counter() - started
    backend.close()
    many_tokens = Tokens(many.settings().dev_key_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = directory / "logs"
    logs.mkdir()
    server = Proc("server", ["serve"], many.env(port), logs / "server.log")
    answer: dict[str, Any] = {"tenants": tenants, "provision_s": round(provision, 1)}
    projector = None
    try:
        answer["server_ready_s"] = round(wait_http(base, timeout=600), 2)
        answer["server_rss_idle_mb"] = server.rss_mb()
        started = time.perf_counter()

        async def touch_all() -> None:
            limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
            async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
                queue = list(ids[1:])

                async def worker() -> None:
                    while queue:
                        tenant = queue.pop()
                        headers = {"Authorization": f"Bearer {many_tokens(officer(tenant))}"}
                        response = await client.post(f"/api/v1/tenants/{tenant.id}/commands", headers=headers,
                                                     json={"type": "register_school", "school": "s-1", "name": "Школа"})
                        if response.status_code != 201:
                            raise RuntimeError(f"{tenant.id}: {response.status_code} {response.text[:200]}")
                await asyncio.gather(*(worker() for _ in range(16)))
        asyncio.run(touch_all())
        answer["one_command_per_tenant_s"] = round(time.perf_counter() - started, 1)
        answer["server_rss_all_tenants_open_mb"] = server.rss_mb()
        answer["server_peak_rss_mb"] = server.peak_rss_mb()
        # Started only now: a server and a projector opening the same fresh PostgreSQL tenant at
        # once race on its CREATE ... IF NOT EXISTS (seen as "tuple concurrently updated").
        started = time.perf_counter()
        projector = Proc("projector", ["project"], many.env(port), logs / "projector.log")
        check = many.open()
        try:
            # The heads are known (one event each): opening every tenant here would race the projector.
            wait_projected(many, check, 900, {t.id: 1 for t in ids[1:]})
            answer["projector_caught_up_s"] = round(time.perf_counter() - started, 1)
        finally:
            check.close()
        answer["projector_peak_rss_mb"] = projector.peak_rss_mb()
        return answer
    finally:
        server.stop()
        if projector is not None:
            projector.stop()


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        memory = 0
    from importlib.metadata import version

    return {"cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)), "cpu": model,
            "memory_gb": round(memory / 1024 / 1024, 1), "python": sys.version.split()[0],
            "sqlite": sqlite3.sqlite_version, "eventsourcing": version("eventsourcing"),
            "server": "one uvicorn process (cascade serve), projector in its own process (cascade project)"}


def add_run_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of `python -m bench run` (and of `python -m bench.run`)."""
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    size.add_argument("--full", action="store_true", help="the ~1M-event region: well over 15 minutes")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one backend only")
    parser.add_argument("--profile", action="store_true", help="cProfile the command handlers")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the report goes")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (stores, logs)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    return run_benchmarks(add_run_arguments(parser).parse_args(argv))


def run_benchmarks(args: argparse.Namespace) -> int:
    """Every phase on each backend, then the report in `args.out`."""
    sizes = QUICK if args.quick else FULL if args.full else DEFAULT
    from cascade.logging import configure_logging

    configure_logging("console", "WARNING")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.perf_counter()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results: dict[str, Any] = {"started": stamp, "sizes": sizes.__dict__, "machine": machine(), "backends": {}}
    work = Path(tempfile.mkdtemp(prefix="cascade-bench-"))
    try:
        for kind in ("postgres", "sqlite"):
            if args.only and kind != args.only:
                continue
            print(f"benchmarking {kind} ({sizes.name})", file=sys.stderr, flush=True)
            try:
                results["backends"][kind] = bench_backend(kind, sizes, work, args.profile or args.quick)
            except Exception as error:  # e.g. no PostgreSQL: say so in the report
                traceback.print_exc()
                results["backends"][kind] = {"backend": kind, "not_measured": [f"everything: {error}"]}
        if not args.only or args.only == "sqlite":
            from bench.pages import page_timings

            print("benchmarking the pages (demo data)", file=sys.stderr, flush=True)
            try:
                results["pages"] = page_timings(work, 20 if args.quick else 50)
            except Exception:
                traceback.print_exc()
    finally:
        if args.keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    md, js = write_report(results, args.out, stamp)
    print(md.read_text())
    print(f"report: {md}\n        {js}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
