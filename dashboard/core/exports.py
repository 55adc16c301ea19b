"""Spreadsheet-safe exports shared by every area."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import StreamingHttpResponse

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
