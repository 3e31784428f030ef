"""The region's results per school and year (004 §3.2) on the import machinery: a dry run with
errors per cell, then the good rows as import_results commands of up to 1000 rows under one
correlation id; the same value again is nothing new (the handler's rule), so a re-upload writes 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.base import DomainError
from domain.results import ResultRow, SchoolResults, check_row
from services.commands.catalogue.results import ImportResults, ResultLine, ResultsFile
from services.imports.table import Row, read_table

COLUMNS = {name: name for name in ("municipality", "school", "school_name", "year", "indicator", "value")}
BATCH = 1000
_RU = {"must not be empty": "не заполнено", "a percentage is 0-100": "доля в процентах — от 0 до 100",
       "must be a year from 2000 to 2100": "год от 2000 до 2100",
       "must be a finite number, not negative": "неотрицательное число",
       "must be 1-80 Latin letters, digits or . _ / - (not first)":
           "код пишется латиницей, цифрами и знаками . _ / - (до 80 знаков, первым — буква или цифра)"}


@dataclass
class ResultRowPlan:
    """What a row would write: new (no value yet), update (another value supersedes the
    recorded one), unchanged (the same value: nothing written) or refused (see `error`)."""

    row: int
    municipality: str
    school: str
    year: str
    indicator: str
    value: str
    action: str
    error: str = ""


@dataclass
class ResultsPlan:
    source: str
    sha256: str
    rows: list[ResultRowPlan]
    lines: list[ResultLine]

    @property
    def errors(self) -> list[str]:
        return [r.error for r in self.rows if r.error]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def batches(self) -> list[list[ResultLine]]:
        return [self.lines[at:at + BATCH] for at in range(0, len(self.lines), BATCH)]

    def command(self, batch: list[ResultLine], last: bool, written: int, unchanged: int) -> ImportResults:
        """A batch; the last one names the file, so its import is recorded with this batch."""
        file = ResultsFile(self.sha256, len(self.rows), len(self.errors), written, unchanged) if last else None
        return ImportResults(source=self.source, rows=batch, file=file)


def _error(row: int, column: str, message: str) -> str:
    if message.startswith("must be one of "):
        message = f"неизвестный показатель; допустимы: {message.removeprefix('must be one of ')}"
    return f"Строка {row}, столбец «{column}»: {_RU.get(message, message)}"


def check_result(row: Row) -> tuple[ResultLine | None, str]:
    cells = row.cells
    if not cells["year"].isdigit():
        return None, _error(row.number, "year", f"«{cells['year']}» — год пишется цифрами")
    try:
        value = Decimal(cells["value"].replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        return None, _error(row.number, "value", f"«{cells['value']}» — не число")
    domain = ResultRow(cells["municipality"], cells["school"], cells["school_name"], int(cells["year"]),
                       cells["indicator"], value)
    try:
        check_row(domain, "row")
    except DomainError as error:
        return None, _error(row.number, (error.field or "").removeprefix("row."),
                            error.message.partition(": ")[2] or error.message)
    return ResultLine(domain.municipality, domain.school, domain.school_name, domain.year,
                      domain.indicator, domain.value), ""


Lookup = Callable[[str, str], SchoolResults | None]


def _action(line: ResultLine, lookup: Lookup, planned: dict[tuple[str, str, int, str], Decimal]) -> str:
    key = (line.municipality, line.school, line.year, line.indicator)
    if key in planned:
        before: Decimal | None = planned[key]
    else:
        found = lookup(line.municipality, line.school)
        before = None if found is None else found.values.get((line.year, line.indicator))
    planned[key] = line.value
    return "new" if before is None else "unchanged" if before == line.value else "update"


def plan_results(content: bytes, source: str, sha256: str, lookup: Lookup) -> ResultsPlan:
    """Check every row, then plan the good ones against the recorded values (`lookup`)."""
    rows, lines, planned = [], [], {}
    for row in read_table(content, COLUMNS, tuple(COLUMNS)):
        line, error = check_result(row)
        cells = [row.cells[key] for key in ("municipality", "school", "year", "indicator", "value")]
        if line is None:
            rows.append(ResultRowPlan(row.number, *cells, "refused", error))
            continue
        rows.append(ResultRowPlan(row.number, *cells, _action(line, lookup, planned)))
        lines.append(line)
    return ResultsPlan(source, sha256, rows, lines)
