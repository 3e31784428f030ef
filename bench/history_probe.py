"""History at an instant and verification against read+decode, in one run on PostgreSQL.

Run: .venv/bin/python -m bench.history_probe [--scale 0.05] [--years 1] [--profile]
Uses CASCADE_BENCH_PG_URL, or starts a throwaway cluster on loopback. The same figures as
`python -m bench run` (time travel, verify, read+decode) without the rest of the bench.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.generate import Shape, generate
from cascade.app import load_calendars, open_backend, open_view_database
from cascade.pgcluster import ThrowawayCluster, wait_until_accepting
from cascade.settings import Settings

MOSCOW = ZoneInfo("Europe/Moscow")


def read_decode(backend) -> tuple[int, float]:
    """Every event of every log read and decoded: the bench's baseline."""
    started, raw = time.perf_counter(), 0
    for tenant in backend.registry.all():
        log = backend.application(tenant.id)
        after = 0
        while batch := log.recorder.select_notifications(start=after, limit=1000, inclusive_of_start=False):
            raw += sum(1 for n in batch if log.mapper.to_domain_event(n) is not None)
            after = batch[-1].id
    return raw, time.perf_counter() - started


def verify_all(backend) -> tuple[int, float, list[str]]:
    from services.audit.verification import verify_tenant

    total, seconds, failed = 0, 0.0, []
    for tenant in backend.registry.all():
        started = time.perf_counter()
        verdict = verify_tenant(backend, tenant.id)
        seconds += time.perf_counter() - started
        total += verdict.checked
        if not verdict.ok:
            failed.append(tenant.id)
    return total, seconds, failed


def history(backend, settings, manifest, profile: bool) -> dict[str, object]:
    from services.projections.history import HistoryCheckpoints
    from services.projections.models import all_views
    from services.projections.scratch import ScratchReplays

    tenant = max(manifest.municipalities, key=lambda m: len(manifest.schools[m.id]))
    last = manifest.shape.first_year + manifest.shape.years - 1
    instant = datetime(last + 1, 3, 1, 12, tzinfo=MOSCOW)
    views = all_views(load_calendars(settings))
    db = open_view_database(settings, backend)
    answer: dict[str, object] = {"tenant": tenant.id, "log_events": backend.application(tenant.id).head_position()}
    try:
        checkpoints = HistoryCheckpoints(backend, db, views)
        started = time.perf_counter()
        answer["checkpoints_taken"] = checkpoints.catch_up([tenant.id])
        answer["catch_up_s"] = round(time.perf_counter() - started, 2)
        for label, kept in (("full replay", None), ("from checkpoint", checkpoints)):
            scratch = ScratchReplays(backend, views, keep=1, history=kept)
            try:
                times = []
                for hour in range(3 if kept is None else 7):
                    started = time.perf_counter()
                    scratch.store_at([tenant.id], instant + timedelta(hours=hour))
                    times.append(time.perf_counter() - started)
                answer[label] = {"p50_ms": round(statistics.median(times) * 1000, 1),
                                 "max_ms": round(max(times) * 1000, 1)}
                if kept is not None and profile:
                    profiler = cProfile.Profile()
                    profiler.enable()
                    scratch.store_at([tenant.id], instant + timedelta(hours=20))
                    profiler.disable()
                    out = io.StringIO()
                    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
                    answer["profile"] = out.getvalue()
            finally:
                scratch.close()
    finally:
        db.close()
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    from cascade.logging import configure_logging

    configure_logging("console", "WARNING")
    url = os.environ.get("CASCADE_BENCH_PG_URL")
    cluster = None
    if not url:
        cluster = ThrowawayCluster()
        url = cluster.start()
    try:
        wait_until_accepting(url)
        directory = Path(tempfile.mkdtemp(prefix="cascade-probe-"))
        settings = Settings(store="postgres", data_dir=str(directory), pg_url=url, pg_schema="public",
                            checkpoint_interval=0, log_level="WARNING")
        backend = open_backend(settings)
        try:
            started = time.perf_counter()
            manifest = generate(backend, Shape(seed=1, scale=args.scale, years=args.years),
                                load_calendars(settings).federal)
            print(f"generated {manifest.events} events in {time.perf_counter() - started:.1f} s")
            events, seconds = read_decode(backend)
            print(f"read+decode: {events:,} events, {events / seconds:,.0f} ev/s")
            checked, verify_seconds, failed = verify_all(backend)
            print(f"verification: {checked} events, {checked / verify_seconds:,.0f} ev/s, "
                  f"{(checked / verify_seconds) / (events / seconds):.2f}x read+decode, failed {failed}")
            events2, seconds2 = read_decode(backend)
            print(f"read+decode again: {events2 / seconds2:,.0f} ev/s; verification "
                  f"{(checked / verify_seconds) / (events2 / seconds2):.2f}x of it")
            answer = history(backend, settings, manifest, args.profile)
            profile = answer.pop("profile", None)
            print("history:", answer)
            if profile:
                print(profile)
        finally:
            backend.close()
            shutil.rmtree(directory, ignore_errors=True)
    finally:
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
