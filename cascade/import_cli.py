"""`cascade import results FILE`: regional results (004 §3.2) from CSV or XLSX, batch by batch.

The file has one value per row, with a header row naming the columns `municipality`, `school`,
`school_name`, `year`, `indicator`, `value` (domain.results lists the indicators). Every row
of a batch goes in one `import_results` command: a wrong row refuses its batch, named by its
row and column in the file, and nothing of the batch is written.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path
from typing import Any

from domain.base import DomainError
from domain.roles import MUNICIPAL_OFFICER, REGION_OPERATOR

COLUMNS = ("municipality", "school", "school_name", "year", "indicator", "value")
#: Rows per command: the command's own limit.
BATCH = 1000


class FileError(ValueError):
    """A file that cannot be read as a results table, naming the row and column."""


def read_table(path: Path) -> list[dict[str, str]]:
    """The data rows of a CSV (UTF-8, `,` or `;`) or XLSX file, as text keyed by column.

    The same reader as the school list's import (services/imports/table.py).
    """
    from services.imports.table import TableError
    from services.imports.table import read_table as read_rows

    try:
        rows = read_rows(path.read_bytes(), {name: name for name in COLUMNS}, COLUMNS)
    except TableError as error:
        raise FileError(str(error)) from None
    return [row.cells for row in rows]


def to_line(row: dict[str, str], number: int) -> dict[str, Any]:
    """A row as the command's `rows` item; the year must be a whole number."""
    year = row.get("year", "")
    if not year.isdigit():
        raise FileError(f"row {number}, column year: must be a whole number, not {year!r}")
    return {"municipality": row["municipality"], "school": row["school"],
            "school_name": row["school_name"], "year": int(year), "indicator": row["indicator"],
            "value": row["value"].replace(",", ".")}


def file_row(field: str | None, start: int) -> str:
    """«rows[3].value» of a batch starting at file row `start` -> «row 5, column value»."""
    if field and field.startswith("rows["):
        index, _, column = field[5:].partition("].")
        if index.isdigit():
            return f"row {start + int(index)}, column {column}"
    return f"field {field}"


def _validation(message: str, start: int) -> str:
    """msgspec's «... - at `$.rows[3].value`» -> «row 5, column value: ...»."""
    text, _, where = message.rpartition(" - at `$.")
    if not text:
        return message
    return f"{file_row(where.rstrip('`'), start)}: {text}"


def cmd_import_results(args: argparse.Namespace) -> int:
    """Import ГИА / ВПР results and the context index into a region tenant (004 §3.2)."""
    import msgspec

    from cascade.app import load_calendars, open_backend
    from cascade.settings import settings_or_exit
    from services.auth import Principal
    from services.commands.api import AnyCommand
    from services.commands.executor import CommandExecutor

    path = Path(args.file)
    try:
        table = read_table(path)
        lines = [to_line(row, number) for number, row in enumerate(table, start=2)]
    except (FileError, OSError, UnicodeDecodeError, csv.Error) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    settings = settings_or_exit()
    backend = open_backend(settings)
    try:
        tenant = backend.registry.get(args.region)
        if tenant is None or tenant.kind != "region":
            print(f"{args.region}: not a region tenant", file=sys.stderr)
            return 2
        executor = CommandExecutor(load_calendars(settings), logs=backend.application)
        actor = Principal(args.subject, REGION_OPERATOR, tenant.region_id)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        source = args.source or path.name
        for first in range(0, len(lines), BATCH):
            body = {"type": "import_results", "source": source, "rows": lines[first:first + BATCH]}
            try:
                command = msgspec.convert(body, AnyCommand, strict=False)
                executor.execute(backend.application(tenant.id), tenant, actor, command,
                                 correlation_id=f"import-{digest}", idempotency_key=f"import-{digest}-{first}")
            except msgspec.ValidationError as error:
                print(f"{path}: {_validation(str(error), first + 2)}", file=sys.stderr)
                return 2
            except DomainError as error:
                print(f"{path}: {file_row(error.field, first + 2)}: {error.message}", file=sys.stderr)
                return 2
        print(f"imported {len(lines)} values from {path} into {tenant.id}")
        return 0
    finally:
        backend.close()


ACTION_RU = {"new": "новая школа", "update": "обновление сведений", "unchanged": "без изменений",
             "refused": "не будет записана"}


def _print_plan(answer: Any) -> None:
    for row in answer.rows:
        print(f"Строка {row.row}: {row.school} {row.name} — {ACTION_RU[row.action]}")
    for error in answer.errors:
        print(error, file=sys.stderr)
    print(f"новых: {answer.new}, обновлений: {answer.updated}, без изменений: {answer.unchanged}, "
          f"с ошибками: {answer.refused}")


def cmd_import_schools(args: argparse.Namespace) -> int:
    """A municipality's school list from XLSX or CSV: a dry run, or with --confirm the import."""
    from cascade.app import load_calendars, open_backend
    from cascade.settings import settings_or_exit
    from services.auth import Principal
    from services.commands.executor import CommandExecutor
    from services.imports.run import import_schools
    from services.imports.table import TableError

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    settings = settings_or_exit()
    backend = open_backend(settings)
    try:
        tenant = backend.registry.get(args.tenant)
        if tenant is None or tenant.kind != "municipality":
            print(f"{args.tenant}: not a municipality tenant", file=sys.stderr)
            return 2
        executor = CommandExecutor(load_calendars(settings), logs=backend.application)
        actor = Principal(args.subject, MUNICIPAL_OFFICER, tenant.region_id, tenant.id)
        try:
            answer = import_schools(executor, backend.application(tenant.id), tenant, actor, content,
                                    path.name, args.confirm)
        except (TableError, DomainError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 2
        _print_plan(answer)
        if answer.confirmed:
            print(f"записано событий: {answer.events_written}, correlation id {answer.correlation_id}")
        else:
            print("пробный прогон: ничего не записано (запишет --confirm)")
        return 1 if answer.refused else 0
    finally:
        backend.close()


def add_import_parser(subparsers: Any) -> None:
    imports = subparsers.add_parser("import", help="import data from files")
    kinds = imports.add_subparsers(dest="what", required=True)
    results = kinds.add_parser("results", help=cmd_import_results.__doc__)
    results.add_argument("file", help="CSV or XLSX file, one value per row")
    results.add_argument("--region", required=True, help="the region tenant, e.g. ru-38")
    results.add_argument("--source", default="", help="source recorded with each value (default: file name)")
    results.add_argument("--subject", default="cli:import", help="who imports (recorded as the actor)")
    results.set_defaults(func=cmd_import_results)
    schools = kinds.add_parser("schools", help=cmd_import_schools.__doc__)
    schools.add_argument("file", help="XLSX or CSV with the columns of docs/imports.md")
    schools.add_argument("--tenant", required=True, help="the municipality, e.g. ru-16-kaybitsy")
    schools.add_argument("--confirm", action="store_true", help="write the good rows (default: dry run)")
    schools.add_argument("--subject", default="cli:import", help="who imports (recorded as the actor)")
    schools.set_defaults(func=cmd_import_schools)
