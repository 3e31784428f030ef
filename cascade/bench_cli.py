"""`cascade bench generate|run`: a synthetic region in the configured store, and the benchmarks.

The `bench` package lives beside `cascade/` in the source tree (it is not installed): these
commands work from a checkout, as `make bench` does.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _bench_importable() -> None:
    """Make the source tree's `bench` package importable from the installed `cascade` script."""
    if (_ROOT / "bench" / "generate.py").exists() and str(_ROOT) not in sys.path:
        sys.path.insert(0, str(_ROOT))


def _settings():
    """CASCADE_* settings as every command reads them; CASCADE_BENCH_* belong to the benchmarks."""
    from cascade.settings import ConfigurationError, load_settings

    environ = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_BENCH_")}
    try:
        return load_settings(environ)
    except ConfigurationError as error:
        sys.exit(f"cascade: {error}")


def cmd_bench_generate(args: argparse.Namespace) -> int:
    """Write a synthetic region (deterministic from --seed) into the configured store."""
    _bench_importable()
    from bench.generate import Shape, generate
    from cascade.app import load_calendar, open_backend

    settings = _settings()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    shape = Shape(seed=args.seed, municipalities=args.municipalities, schools=args.schools,
                  years=args.years, scale=args.scale, first_year=args.first_year, region=args.region)
    print(f"generating region {shape.region_id}: {shape.sized_municipalities} municipalities, "
          f"{shape.sized_schools} schools, {shape.years} school years from {shape.first_year} "
          f"into {settings.store}", file=sys.stderr)

    def progress(tenant: str, events: int, seconds: float) -> None:
        if not args.quiet:
            print(f"  {tenant}: {events:,} events, {events / seconds:,.0f} events/s", file=sys.stderr)

    backend = open_backend(settings)
    try:
        manifest = generate(backend, shape, load_calendar(settings), batch=args.batch, progress=progress)
    except RuntimeError as error:
        print(f"cascade: {error}", file=sys.stderr)
        return 2
    finally:
        backend.close()
    rate = manifest.events / manifest.seconds if manifest.seconds else 0.0
    print(f"{manifest.events:,} events in {len(manifest.tenants)} tenants in {manifest.seconds:.1f} s "
          f"({rate:,.0f} events/s)")
    if args.types:
        for name, count in sorted(manifest.counts.items()):
            print(f"  {name}: {count:,}")
    return 0


def cmd_bench_run(args: argparse.Namespace) -> int:
    """Run the benchmarks (as `make bench`); the report goes to bench/results/."""
    _bench_importable()
    from bench.run import main

    return main(["--quick"] if args.quick else [])


def add_bench_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `bench generate` and `bench run` on the `cascade` command line."""
    bench = subparsers.add_parser("bench", help="synthetic data and benchmarks")
    actions = bench.add_subparsers(dest="action", required=True)
    generate = actions.add_parser("generate", help=cmd_bench_generate.__doc__)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--municipalities", type=int, default=40)
    generate.add_argument("--schools", type=int, default=1500)
    generate.add_argument("--years", type=int, default=5, help="school years of activity")
    generate.add_argument("--scale", type=float, default=1.0,
                          help="shrink or grow the region (schools, municipalities); 1.0: ~1M events")
    generate.add_argument("--first-year", type=int, default=2021, help="first school year (autumn)")
    generate.add_argument("--region", default="", help="region tenant id (default bench-SEED)")
    generate.add_argument("--batch", type=int, default=1000, help="events per save")
    generate.add_argument("--types", action="store_true", help="print the count of each event type")
    generate.add_argument("--quiet", action="store_true", help="no progress per tenant")
    generate.set_defaults(func=cmd_bench_generate)
    run = actions.add_parser("run", help=cmd_bench_run.__doc__)
    run.add_argument("--quick", action="store_true", help="small sizes, a few minutes")
    run.set_defaults(func=cmd_bench_run)
