"""Reports: tracked hours, timelines, tasks, activity, attendance and activity descriptions.

Reference: range reports cover at most 31 days, so longer ranges are split into chunks fetched
concurrently (each still paced by the rate budget). Most reports also paginate by member
(at most 100 per page); every page is fetched. Results are cached briefly (LIST_TTL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from dashboard.webwork.api import Resource
from dashboard.webwork.gather import gather
from dashboard.webwork.pages import Envelope, now
from dashboard.webwork.parsing import as_int
from dashboard.webwork.report_rows import Report, report_rows

MAX_DAYS = 31
MEMBERS_PER_PAGE = 100


def split_range(start: date, end: date, max_days: int = MAX_DAYS) -> list[tuple[date, date]]:
    """Inclusive ``(start, end)`` chunks of at most ``max_days`` days covering the range."""
    if end < start:
        raise ValueError("the range ends before it starts")
    chunks = []
    cursor = start
    while cursor <= end:
        stop = min(end, cursor + timedelta(days=max_days - 1))
        chunks.append((cursor, stop))
        cursor = stop + timedelta(days=1)
    return chunks


def _data(envelope: Envelope) -> Any:
    return envelope.data


class Reports(Resource):
    """Every method takes ``refresh=True`` to skip the cache."""

    def tracked_hours(
        self,
        start_date: date,
        end_date: date,
        *,
        user_id: int | None = None,
        users: Iterable[int] | None = None,
        projects: Iterable[int] | None = None,
        teams: Iterable[int] | None = None,
        currencies: Iterable[str] | None = None,
        refresh: bool = False,
    ) -> Report:
        """GET /reports/tracked-hours: minutes per day, member, project and contract."""
        # Reference: no member pagination was seen for tracked-hours.
        params = {"user_id": user_id, "users": users, "projects": projects, "teams": teams}
        query = _Query("tracked_hours", "/reports/tracked-hours", start_date, end_date, paged=False)
        return self._fetch(query, {**params, "currencies": currencies}, refresh)

    def task_report(
        self,
        start_date: date,
        end_date: date,
        *,
        users: Iterable[int] | None = None,
        project_ids: Iterable[int] | None = None,
        task_ids: Iterable[int] | None = None,
        include_no_task: bool | None = None,
        refresh: bool = False,
    ) -> Report:
        """GET /reports/task-report: minutes per task for each member."""
        params = {"users": users, "project_id": project_ids, "task_id": task_ids}
        query = _Query("task_report", "/reports/task-report", start_date, end_date)
        return self._fetch(query, {**params, "include_no_task": include_no_task}, refresh)

    def activity_level(
        self,
        start_date: date,
        end_date: date,
        *,
        user_ids: Iterable[int] | None = None,
        contract_id: int | None = None,
        refresh: bool = False,
    ) -> Report:
        """GET /reports/activity-level: activity percentage per member per day."""
        query = _Query("activity_level", "/reports/activity-level", start_date, end_date)
        return self._fetch(query, {"user_ids": user_ids, "contract_id": contract_id}, refresh)

    def activity_descriptions(
        self,
        start_date: date,
        end_date: date,
        *,
        users: Iterable[int] | None = None,
        refresh: bool = False,
    ) -> Report:
        """GET /reports/activity-descriptions: the descriptions typed while tracking."""
        path = "/reports/activity-descriptions"
        query = _Query("activity_descriptions", path, start_date, end_date)
        return self._fetch(query, {"users": users}, refresh)

    def daily_timeline(
        self, day: date, *, user_ids: Iterable[int] | None = None, refresh: bool = False
    ) -> Report:
        """GET /reports/daily-timeline: one day's time entries, per member."""
        query = _Query("daily_timeline", "/reports/daily-timeline", day, day, single_day=True)
        return self._fetch(query, {"user_ids": user_ids}, refresh)

    def daily_attendance(
        self,
        day: date,
        *,
        users: Iterable[int] | None = None,
        statuses: Iterable[str] | None = None,
        refresh: bool = False,
    ) -> Report:
        """GET /reports/daily-attendance: one day's attendance, per member."""
        query = _Query("daily_attendance", "/reports/daily-attendance", day, day, single_day=True)
        return self._fetch(query, {"users": users, "status": statuses}, refresh)

    def _fetch(self, query: _Query, filters: dict[str, Any], refresh: bool) -> Report:
        params = {k: _listed(v) for k, v in filters.items()}
        key = {"kind": query.kind, "start": query.start, "end": query.end, **params}
        return self._api.cached("reports", key, lambda: self._build(query, params), refresh=refresh)

    def _build(self, query: _Query, params: dict[str, Any]) -> Report:
        fetched_at = now()
        chunks = [
            partial(self._pages, query.path, {**params, **window}, query.paged)
            for window in query.windows()
        ]
        payloads = tuple(p for chunk in gather(*chunks) for p in chunk)
        rows = tuple(row for payload in payloads for row in report_rows(payload))
        return Report(query.kind, query.start, query.end, rows, payloads, fetched_at)

    def _pages(self, path: str, params: dict[str, Any], paged: bool) -> list[Any]:
        """The payload of every member page of one chunk: page 1, then the rest concurrently."""
        if not paged:
            return [self._api.get(path, params, _data)]
        first = self._api.get(path, {**params, "page": 1, "per_page": MEMBERS_PER_PAGE}, _as_is)
        last_page = as_int(first.pagination.get("last_page")) or 1
        pages = [
            partial(self._api.get, path, {**params, "page": n, "per_page": MEMBERS_PER_PAGE}, _data)
            for n in range(2, last_page + 1)
        ]
        return [first.data, *gather(*pages)]


@dataclass(frozen=True)
class _Query:
    kind: str
    path: str
    start: date
    end: date
    paged: bool = True
    single_day: bool = False

    def windows(self) -> list[dict[str, date]]:
        if self.single_day:
            return [{"date": self.start}]
        return [{"start_date": a, "end_date": b} for a, b in split_range(self.start, self.end)]


def _as_is(envelope: Envelope) -> Envelope:
    return envelope


def _listed(value: Any) -> Any:
    """Iterables (other than text) become lists, so cache keys and query encoding see values."""
    if value is None or isinstance(value, str | bytes | date):
        return value
    if isinstance(value, Iterable):
        return list(value)
    return value
