"""Exports of what a report shows: CSV (its first sheet) and XLSX (every sheet).

Files are named by report and range.

Durations go out both as hours and minutes and as decimal hours. In XLSX, hours and minutes
are real durations (``[h]:mm``) so spreadsheets can sum them, and every text cell is stored as
text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from dashboard.core.exports import Sheet, csv_response, write_cell, xlsx_response
from dashboard.reports.durations import decimal_hours, hours_minutes


@dataclass(frozen=True)
class Duration:
    """Minutes, written as ``h:mm`` text in CSV and as a summable duration in XLSX."""

    minutes: int


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
    return xlsx_response(name, sheets, _write_cell)


def _write_cell(cell: Any, value: Any) -> None:
    if isinstance(value, Duration):
        cell.value = value.minutes / 1440
        cell.number_format = "[h]:mm"
    else:
        write_cell(cell, value)
