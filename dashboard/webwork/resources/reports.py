"""Reports: tracked hours, timelines, tasks, activity, attendance and activity descriptions.

Reference: range reports cover at most 31 days, so longer ranges are split into chunks fetched
concurrently (each still paced by the rate budget). Most reports also paginate by member
(at most 100 per page); every page is fetched. Each chunk is cached on its own (LIST_TTL).

Partial results: with ``allow_partial=True`` a range report whose chunks partly fail for a
passing reason (WebWork unavailable, rate limited) answers what arrived, with ``missing``
naming the failed date ranges. The chunks that did arrive are then kept for RETRY_TTL, so that
asking for the same report again fetches only the missing ones. If every chunk fails, or a
failure is not a passing one (401, 403, 422), the error is raised as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from dashboard.webwork.errors import WebworkError, WebworkRateLimited, WebworkUnavailable
from dashboard.webwork.records.pages import MAX_PAGES, Envelope, now, proven_last_page
from dashboard.webwork.records.reports import MissingRange, Report, report_rows
from dashboard.webwork.resources.base import Resource
from dashboard.webwork.transport.cache import REFERENCE_TTL
from dashboard.webwork.transport.gather import gather

MAX_DAYS = 31
MEMBERS_PER_PAGE = 100
RETRY_TTL = REFERENCE_TTL
_PASSING = (WebworkUnavailable, WebworkRateLimited)


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
        allow_partial: bool = False,
    ) -> Report:
        """GET /reports/tracked-hours: minutes per day, member, project and contract."""
        # Reference: no member pagination was seen for tracked-hours.
        params = {"user_id": user_id, "users": users, "projects": projects, "teams": teams}
        query = _Query("tracked_hours", "/reports/tracked-hours", start_date, end_date, paged=False)
        return self._fetch(query, {**params, "currencies": currencies}, refresh, allow_partial)

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
        allow_partial: bool = False,
    ) -> Report:
        """GET /reports/task-report: minutes per task for each member."""
        params = {"users": users, "project_id": project_ids, "task_id": task_ids}
        query = _Query("task_report", "/reports/task-report", start_date, end_date)
        filters = {**params, "include_no_task": include_no_task}
        return self._fetch(query, filters, refresh, allow_partial)

    def activity_level(
        self,
        start_date: date,
        end_date: date,
        *,
        user_ids: Iterable[int] | None = None,
        contract_id: int | None = None,
        refresh: bool = False,
        allow_partial: bool = False,
    ) -> Report:
        """GET /reports/activity-level: activity percentage per member per day."""
        query = _Query("activity_level", "/reports/activity-level", start_date, end_date)
        filters = {"user_ids": user_ids, "contract_id": contract_id}
        return self._fetch(query, filters, refresh, allow_partial)

    def activity_descriptions(
        self,
        start_date: date,
        end_date: date,
        *,
        users: Iterable[int] | None = None,
        refresh: bool = False,
        allow_partial: bool = False,
    ) -> Report:
        """GET /reports/activity-descriptions: the descriptions typed while tracking."""
        path = "/reports/activity-descriptions"
        query = _Query("activity_descriptions", path, start_date, end_date)
        return self._fetch(query, {"users": users}, refresh, allow_partial)

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

    def _fetch(
        self, query: _Query, filters: dict[str, Any], refresh: bool, allow_partial: bool = False
    ) -> Report:
        params = {k: _listed(v) for k, v in filters.items()}
        keys = [{"kind": query.kind, **window, **params} for window in query.windows()]
        calls = [partial(self._chunk, query, key, refresh, allow_partial) for key in keys]
        outcomes: tuple[_Chunk | WebworkError, ...] = self._api.gather(*calls)
        chunks = [o for o in outcomes if isinstance(o, _Chunk)]
        failures = [o for o in outcomes if isinstance(o, WebworkError)]
        if failures and not chunks:
            raise failures[0]
        if failures:
            for key, outcome in zip(keys, outcomes, strict=True):
                if isinstance(outcome, _Chunk):  # keep them, so a retry fetches only the rest
                    keep = partial(_same, outcome)
                    self._api.cached("reports", key, keep, RETRY_TTL, refresh=True)
        missing = tuple(
            MissingRange(start, end, outcome.message)
            for (start, end), outcome in zip(query.ranges(), outcomes, strict=True)
            if isinstance(outcome, WebworkError)
        )
        payloads = tuple(p for chunk in chunks for p in chunk.payloads)
        rows = tuple(row for payload in payloads for row in report_rows(payload))
        fetched_at = min(chunk.fetched_at for chunk in chunks)
        return Report(query.kind, query.start, query.end, rows, payloads, fetched_at, missing)

    def _chunk(
        self, query: _Query, key: dict[str, Any], refresh: bool, allow_partial: bool
    ) -> _Chunk | WebworkError:
        """One chunk through the cache; a passing failure is answered, not raised, if allowed."""
        params = {k: v for k, v in key.items() if k != "kind"}

        def fetch() -> _Chunk:
            fetched_at = now()
            return _Chunk(tuple(self._pages(query.path, params, query.paged)), fetched_at)

        try:
            return self._api.cached("reports", key, fetch, refresh=refresh)
        except _PASSING as exc:
            if not allow_partial:
                raise
            return exc

    def _pages(self, path: str, params: dict[str, Any], paged: bool) -> list[Any]:
        """The payload of every member page of one chunk: page 1, then the rest concurrently."""
        if not paged:
            return [self._api.get(path, params, _data)]
        first = self._api.get(path, {**params, "page": 1, "per_page": MEMBERS_PER_PAGE}, _as_is)
        last_page = min(proven_last_page(first.pagination, per_page=MEMBERS_PER_PAGE), MAX_PAGES)
        pages = [
            partial(self._api.get, path, {**params, "page": n, "per_page": MEMBERS_PER_PAGE}, _data)
            for n in range(2, last_page + 1)
        ]
        return [first.data, *gather(*pages)]


@dataclass(frozen=True)
class _Chunk:
    """The payloads of one chunk (every member page of it), and when they were fetched."""

    payloads: tuple[Any, ...]
    fetched_at: datetime


@dataclass(frozen=True)
class _Query:
    kind: str
    path: str
    start: date
    end: date
    paged: bool = True
    single_day: bool = False

    def ranges(self) -> list[tuple[date, date]]:
        if self.single_day:
            return [(self.start, self.start)]
        return split_range(self.start, self.end)

    def windows(self) -> list[dict[str, date]]:
        if self.single_day:
            return [{"date": self.start}]
        return [{"start_date": a, "end_date": b} for a, b in self.ranges()]


def _as_is(envelope: Envelope) -> Envelope:
    return envelope


def _same[T](value: T) -> T:
    return value


def _listed(value: Any) -> Any:
    """Iterables (other than text) become lists, so cache keys and query encoding see values."""
    if value is None or isinstance(value, str | bytes | date):
        return value
    if isinstance(value, Iterable):
        return list(value)
    return value
