"""`python -m bench generate|run`: a synthetic region in the configured store, and the benchmarks.

The benchmark has its own entry point so that the product (`cascade/`) never imports it; run it
from a checkout (the `bench` package is not installed), as `make bench` does.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from cascade.settings import Settings, settings_or_exit


def _settings() -> Settings:
    """CASCADE_* settings as every command reads them; CASCADE_BENCH_* belong to the benchmarks."""
    return settings_or_exit({k: v for k, v in os.environ.items() if not k.startswith("CASCADE_BENCH_")})


def cmd_generate(args: argparse.Namespace) -> int:
    """Write a synthetic region (deterministic from --seed) into the configured store."""
    from bench.generate import Shape, generate
    from cascade.app import load_calendars, open_backend

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
        manifest = generate(backend, shape, load_calendars(settings).federal, batch=args.batch, progress=progress)
    except RuntimeError as error:
        print(f"bench: {error}", file=sys.stderr)
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


def cmd_run(args: argparse.Namespace) -> int:
    """Run the benchmarks (as `make bench`); the report goes to bench/results/."""
    from bench.run import run_benchmarks

    return run_benchmarks(args)


def cmd_pages(args: argparse.Namespace) -> int:
    """Only the pages' server time and first-load weight on the demo data (part of `run`)."""
    from bench.pages import main as pages_main

    return pages_main(args.repeats)


def _add_generate_parser(actions) -> None:
    generate = actions.add_parser("generate", help=cmd_generate.__doc__)
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
    generate.set_defaults(func=cmd_generate)


def build_parser() -> argparse.ArgumentParser:
    from bench.run import add_run_arguments

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    actions = parser.add_subparsers(dest="action", required=True)
    _add_generate_parser(actions)
    add_run_arguments(actions.add_parser("run", help=cmd_run.__doc__)).set_defaults(func=cmd_run)
    pages = actions.add_parser("pages", help=cmd_pages.__doc__)
    pages.add_argument("--repeats", type=int, default=50, help="fetches of each page")
    pages.set_defaults(func=cmd_pages)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
