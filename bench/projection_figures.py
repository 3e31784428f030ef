"""Projection lag (command answered -> view updated) and rebuild speed on PostgreSQL.

Run: .venv/bin/python -m bench.projection_figures [--commands 300] [--schools 20000]
Uses CASCADE_BENCH_PG_URL, or starts a throwaway cluster on loopback.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import threading
import time
from tempfile import mkdtemp

import httpx
import uvicorn

from cascade.app import create_app, open_read_side
from cascade.pgcluster import ThrowawayCluster, wait_until_accepting
from cascade.settings import Settings
from domain.base import Actor, Provenance
from domain.school import School
from services.auth import Principal, ensure_development_key, mint_token
from services.projections.rebuild import rebuild
from tenants.backends import PostgresBackend
from tenants.registry import Tenant


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(url: str, commands: int, schools: int, municipalities: int) -> dict[str, object]:
    backend = PostgresBackend(url, pool_size=8)
    tenants = [Tenant("ru-99", "region", "ru-99", "Бенчмарк")] + [
        Tenant(f"ru-99-m{i}", "municipality", "ru-99", f"Район {i}") for i in range(municipalities)
    ]
    for tenant in tenants:
        backend.provision(tenant)
    settings = Settings(data_dir=mkdtemp(prefix="cascade-bench-"))
    app = create_app(settings, backend=backend, projector=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    read = app.state.services.read
    key = ensure_development_key(settings.dev_key_path)
    lags: list[float] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for i in range(commands):
                tenant = tenants[1 + i % municipalities].id
                token = mint_token(key, Principal("bench", "municipal_officer", "ru-99", tenant))
                response = client.post(
                    f"/api/v1/tenants/{tenant}/commands",
                    json={"type": "register_school", "school": f"s-{i}", "name": f"Школа {i}"},
                    headers={"Authorization": f"Bearer {token}"},
                )
                answered = time.perf_counter()
                position = response.json()["position"]
                deadline = answered + 30
                while True:
                    generations = [read.store.ensure_live(type(v)) for v in read.views]
                    reached = min(
                        read.store.positions(type(v), g).get(tenant, 0)
                        for v, g in zip(read.views, generations, strict=True)
                    )
                    if reached >= position or time.perf_counter() > deadline:
                        break
                    time.sleep(0.001)
                lags.append((time.perf_counter() - answered) * 1000)
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    # Rebuild speed: a larger log, written in bulk through the domain, then each view rebuilt.
    read = open_read_side(settings, backend)  # the server closed its own on shutdown
    tenant = tenants[1].id
    app_log = backend.application(tenant)
    meta = Provenance(tenant, Actor("bench", "municipal_officer", tenant), "bench")
    for start in range(0, schools, 500):
        app_log.save(*[School.register(meta, f"bulk-{i}", f"Школа {i}") for i in range(start, min(start + 500, schools))])
    from services.projections.runner import ProjectionRunner

    ProjectionRunner(backend, read.store, read.views).run_once()
    total_events = sum(backend.application(t.id).recorder.max_notification_id() or 0 for t in tenants)
    started = time.perf_counter()
    raw = 0
    for t in tenants:
        log = backend.application(t.id)
        after = 0
        while batch := log.recorder.select_notifications(start=after, limit=500, inclusive_of_start=False):
            raw += sum(1 for n in batch if log.mapper.to_domain_event(n))
            after = batch[-1].id
    raw_seconds = time.perf_counter() - started
    rebuilds = {}
    for view in read.views:
        report = rebuild(backend, read.store, view)
        rebuilds[view.name] = round(report.events_per_second)
    from services.audit.verification import verify_tenant

    started = time.perf_counter()
    verdict = verify_tenant(backend, tenant)
    verify_seconds = time.perf_counter() - started
    read.store.db.close()
    backend.close()
    return {
        "commands": commands,
        "lag_ms_median": round(statistics.median(lags), 2),
        "lag_ms_p99": round(percentile(lags, 0.99), 2),
        "events_in_store": total_events,
        "read_and_decode_events_per_s": round(raw / raw_seconds),
        "rebuild_events_per_s": rebuilds,
        "verified_events": verdict.checked,
        "verify_ok": verdict.ok,
        "verify_events_per_s": round(verdict.checked / verify_seconds),
        "cores": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=300)
    parser.add_argument("--schools", type=int, default=20_000)
    parser.add_argument("--municipalities", type=int, default=10)
    args = parser.parse_args()
    import logging

    from cascade.logging import configure_logging

    configure_logging("console", "WARNING")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    url = os.environ.get("CASCADE_BENCH_PG_URL")
    cluster = None
    if not url:
        cluster = ThrowawayCluster()
        url = cluster.start()
    try:
        wait_until_accepting(url)
        figures = measure(url, args.commands, args.schools, args.municipalities)
    finally:
        if cluster:
            cluster.stop()
    for name, value in figures.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
