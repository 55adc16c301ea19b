"""Exports of what a report shows: CSV (its first sheet) and XLSX (every sheet).

Files are named by report and range.

Durations go out both as hours and minutes and as decimal hours. In XLSX, hours and minutes
are real durations (``[h]:mm``) so spreadsheets can sum them, and every text cell is stored as
text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from dashboard.core.exports import csv_response
from dashboard.reports.durations import decimal_hours, hours_minutes

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Duration:
    """Minutes, written as ``h:mm`` text in CSV and as a summable duration in XLSX."""

    minutes: int


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def duration_columns(minutes: int) -> list[Any]:
    """The two columns every duration gets: hours and minutes, and decimal hours."""
    return [Duration(minutes), decimal_hours(minutes)]


DURATION_HEADER = ["Hours (h:mm)", "Hours (decimal)"]


def filename(slug: str, start: date, end: date, extension: str) -> str:
    period = start.isoformat() if start == end else f"{start.isoformat()}_{end.isoformat()}"
    return f"{slug}_{period}.{extension}"


def csv_export(name: str, sheet: Sheet) -> StreamingHttpResponse:
    rows = ([_csv_value(cell) for cell in row] for row in sheet.rows)
    return csv_response(name, sheet.header, rows)


def _csv_value(value: Any) -> Any:
    if isinstance(value, Duration):
        return hours_minutes(value.minutes)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


def xlsx_export(name: str, sheets: Sequence[Sheet]) -> HttpResponse:
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    ws = book.create_sheet(sheet.title[:31])
    ws.append(sheet.header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            _write_cell(ws.cell(row=number, column=column), value)
    ws.freeze_panes = "A2"
    for column, title in zip(ws.columns, sheet.header, strict=False):
        width = max([len(title), *(len(str(c.value or "")) for c in column[1:200])]) + 2
        ws.column_dimensions[column[0].column_letter].width = min(width, 48)


def _write_cell(cell: Any, value: Any) -> None:
    if isinstance(value, Duration):
        cell.value = value.minutes / 1440
        cell.number_format = "[h]:mm"
    elif isinstance(value, date):
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
