"""The same rows as JSON, CSV or XLSX with Russian column headers: regional staff live in spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from litestar import Response

Format = Literal["json", "csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """A column of an export: the row key and its Russian header."""

    key: str
    header: str


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def csv_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> bytes:
    """UTF-8 with BOM and `;` separators, as Excel in a Russian locale expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c.key)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], title: str, heading: str | None = None
) -> bytes:
    """Header row in bold, frozen; with a `heading`, a title row above it (e.g. municipality, date)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    if heading is not None:
        sheet.append([heading])
        sheet.cell(1, 1).font = Font(bold=True, size=12)
    sheet.append([c.header for c in columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(row.get(c.key)) for c in columns])
    for index, column in enumerate(columns, start=1):
        width = max([len(column.header)] + [len(str(_cell(r.get(column.key)))) for r in rows[:200]])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A3" if heading is not None else "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tabular(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: Format, filename: str, title: str,
    heading: str | None = None,
) -> Response:
    """CSV or XLSX download of rows (JSON answers are built by the endpoint itself)."""
    if fmt == "csv":
        return Response(
            csv_bytes(rows, columns), media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    return Response(
        xlsx_bytes(rows, columns, title, heading), media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
    )
