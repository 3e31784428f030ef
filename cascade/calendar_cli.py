"""`cascade calendar show|set-days`: a region's production calendar and its override table.

`set-days` replaces one year of the region's override table (cascade/calendar_store.py): the
dates given are the whole correction of that year, so repeating the command is safe and a
wrong entry is fixed by writing the year again (no dates: the year's entry is removed). The
server and the projector read the tables at start-up: restart them, then `cascade rebuild
schedule` so that rows computed before show the new dates.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from typing import Any

from cascade.settings import settings_or_exit


def _year(text: str) -> int:
    """A year of the calendar: 2000 to 2100, like every business date of the service."""
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year from 2000 to 2100")
    return int(text)


def cmd_calendar_show(args: argparse.Namespace) -> int:
    """Print a region's non-working weekdays and working weekend days of a year, with sources."""
    from cascade.calendar_store import load_calendar_book, read_region_table
    from domain.base import InvalidValue

    settings = settings_or_exit()
    try:
        book = load_calendar_book(settings.calendar_file, settings.calendar_path)
        table = read_region_table(settings.calendar_path, args.region)
    except (InvalidValue, ValueError) as error:
        print(f"cascade: {error}", file=sys.stderr)
        return 2
    calendar = book.for_region(args.region)
    region = book.regions.get(args.region)
    regional = region.names(args.year) if region else {}
    override = table.get("years", {}).get(str(args.year), {})
    print(f"region {args.region}: {region.name if region else 'federal calendar only'}"
          f"; override table version {table.get('version', 0)}")
    day = date(args.year, 1, 1)
    while day.year == args.year:
        weekend = day.weekday() >= 5
        if calendar.is_day_off(day) != weekend or day in regional:
            state = "non-working" if calendar.is_day_off(day) else "working"
            state += " (weekend)" if weekend else ""
            origin = _origin(day, regional, override)
            print(f"{day.isoformat()}\t{state}\t{origin}")
        day += timedelta(days=1)
    if override:
        print(f"override {args.year}: days off {override.get('days_off', [])}, working days "
              f"{override.get('working_days', [])}, source: {override.get('source', '')}")
    return 0


def _origin(day: date, regional: dict[date, str], override: dict[str, Any]) -> str:
    """Why a date is what it is: the region's override, the region's own day, or federal."""
    iso = day.isoformat()
    if iso in override.get("days_off", ()) or iso in override.get("working_days", ()):
        return "region override"
    if day in regional:
        return f"regional: {regional[day]}"
    return "federal"


def cmd_calendar_set_days(args: argparse.Namespace) -> int:
    """Replace one year of a region's override table (validated, versioned, atomic)."""
    from cascade.calendar_store import write_region_year
    from domain.base import InvalidValue

    settings = settings_or_exit()
    entry: dict[str, Any] = {"days_off": args.non_working, "working_days": args.working}
    if args.source:
        entry["source"] = args.source
    try:
        table = write_region_year(settings.calendar_path, args.region, args.year, entry)
    except InvalidValue as error:
        print(f"cascade: {error}", file=sys.stderr)
        return 2
    print(
        f"{args.region}: override table version {table['version']} written to "
        f"{settings.calendar_path}; restart `cascade serve` / `cascade project` and run "
        "`cascade rebuild schedule`",
        file=sys.stderr,
    )
    return 0


def add_calendar_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `calendar show|set-days` on the `cascade` parser."""
    calendar = subparsers.add_parser("calendar", help="a region's production calendar")
    actions = calendar.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help=cmd_calendar_show.__doc__)
    show.add_argument("region")
    show.add_argument("--year", type=_year, required=True)
    show.set_defaults(func=cmd_calendar_show)
    set_days = actions.add_parser("set-days", help=cmd_calendar_set_days.__doc__)
    set_days.add_argument("region")
    set_days.add_argument("--year", type=_year, required=True)
    set_days.add_argument("--non-working", nargs="*", default=[], metavar="YYYY-MM-DD")
    set_days.add_argument("--working", nargs="*", default=[], metavar="YYYY-MM-DD")
    set_days.add_argument("--source", default="", help="the decree, e.g. «Указ Президента РТ от ... № ...»")
    set_days.set_defaults(func=cmd_calendar_set_days)
    return calendar
