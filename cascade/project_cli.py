"""`cascade project` and `cascade rebuild VIEW`: run the projections, rebuild one view."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack, closing
from typing import Any

from cascade.settings import settings_or_exit


def cmd_project(args: argparse.Namespace) -> int:
    """Run the projections: catch up every tenant, then follow (or stop with --once)."""
    from cascade.app import open_notary, opened_stores
    from cascade.checkpoint_process import CheckpointProcess
    from cascade.logging import configure_logging
    from cascade.placed import server_sides
    from cascade.startup import database_or_exit
    from services.audit.schedule import PeriodicCheckpoints
    from services.observability.tracing import configure_tracing
    from services.projections.runner import ProjectionRunner
    from tenants.changes import change_feed

    settings = settings_or_exit()
    configure_logging(settings.log_format, settings.log_level)
    configure_tracing("cascade-projector")
    if (code := database_or_exit(settings)) is not None:
        return code
    with opened_stores(settings) as (backend, read), ExitStack() as running:  # closed in reverse
        sides = server_sides(backend, read)  # regions on several servers: one runner per server
        feeds = [running.enter_context(closing(change_feed(server))) for server, _ in sides]
        runners = [ProjectionRunner(server, side.store, side.views, feed)
                   for (server, side), feed in zip(sides, feeds, strict=True)]
        for runner in runners:
            running.callback(runner.stop)
        if args.once or args.retry_parked or settings.checkpoint_interval <= 0:
            checkpoints: Any = PeriodicCheckpoints(backend, 0, open_notary(settings))  # none taken
        else:  # beside the runner, not in its process: they would hold the GIL it needs
            checkpoints = CheckpointProcess()
        running.callback(checkpoints.stop)
        try:
            if args.retry_parked:
                from services.projections.parking import retry_parked

                reports = [retry_parked(server, side.store, side.views) for server, side in sides]
                for report in reports:
                    print(report.summary(), file=sys.stderr)
                return 1 if any(report.still_parked for report in reports) else 0
            if args.once:
                print(f"projected {sum(project_once(runner) for runner in runners)} events", file=sys.stderr)
            else:
                serve_metrics(settings, backend, read)
                checkpoints.start()
                follow(runners)
        except KeyboardInterrupt:
            pass
    return 0


def follow(runners: list[Any]) -> None:
    """Follow the logs: the first runner here, each other server's in a thread of its own."""
    import threading

    for runner in runners[1:]:
        threading.Thread(target=runner.run_forever, name="projector", daemon=True).start()
    runners[0].run_forever()


def starts(backend: Any, positions: list[dict[str, int]]) -> dict[str, int]:
    """Per tenant, the least position its views have read (where a run starts reading)."""
    return {t.id: min((p.get(t.id, 0) for p in positions), default=0) for t in backend.registry.all()}


def with_progress(label: str, backend: Any, begin: dict[str, int], run: Any) -> Any:
    """Run `run(on_progress)` under a bar of the events between `begin` and each log's head."""
    from cascade.progress import Positions, progress

    heads = {tenant: backend.application(tenant).head_position() for tenant in begin}
    total = sum(max(heads[t] - begin[t], 0) for t in begin)
    with progress(label, total) as advance:
        meters = {tenant: Positions(advance, start) for tenant, start in begin.items()}
        return run(lambda tenant, last: meters.setdefault(tenant.id, Positions(advance)).reached(last))


def project_once(runner: Any) -> int:
    """Catch every view up to the head of every log, with a progress bar on a terminal."""
    positions = [runner.store.positions(type(t.view), t.generation) for t in runner.targets()]

    def run(on_progress: Any) -> int:
        runner.on_progress = on_progress
        return runner.run_once()

    return with_progress("projecting", runner.backend, starts(runner.backend, positions), run)


def serve_metrics(settings: Any, backend: Any, read: Any) -> Any:
    """The projector's own /metrics (positions, lags, parked events, pools) on CASCADE_METRICS_PORT;
    the HTTP server (a daemon thread), or None when the port is 0."""
    if settings.metrics_port <= 0:
        return None
    from prometheus_client import start_http_server

    from services.observability.setup import process_metrics

    metrics = process_metrics(backend, read.store, read.views)
    server, _ = start_http_server(settings.metrics_port, addr=settings.host, registry=metrics.registry)
    print(f"projector metrics on http://{settings.host}:{settings.metrics_port}/metrics", file=sys.stderr)
    return server


def cmd_rebuild(args: argparse.Namespace) -> int:
    """Rebuild one view from the start of every log while the old copy keeps serving."""
    from cascade.app import opened_stores
    from cascade.placed import server_sides
    from services.projections.rebuild import rebuild

    settings = settings_or_exit()
    with opened_stores(settings) as (backend, read):
        views = {view.name: view for view in read.views}
        if args.view not in views:
            print(f"cascade: unknown view {args.view!r}; views: {', '.join(sorted(views))}", file=sys.stderr)
            return 2
        for server, side in server_sides(backend, read):  # each server's views from its own logs
            report = with_progress(f"rebuilding {args.view}", server, starts(server, [{}]),
                                   lambda on_progress, server=server, side=side: rebuild(
                                       server, side.store, views[args.view], on_progress=on_progress))
            print(
                f"rebuilt {report.view}: generation {report.generation} replaces {report.replaced}; "
                f"{report.events} events in {report.seconds:.2f} s ({report.events_per_second:,.0f} events/s)"
            )
        return 0


def add_project_parsers(subparsers: Any) -> None:
    """Register `project` and `rebuild` on the `cascade` parser."""
    project = subparsers.add_parser("project", help=cmd_project.__doc__)
    project.add_argument("--once", action="store_true", help="catch up and exit")
    project.add_argument("--retry-parked", action="store_true",
                         help="apply parked events again (after a fix) and exit; 1 if some still fail")
    project.set_defaults(func=cmd_project)
    rebuild_parser = subparsers.add_parser("rebuild", help=cmd_rebuild.__doc__)
    rebuild_parser.add_argument("view")
    rebuild_parser.set_defaults(func=cmd_rebuild)
