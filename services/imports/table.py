"""A file's table as text cells keyed by its header: XLSX, or CSV in either dialect.

CSV: UTF-8 with or without BOM, `;` or `,` (sniffed from the header line). XLSX: the first
sheet; dates are read back as ДД.ММ.ГГГГ, numbers as written. Rows are numbered as the
official sees them in Excel (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime


class TableError(ValueError):
    """A file that cannot be read as a table; the message is Russian, for the official."""


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError("файл не читается как таблица XLSX") from error
    return [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def _csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError("файл CSV должен быть в кодировке UTF-8") from error
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [[cell.strip() for cell in line] for line in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_table(content: bytes, columns: dict[str, str], required: tuple[str, ...]) -> list[Row]:
    """The data rows keyed by `columns`' keys; `columns` maps each Russian header to its key."""
    lines = _xlsx(content) if content[:2] == b"PK" else _csv(content)
    while lines and not any(lines[0]):
        lines.pop(0)
    if not lines:
        raise TableError("файл пуст")
    header = [name.strip() for name in lines[0]]
    missing = [name for name, key in columns.items() if key in required and name not in header]
    if missing:
        raise TableError("строка 1: нет столбцов " + ", ".join(f"«{name}»" for name in missing))
    index = {columns[name]: at for at, name in enumerate(header) if name in columns}
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(line):
            continue
        rows.append(Row(number, {key: line[at] if at < len(line) else "" for key, at in index.items()}))
    return rows
