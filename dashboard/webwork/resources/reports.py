"""Reports: tracked hours, timelines, tasks, activity, attendance and activity descriptions.

Reference: range reports cover at most 31 days, so longer ranges are split into chunks (parts)
fetched concurrently (each still paced by the rate budget). Most reports also paginate by member
(at most 100 per page); every page is fetched. Each part is cached on its own, keyed by the
report, its filters and the part's dates, so a longer or shifted range reuses the parts it
shares: for ``WEBWORK_REPORT_PAST_TTL`` (a day) when every day of it is over (before
``Parts.today``), for LIST_TTL when it holds today or later. The pages of a part are kept a few
minutes too, so a part cut short by the request budget goes on where it stopped.

``Parts`` chooses the ranges (one part at a time, for pages that show progress), the first day
that is not over, and ``cached_only`` (answer what the cache holds, the rest as missing, without
asking WebWork). ``computed`` and ``keep_computed`` keep what a page computes from a report
(rows, totals, charts), keyed by the report and its filters, never longer than the parts it was
computed from, so that a page shown again reads neither WebWork nor the parts.

Partial results: with ``allow_partial=True`` a range report whose chunks partly fail for a
passing reason (WebWork unavailable, rate limited) answers what arrived, with ``missing``
naming the failed date ranges. The chunks that did arrive are then kept for RETRY_TTL, so that
asking for the same report again fetches only the missing ones. If every chunk fails, or a
failure is not a passing one (401, 403, 422), the error is raised as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import timezone

from dashboard.webwork.errors import WebworkError, WebworkRateLimited, WebworkUnavailable
from dashboard.webwork.records.pages import MAX_PAGES, Envelope, now, proven_last_page
from dashboard.webwork.records.reports import MissingRange, Report, ReportPart, report_rows
from dashboard.webwork.resources.base import Resource
from dashboard.webwork.transport.cache import LIST_TTL, REFERENCE_TTL
from dashboard.webwork.transport.gather import gather

MAX_DAYS = 31
MEMBERS_PER_PAGE = 100
RETRY_TTL = REFERENCE_TTL
_PASSING = (WebworkUnavailable, WebworkRateLimited)
Range = tuple[date, date]


class NotCached(WebworkError):
    """A part that the cache does not hold, asked for with ``cached_only`` (never a passing
    failure: no last good copy may stand in for it)."""


@dataclass(frozen=True)
class Parts:
    """How a range report is read: which parts, which day is the first not over, from where.

    ``ranges``: the parts to read (default: the whole period in parts of 31 days);
    ``today``: parts ending before it are over and kept long (default: the dashboard's date);
    ``cached_only``: read only the cache; parts it does not hold come back as ``missing``.
    """

    ranges: tuple[Range, ...] | None = None
    today: date | None = None
    cached_only: bool = False


def past_ttl() -> int:
    """How long a part whose days are all over is kept (``WEBWORK_REPORT_PAST_TTL``)."""
    return int(getattr(settings, "WEBWORK_REPORT_PAST_TTL", 86400))


def part_ttl(end: date, today: date) -> int:
    return past_ttl() if end < today else LIST_TTL


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
        parts: Parts | None = None,
    ) -> Report:
        """GET /reports/tracked-hours: minutes per day, member, project and contract."""
        # Reference: no member pagination was seen for tracked-hours.
        params = {"user_id": user_id, "users": users, "projects": projects, "teams": teams}
        query = _Query("tracked_hours", "/reports/tracked-hours", start_date, end_date, paged=False)
        filters = {**params, "currencies": currencies}
        return self._fetch(query, filters, refresh, allow_partial, parts)

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
        parts: Parts | None = None,
    ) -> Report:
        """GET /reports/task-report: minutes per task for each member."""
        params = {"users": users, "project_id": project_ids, "task_id": task_ids}
        query = _Query("task_report", "/reports/task-report", start_date, end_date)
        filters = {**params, "include_no_task": include_no_task}
        return self._fetch(query, filters, refresh, allow_partial, parts)

    def activity_level(
        self,
        start_date: date,
        end_date: date,
        *,
        user_ids: Iterable[int] | None = None,
        contract_id: int | None = None,
        refresh: bool = False,
        allow_partial: bool = False,
        parts: Parts | None = None,
    ) -> Report:
        """GET /reports/activity-level: activity percentage per member per day."""
        query = _Query("activity_level", "/reports/activity-level", start_date, end_date)
        filters = {"user_ids": user_ids, "contract_id": contract_id}
        return self._fetch(query, filters, refresh, allow_partial, parts)

    def activity_descriptions(
        self,
        start_date: date,
        end_date: date,
        *,
        users: Iterable[int] | None = None,
        refresh: bool = False,
        allow_partial: bool = False,
        parts: Parts | None = None,
    ) -> Report:
        """GET /reports/activity-descriptions: the descriptions typed while tracking."""
        path = "/reports/activity-descriptions"
        query = _Query("activity_descriptions", path, start_date, end_date)
        return self._fetch(query, {"users": users}, refresh, allow_partial, parts)

    def daily_timeline(
        self,
        day: date,
        *,
        user_ids: Iterable[int] | None = None,
        refresh: bool = False,
        parts: Parts | None = None,
    ) -> Report:
        """GET /reports/daily-timeline: one day's time entries, per member."""
        query = _Query("daily_timeline", "/reports/daily-timeline", day, day, single_day=True)
        return self._fetch(query, {"user_ids": user_ids}, refresh, parts=parts)

    def daily_attendance(
        self,
        day: date,
        *,
        users: Iterable[int] | None = None,
        statuses: Iterable[str] | None = None,
        refresh: bool = False,
        parts: Parts | None = None,
    ) -> Report:
        """GET /reports/daily-attendance: one day's attendance, per member."""
        query = _Query("daily_attendance", "/reports/daily-attendance", day, day, single_day=True)
        return self._fetch(query, {"users": users, "status": statuses}, refresh, parts=parts)

    def computed(self, name: str, key: Any) -> tuple[Report, Any] | None:
        """What a page computed from a report and kept (``keep_computed``): the report without
        its rows, and the value; None when it is not kept. Reads no part of the report."""
        try:
            return self._api.cached("reports", {"computed": name, "key": key}, _not_kept)
        except NotCached:
            return None

    def keep_computed(self, name: str, key: Any, report: Report, value: Any) -> None:
        """Keep ``value``, computed from ``report``, until the first of its parts expires (so
        it never outlives what it was computed from); a report with parts missing is not kept."""
        lifetime = _lifetime(report.parts)
        if report.missing or lifetime <= 0:
            return
        light = replace(report, rows=(), payloads=())
        keep = partial(_same, (light, value))
        self._api.cached("reports", {"computed": name, "key": key}, keep, lifetime, refresh=True)

    def _fetch(
        self,
        query: _Query,
        filters: dict[str, Any],
        refresh: bool,
        allow_partial: bool = False,
        parts: Parts | None = None,
    ) -> Report:
        parts = parts or Parts()
        today = parts.today or timezone.localdate()
        params = {k: _listed(v) for k, v in filters.items()}
        ranges = query.ranges(parts.ranges)
        keys = [{"kind": query.kind, **query.window(r), **params} for r in ranges]
        calls = [
            partial(self._chunk, query, key, part_ttl(r[1], today), refresh, allow_partial, parts)
            for key, r in zip(keys, ranges, strict=True)
        ]
        outcomes: tuple[_Chunk | WebworkError, ...] = self._api.gather(*calls)
        chunks = [o for o in outcomes if isinstance(o, _Chunk)]
        failures = [o for o in outcomes if isinstance(o, WebworkError)]
        if failures and not chunks and not parts.cached_only:
            raise failures[0]
        if failures and not parts.cached_only:
            for key, r, outcome in zip(keys, ranges, outcomes, strict=True):
                if isinstance(outcome, _Chunk):  # keep them, so a retry fetches only the rest
                    keep = partial(_same, outcome)
                    ttl = max(part_ttl(r[1], today), RETRY_TTL)
                    self._api.cached("reports", key, keep, ttl, refresh=True)
        missing = tuple(
            MissingRange(start, end, outcome.message)
            for (start, end), outcome in zip(ranges, outcomes, strict=True)
            if isinstance(outcome, WebworkError)
        )
        arrived, rows = [], []
        for (start, end), outcome in zip(ranges, outcomes, strict=True):
            if isinstance(outcome, _Chunk):
                mine = [row for payload in outcome.payloads for row in report_rows(payload)]
                part = ReportPart(start, end, outcome.fetched_at, outcome.settled, len(mine))
                arrived.append(part)
                rows.extend(mine)
        payloads = tuple(p for chunk in chunks for p in chunk.payloads)
        fetched_at = min((chunk.fetched_at for chunk in chunks), default=now())
        start, end = ranges[0][0], ranges[-1][1]
        return Report(
            query.kind, start, end, tuple(rows), payloads, fetched_at, missing, tuple(arrived)
        )

    def _chunk(
        self,
        query: _Query,
        key: dict[str, Any],
        ttl: int,
        refresh: bool,
        allow_partial: bool,
        parts: Parts,
    ) -> _Chunk | WebworkError:
        """One chunk through the cache; a passing failure is answered, not raised, if allowed."""
        params = {k: v for k, v in key.items() if k != "kind"}

        def fetch() -> _Chunk:
            if parts.cached_only:
                raise NotCached("Not delivered by WebWork yet.")
            pages = self._pages(query.path, params, query.paged, key, min(ttl, RETRY_TTL), refresh)
            fetched_at = min(p.fetched_at for p in pages)
            return _Chunk(tuple(p.data for p in pages), fetched_at, ttl > LIST_TTL)

        try:
            fresh = refresh and not parts.cached_only
            return self._api.cached("reports", key, fetch, ttl, refresh=fresh)
        except NotCached as exc:
            return exc
        except _PASSING as exc:
            if not allow_partial:
                raise
            return exc

    def _pages(
        self,
        path: str,
        params: dict[str, Any],
        paged: bool,
        key: dict[str, Any],
        ttl: int,
        refresh: bool,
    ) -> list[Envelope]:
        """Every member page of one chunk: page 1, then the rest concurrently.

        Each page is kept for ``ttl`` on its own, so a chunk cut short goes on where it stopped.
        """
        if not paged:
            return [self._api.get(path, params, _as_is)]

        def page(number: int) -> Envelope:
            query = {**params, "page": number, "per_page": MEMBERS_PER_PAGE}
            fetch = partial(self._api.get, path, query, _as_is)
            return self._api.cached("reports", {**key, "page": number}, fetch, ttl, refresh=refresh)

        first = page(1)
        last_page = min(proven_last_page(first.pagination, per_page=MEMBERS_PER_PAGE), MAX_PAGES)
        return [first, *gather(*(partial(page, n) for n in range(2, last_page + 1)))]


@dataclass(frozen=True)
class _Chunk:
    """The payloads of one chunk (every member page of it), and when they were fetched."""

    payloads: tuple[Any, ...]
    fetched_at: datetime
    settled: bool = False  # kept long: every day of it was over when it was fetched


@dataclass(frozen=True)
class _Query:
    kind: str
    path: str
    start: date
    end: date
    paged: bool = True
    single_day: bool = False

    def ranges(self, chosen: tuple[Range, ...] | None = None) -> list[Range]:
        if self.single_day:
            return [(self.start, self.start)]
        if chosen:
            return list(chosen)
        return split_range(self.start, self.end)

    def window(self, part: Range) -> dict[str, date]:
        if self.single_day:
            return {"date": part[0]}
        return {"start_date": part[0], "end_date": part[1]}


def _lifetime(parts: Iterable[ReportPart]) -> int:
    """Seconds until the first of these parts expires from the cache (at the earliest)."""
    moment = now()
    ends = [
        p.fetched_at + timedelta(seconds=past_ttl() if p.settled else LIST_TTL) - moment
        for p in parts
    ]
    return int(min(ends).total_seconds()) if ends else 0


def _not_kept() -> Any:
    raise NotCached("Not computed yet.")


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
