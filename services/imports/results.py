"""The region's results per school and year (004 §3.2) on the import machinery: a dry run with
errors per cell, then the good rows as import_results commands of up to 1000 rows under one
correlation id; the same value again is nothing new (the handler's rule), so a re-upload writes 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.base import DomainError
from domain.results import ResultRow, check_row
from services.commands.catalogue.results import ImportResults, ResultLine
from services.imports.table import Row, read_table

COLUMNS = {name: name for name in ("municipality", "school", "school_name", "year", "indicator", "value")}
BATCH = 1000
_RU = {"must not be empty": "не заполнено", "a percentage is 0-100": "доля в процентах — от 0 до 100",
       "must be a year from 2000 to 2100": "год от 2000 до 2100",
       "must be a finite number, not negative": "неотрицательное число"}


@dataclass
class ResultsPlan:
    source: str
    sha256: str
    rows: list[tuple[int, str]]  # (row, "" or its error)
    lines: list[ResultLine]

    @property
    def errors(self) -> list[str]:
        return [error for _, error in self.rows if error]

    def commands(self) -> list[ImportResults]:
        return [ImportResults(source=self.source, rows=self.lines[at:at + BATCH])
                for at in range(0, len(self.lines), BATCH)]


def _error(row: int, column: str, message: str) -> str:
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


def plan_results(content: bytes, source: str, sha256: str) -> ResultsPlan:
    rows, lines = [], []
    for row in read_table(content, COLUMNS, tuple(COLUMNS)):
        line, error = check_result(row)
        rows.append((row.number, error))
        if line is not None:
            lines.append(line)
    return ResultsPlan(source, sha256, rows, lines)
