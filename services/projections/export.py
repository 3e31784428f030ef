"""The same rows as JSON, CSV or XLSX with Russian column headers: regional staff live in spreadsheets.

XLSX is made to be used and printed by an official: dates and numbers are typed cells in Russian
formats, a title row names the tenant, the filter and the date, the header is frozen, filtered and
repeated on every printed page, and the sheet prints landscape, one page wide. CSV is by default
what Excel in a Russian locale opens as is (`;`, UTF-8 with BOM, decimal comma, ДД.ММ.ГГГГ);
`format=csv-rfc4180` gives a plain RFC 4180 file (`,`, no BOM, ISO dates, decimal point).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from litestar import Response

Format = Literal["json", "csv", "csv-rfc4180", "xlsx"]
#: The `format` parameter's description, the same on every export.
FORMAT_HELP = ("json; csv (Excel in a Russian locale: `;`, UTF-8 BOM, decimal comma, dd.mm.yyyy); "
               "csv-rfc4180 (RFC 4180: `,`, no BOM, ISO dates, decimal point); xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kind = Literal["auto", "percent"]
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_FORMAT = "DD.MM.YYYY"
#: Shown as «66,7 %» in a Russian locale: the value is the share (0.667), the format scales it.
PERCENT_FORMAT = "0.0 %"
NUMBER_FORMAT = "0.0#"
MAX_WIDTH = 50


@dataclass(frozen=True)
class Column:
    """A column of an export: the row key, its Russian header and, for percentages, its kind."""

    key: str
    header: str
    kind: Kind = "auto"


def ru_day(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def heading(title: str, where: str, as_of: date | None = None, **filters: Any) -> str:
    """The title row: «Дорожные карты: Кайбицкий муниципальный район; школа: k-fed; на 01.06.2021»."""
    parts = [f"{title}: {where}"]
    parts += [f"{name}: {value}" for name, value in filters.items() if value not in (None, "")]
    head = "; ".join(parts)
    return f"{head}, на {ru_day(as_of)}" if as_of is not None else head


def _typed(value: Any) -> Any:
    """A value as its type: an ISO day as a date, a list as text, a flag as да/нет."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return date.fromisoformat(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def _text(value: Any, column: Column, russian: bool) -> str:
    """A cell of a CSV in the dialect's conventions."""
    value = _typed(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if russian else value.isoformat()
    if isinstance(value, date):
        return ru_day(value) if russian else value.isoformat()
    if isinstance(value, float):
        text = f"{value:.15g}"
        return text.replace(".", ",") if russian else text
    return str(value)


def csv_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[Column], rfc4180: bool = False) -> bytes:
    """For Excel in a Russian locale (`;`, BOM, decimal comma, dd.mm.yyyy) or plain RFC 4180."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if rfc4180 else ";", lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_text(row.get(c.key), c, not rfc4180) for c in columns])
    return buffer.getvalue().encode("utf-8") if rfc4180 else ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _width(value: Any) -> int:
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_cell(cell: Any, value: Any, column: Column) -> None:
    value = _typed(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and column.kind == "percent":
        cell.value = value / 100
        cell.number_format = PERCENT_FORMAT
        return
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = "DD.MM.YYYY HH:MM"
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, float):
        cell.number_format = NUMBER_FORMAT


def _print_setup(sheet: Any, header_row: int, last_row: int, columns: int) -> None:
    """Landscape A4, one page wide, the header repeated on every page; filter and frozen header."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(columns)
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(last_row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def xlsx_bytes(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], title: str, heading: str | None = None
) -> bytes:
    """A title row (tenant, filter, date), the bold header, typed and wrapped cells, print setup."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.cell(1, 1, heading or title).font = Font(bold=True, size=12)
    header_row = 2
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(header_row, index, column.header)
        cell.font = Font(bold=True)
        cell.alignment = wrap
    widths = [min(max(len(w) for w in c.header.split()) + 2, MAX_WIDTH) for c in columns]
    for number, row in enumerate(rows, start=header_row + 1):
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(number, index)
            _write_cell(cell, row.get(column.key), column)
            cell.alignment = wrap
            widths[index - 1] = max(widths[index - 1], min(_width(cell.value) + 2, MAX_WIDTH))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(width, 8)
    _print_setup(sheet, header_row, header_row + len(rows), len(columns))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tabular(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: Format, filename: str, title: str,
    heading: str | None = None,
) -> Response:
    """CSV or XLSX download of rows (JSON answers are built by the endpoint itself)."""
    if fmt in ("csv", "csv-rfc4180"):
        rfc = fmt == "csv-rfc4180"
        return Response(
            csv_bytes(rows, columns, rfc4180=rfc),
            media_type="text/csv; charset=utf-8" + ("; header=present" if rfc else ""),
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    return Response(
        xlsx_bytes(rows, columns, title, heading), media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
    )
