"""Report records. Reports are loosely typed on purpose: the contract only shows their first keys.

A ``Report`` keeps every row as the dict WebWork sent (across 31-day chunks and member pages),
plus typed helpers where the contract is known (tracked hours).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Self

from dashboard.webwork.records.parsing import Json, amounts, as_int, as_list, parse_date

# Keys under which a report object may hold its rows (the names were not captured in the docs).
_ROW_KEYS = ("dates", "members", "users", "rows", "items", "data", "report", "days")


@dataclass(frozen=True)
class TrackedHoursEntry:
    """Minutes one member tracked on one day, on one project and contract."""

    date: date | None
    user_id: int | None
    project_id: int | None
    contract_id: int | None
    minutes: int
    amounts: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: Json) -> Self:
        return cls(
            date=parse_date(row.get("date")),
            user_id=as_int(row.get("user_id")),
            project_id=as_int(row.get("project_id")),
            contract_id=as_int(row.get("contract_id")),
            minutes=as_int(row.get("total_minutes")) or 0,
            amounts=amounts(row.get("total_amount")),
        )


@dataclass(frozen=True)
class MissingRange:
    """A date range (one chunk) of a report that WebWork did not deliver, and why."""

    start: date
    end: date
    reason: str


@dataclass(frozen=True)
class ReportPart:
    """One part (a range of at most 31 days, or a day) of a report as it was read.

    ``settled``: every day of it was over when it was read, so it is kept long. ``rows``: how
    many of the report's rows are this part's (the parts' rows follow one another in order).
    """

    start: date
    end: date
    fetched_at: datetime
    settled: bool = False
    rows: int = 0


@dataclass(frozen=True)
class Report:
    """One report over a period (or a day): raw rows, the raw payloads, and when it was fetched.

    ``missing`` names the chunks that failed when the report was asked for with
    ``allow_partial=True``; ``rows`` then hold only what arrived. ``parts`` are the chunks
    that did arrive, in order.
    """

    kind: str
    start_date: date | None
    end_date: date | None
    rows: tuple[dict[str, Any], ...]
    payloads: tuple[Any, ...]
    fetched_at: datetime
    missing: tuple[MissingRange, ...] = ()
    parts: tuple[ReportPart, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    def tracked_hours(self) -> tuple[TrackedHoursEntry, ...]:
        """The rows as tracked-hours entries (meaningful for ``kind == "tracked_hours"``)."""
        return tuple(TrackedHoursEntry.from_row(row) for row in self.rows)

    def minutes_by_user(self) -> dict[int, int]:
        totals: dict[int, int] = {}
        for entry in self.tracked_hours():
            if entry.user_id is not None:
                totals[entry.user_id] = totals.get(entry.user_id, 0) + entry.minutes
        return totals


def report_rows(data: object) -> list[dict[str, Any]]:
    """The rows of one report payload, whichever of the plausible shapes it has.

    A list of rows; an object holding such a list; or a day-by-day map ``{date: [rows]}`` (or
    ``[{date, users: [...]}]``), flattened into rows that carry their ``date``.
    """
    if isinstance(data, list):
        return _flatten_days(data)
    if not isinstance(data, Mapping):
        return []
    if _is_day_map(data):
        return _flatten_day_map(data)
    for key in _ROW_KEYS:
        value = data.get(key)
        # An empty list or map under a known key is an empty report, not a row of its own.
        if isinstance(value, list) or value == {} or _is_day_map(value):
            return _rows_of(value)
    for value in data.values():
        if _is_day_map(value):
            return _flatten_day_map(value)
    return [dict(data)]


def _rows_of(value: object) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return _flatten_days(value)
    if _is_day_map(value):
        return _flatten_day_map(value)  # type: ignore[arg-type]
    return []


def _flatten_day_map(days: Json) -> list[dict[str, Any]]:
    return [{"date": day, **row} for day, rows in sorted(days.items()) for row in _day(rows)]


def _is_day_map(value: object) -> bool:
    return (
        isinstance(value, Mapping) and bool(value) and all(parse_date(k) is not None for k in value)
    )


def _day(rows: object) -> Iterable[Json]:
    if isinstance(rows, Mapping):
        rows = rows.get("users", rows.get("rows"))
    return [r for r in as_list(rows) if isinstance(r, Mapping)]


def _flatten_days(items: list[Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        users = item.get("users")
        if "date" in item and isinstance(users, list):
            rows.extend({"date": item["date"], **u} for u in users if isinstance(u, Mapping))
        else:
            rows.append(dict(item))
    return rows
