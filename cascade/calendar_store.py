"""Reading the production calendars and writing a region's override table (files, no events).

- `domain/data/calendar_overrides.json` (or CASCADE_CALENDAR_FILE): the federal transfer decrees;
- `domain/data/regions.json`: each region's own non-working days (domain/regional_calendar.py);
- `<CASCADE_CALENDAR_DIR>/<region>.json`: the region's override table, written only by
  `cascade calendar set-days`. Each write validates the whole table first, bumps `version`,
  keeps the previous file as `<region>.v<N>.json` and replaces the file atomically (write a
  temporary file, fsync, rename), so a reader sees the old table or the new one, never a mix.

The server and the projector read all three at start-up: restart them after a change, and run
`cascade rebuild schedule` so that rows computed before show the new dates.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from domain.base import InvalidValue
from domain.calendar import parse_overrides
from domain.regional_calendar import CalendarBook, parse_regions

DATA = Path(__file__).resolve().parent.parent / "domain" / "data"
BUNDLED_CALENDAR = DATA / "calendar_overrides.json"
BUNDLED_REGIONS = DATA / "regions.json"
_REGION_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_VERSIONED = re.compile(r"\.v\d+$")


def region_file(directory: Path, region: str) -> Path:
    """Where a region's override table lives; refuses ids that are not plain tenant ids."""
    if not _REGION_ID.match(region):
        raise InvalidValue("region", f"{region!r} is not a region id such as ru-16")
    return directory / f"{region}.json"


def read_region_table(directory: Path, region: str) -> dict[str, Any]:
    """The region's override file as stored: {"region", "version", "written_at", "years"}."""
    path = region_file(directory, region)
    if not path.exists():
        return {"region": region, "version": 0, "years": {}}
    table = json.loads(path.read_text(encoding="utf-8"))
    parse_overrides(table.get("years", {}))
    return table


def write_region_year(directory: Path, region: str, year: int, entry: dict[str, Any]) -> dict[str, Any]:
    """Replace one year of the region's table (an empty entry removes the year); the new table."""
    table = read_region_table(directory, region)
    years = dict(table.get("years", {}))
    if entry.get("days_off") or entry.get("working_days"):
        years[str(year)] = entry
    else:
        years.pop(str(year), None)
    parse_overrides(years)
    new = {
        "region": region, "version": int(table.get("version", 0)) + 1,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"), "years": years,
    }
    directory.mkdir(parents=True, exist_ok=True)
    path = region_file(directory, region)
    if path.exists():
        path.replace(directory / f"{region}.v{table.get('version', 0)}.json")
    temporary = directory / f".{region}.json.tmp"
    with temporary.open("w", encoding="utf-8") as out:
        json.dump(new, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)
    return new


def region_overrides(directory: Path) -> dict[str, dict[str, Any]]:
    """Every region's current override table (the `.v<N>` copies are history, not read)."""
    if not directory.is_dir():
        return {}
    tables = {}
    for path in sorted(directory.glob("*.json")):
        if not _VERSIONED.search(path.stem) and _REGION_ID.match(path.stem):
            tables[path.stem] = read_region_table(directory, path.stem).get("years", {})
    return tables


def load_calendar_book(calendar_file: str, directory: Path) -> CalendarBook:
    """The calendars of every region: federal decrees, the regions' own days, their overrides."""
    federal = Path(calendar_file) if calendar_file else BUNDLED_CALENDAR
    return CalendarBook(
        json.loads(federal.read_text(encoding="utf-8")),
        parse_regions(json.loads(BUNDLED_REGIONS.read_text(encoding="utf-8"))),
        region_overrides(directory),
    )


def bundled_calendars() -> CalendarBook:
    """The calendars as shipped: bundled federal decrees and regions, no operator overrides."""
    return CalendarBook(
        json.loads(BUNDLED_CALENDAR.read_text(encoding="utf-8")),
        parse_regions(json.loads(BUNDLED_REGIONS.read_text(encoding="utf-8"))),
    )
