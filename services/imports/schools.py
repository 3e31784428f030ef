"""The municipality's school list (docs/imports.md): Russian headers, checked cell by cell.

Columns: «Код» and «Наименование» (required), «Краткое название», «Адрес», «Директор»,
«Категории» (ШНОР, ШФНСУ, школа-лидер, центр сетевого взаимодействия, базовая площадка;
separated by `;` or `,`). A row with an error is named by its row and column and left out; the
others are planned against what the tenant has registered: new, updated or unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec

from domain.base import KEY_PATTERN
from domain.school import School
from services.commands.catalogue.partnership import Person
from services.commands.catalogue.school_import import ImportSchools, SchoolLine, unchanged
from services.imports.table import Row, read_table

COLUMNS = {"Код": "school", "Наименование": "name", "Краткое название": "short_name", "Адрес": "address",
           "Директор": "director", "Категории": "categories"}
HEADERS = {key: header for header, key in COLUMNS.items()}
REQUIRED = ("school", "name")
CATEGORIES = {"шнор": "low_results", "шфнсу": "adverse_conditions", "школа-лидер": "leader_school",
              "центр сетевого взаимодействия": "network_centre", "базовая площадка": "base_support_site"}
MAX_LINE = 300
_KEY = re.compile(KEY_PATTERN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
Action = str  # "new" | "update" | "unchanged" | "refused"


@dataclass
class RowPlan:
    """What a row of the file would write, or why it is refused (Russian, per cell)."""

    row: int
    school: str
    name: str
    action: Action
    errors: list[str] = field(default_factory=list)


def cell_error(row: int, key: str, message: str) -> str:
    return f"Строка {row}, столбец «{HEADERS[key]}»: {message}"


def _line_errors(row: Row) -> list[str]:
    errors = []
    for key in COLUMNS.values():
        value = row.cells.get(key, "")
        if key in REQUIRED and not value:
            errors.append(cell_error(row.number, key, "не заполнено"))
        elif len(value) > MAX_LINE:
            errors.append(cell_error(row.number, key, f"длиннее {MAX_LINE} знаков"))
        elif _CONTROL.search(value):
            errors.append(cell_error(row.number, key, "содержит перевод строки или управляющий знак"))
    code = row.cells.get("school", "")
    if code and not _KEY.match(code):
        errors.append(cell_error(row.number, "school", f"«{code}» — код пишется латиницей, цифрами и "
                                 "знаками . _ / - (до 80 знаков, первым — буква или цифра)"))
    return errors


def _categories(row: Row) -> tuple[list[str], list[str]]:
    found, errors = [], []
    for label in re.split(r"[;,]", row.cells.get("categories", "")):
        label = label.strip()
        if not label:
            continue
        code = CATEGORIES.get(label.lower().replace("ё", "е"))
        if code is None:
            errors.append(cell_error(row.number, "categories", f"неизвестная категория «{label}»; "
                                     "допустимы: ШНОР, ШФНСУ, школа-лидер, центр сетевого "
                                     "взаимодействия, базовая площадка"))
        elif code not in found:
            found.append(code)
    return found, errors


def check_row(row: Row) -> tuple[SchoolLine | None, list[str]]:
    """The row as a command line, or its errors (one per cell)."""
    errors = _line_errors(row)
    categories, wrong = _categories(row)
    errors += wrong
    if errors:
        return None, errors
    cells = row.cells
    director = Person(cells["director"], "директор") if cells.get("director") else None
    line = SchoolLine(cells["school"], cells["name"], cells.get("short_name", ""), cells.get("address", ""),
                      director, categories)  # type: ignore[arg-type]
    try:
        return msgspec.convert(msgspec.to_builtins(line), SchoolLine), []
    except msgspec.ValidationError as error:
        return None, [f"Строка {row.number}: {error}"]


@dataclass
class Plan:
    """The dry run of a file: every row with its action, and the command that would write it."""

    source: str
    sha256: str
    rows: list[RowPlan]
    lines: list[SchoolLine]

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def errors(self) -> list[str]:
        return [e for r in self.rows for e in r.errors]

    def command(self) -> ImportSchools | None:
        if not self.lines:
            return None
        return ImportSchools(source=self.source, sha256=self.sha256, rows=self.lines,
                             refused=self.count("refused"))


def plan_schools(content: bytes, source: str, sha256: str, lookup: Callable[[str], School | None]) -> Plan:
    """Check every row, then plan the good ones against the registered schools (`lookup`)."""
    rows, lines, seen = [], [], {}
    for row in read_table(content, COLUMNS, REQUIRED):
        line, errors = check_row(row)
        code = row.cells.get("school", "")
        if line is not None and code in seen:
            errors = [cell_error(row.number, "school", f"код «{code}» уже указан в строке {seen[code]}")]
            line = None
        if line is None:
            rows.append(RowPlan(row.number, code, row.cells.get("name", ""), "refused", errors))
            continue
        seen[code] = row.number
        found = lookup(code)
        action = "unchanged" if unchanged(found, line) else "new" if found is None else "update"
        rows.append(RowPlan(row.number, code, line.name, action))
        lines.append(line)
    return Plan(source, sha256, rows, lines)
