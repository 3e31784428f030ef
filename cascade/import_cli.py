"""`cascade import results|schools FILE`: the region's results (004 §3.2) and a municipality's
school list from CSV or XLSX, on the import machinery of the API (services/imports/, docs/imports.md).

Without --confirm a file is a dry run: every row with what it would write and every bad cell named
in Russian (row, column, reason), nothing written. With --confirm the good rows are written under
one correlation id and the file recorded once (`FileImport.Recorded`); the same file again writes
nothing. Exit codes: 0 every row good, 1 some rows refused (the others are written when
confirmed), 2 the file cannot be read or the tenant is not of the right kind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from domain.base import DomainError
from domain.roles import MUNICIPAL_OFFICER, REGION_OPERATOR

RESULT_ACTIONS = {"new": "новое значение", "update": "новое значение вместо записанного",
                  "unchanged": "без изменений", "refused": "не будет записана"}


def _print_results(answer: Any) -> None:
    for row in answer.lines:
        print(f"Строка {row.row}: {row.municipality} {row.school} {row.year} {row.indicator} = {row.value} — "
              f"{RESULT_ACTIONS[row.action]}")
    for error in answer.errors:
        print(error, file=sys.stderr)
    print(f"новых значений: {answer.new}, изменённых: {answer.updated}, без изменений: {answer.unchanged}, "
          f"с ошибками: {answer.refused}")


def _finish(answer: Any) -> int:
    if answer.confirmed:
        print(f"записано событий: {answer.events_written}, correlation id {answer.correlation_id}")
    else:
        print("пробный прогон: ничего не записано (запишет --confirm)")
    return 1 if answer.refused else 0


def cmd_import_results(args: argparse.Namespace) -> int:
    """The region's ГИА / ВПР results and context index per school and year (004 §3.2): a dry run,
    or with --confirm the import."""
    from cascade.app import load_calendars, open_backend
    from cascade.settings import settings_or_exit
    from services.auth import Principal
    from services.commands.executor import CommandExecutor
    from services.imports.run import import_results
    from services.imports.table import TableError

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as error:
        print(f"{path}: файл не прочитан: {error.strerror or error}", file=sys.stderr)
        return 2
    settings = settings_or_exit()
    backend = open_backend(settings)
    try:
        tenant = backend.registry.get(args.region)
        if tenant is None or tenant.kind != "region":
            print(f"{args.region}: это не регион", file=sys.stderr)
            return 2
        executor = CommandExecutor(load_calendars(settings), logs=backend.application)
        actor = Principal(args.subject, REGION_OPERATOR, tenant.region_id)
        try:
            answer = import_results(executor, backend.application(tenant.id), tenant, actor, content,
                                    args.source or path.name, args.confirm)
        except (TableError, DomainError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 2
        _print_results(answer)
        return _finish(answer)
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
        return _finish(answer)
    finally:
        backend.close()


def add_import_parser(subparsers: Any) -> None:
    imports = subparsers.add_parser("import", help="import data from files")
    kinds = imports.add_subparsers(dest="what", required=True)
    results = kinds.add_parser("results", help=cmd_import_results.__doc__)
    results.add_argument("file", help="CSV or XLSX file, one value per row (columns of docs/imports.md)")
    results.add_argument("--region", required=True, help="the region tenant, e.g. ru-38")
    results.add_argument("--confirm", action="store_true", help="write the good rows (default: dry run)")
    results.add_argument("--source", default="", help="source recorded with each value (default: file name)")
    results.add_argument("--subject", default="cli:import", help="who imports (recorded as the actor)")
    results.set_defaults(func=cmd_import_results)
    schools = kinds.add_parser("schools", help=cmd_import_schools.__doc__)
    schools.add_argument("file", help="XLSX or CSV with the columns of docs/imports.md")
    schools.add_argument("--tenant", required=True, help="the municipality, e.g. ru-16-kaybitsy")
    schools.add_argument("--confirm", action="store_true", help="write the good rows (default: dry run)")
    schools.add_argument("--subject", default="cli:import", help="who imports (recorded as the actor)")
    schools.set_defaults(func=cmd_import_schools)
