"""Spreadsheet-safe exports shared by every area: CSV, and XLSX whose text is never a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection (OWASP: prefix with a single quote)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Stream rows as a UTF-8 CSV download (with a BOM, so Excel reads non-Latin text)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def write_cell(cell: Any, value: Any) -> None:
    """One XLSX cell: dates and numbers typed, text stored as text even when it starts with =."""
    if isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, float):
        cell.value = value
        cell.number_format = "0.00"
    elif isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
    else:
        cell.value = value


def xlsx_response(
    filename: str, sheets: Sequence[Sheet], write: Callable[[Any, Any], None] = write_cell
) -> HttpResponse:
    """A workbook of ``sheets`` as a download; ``write`` puts one value in one cell."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write_sheet(book, sheet, write)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _write_sheet(book: Workbook, sheet: Sheet, write: Callable[[Any, Any], None]) -> None:
    ws = book.create_sheet(sheet.title[:31])
    ws.append(sheet.header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            write(ws.cell(row=number, column=column), value)
    ws.freeze_panes = "A2"
    for column, title in zip(ws.columns, sheet.header, strict=False):
        width = max([len(title), *(len(str(c.value or "")) for c in column[1:200])]) + 2
        ws.column_dimensions[column[0].column_letter].width = min(width, 48)
