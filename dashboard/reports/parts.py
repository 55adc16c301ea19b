"""Long reports in parts: which parts a period has, which day is not over yet, what a part holds.

A range report is read in parts of at most 31 days (WebWork's limit). A part whose days are
all over does not change, so it is kept long; the part holding today is kept briefly. "Over"
is judged where the report's days are counted: WebWork counts them in the workspace owner's
time zone, and the dashboard shows dates in its own, so a day is over once it has ended in
both, ``SETTLE`` ago (a tracker running at midnight is added when it stops). When the owner's
zone is not known, the day must have ended everywhere (UTC-12).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from dashboard.webwork.records import Member, Report
from dashboard.webwork.records.parsing import as_int
from dashboard.webwork.resources.reports import Range, split_range

SETTLE = timedelta(hours=1)
LAST_ZONE = timezone.get_fixed_timezone(-12 * 60)  # the last place where a day ends


def owner_zone(members: Iterable[Member]) -> tzinfo:
    """The workspace owner's time zone, in which WebWork counts report days (UTC-12 if unknown)."""
    for member in members:
        if member.is_owner and member.timezone:
            try:
                return ZoneInfo(member.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                break
    return LAST_ZONE


def first_open_day(zone: tzinfo, now: datetime | None = None) -> date:
    """The first day that may still change: every day before it ended ``SETTLE`` ago, both in
    ``zone`` and in the dashboard's own time zone."""
    moment = (now or datetime.now(UTC)) - SETTLE
    return min(moment.astimezone(zone).date(), timezone.localtime(moment).date())


def plan(start: date, end: date, single_day: bool = False) -> list[Range]:
    """The parts of a period, in order: the whole day, or parts of 31 days from ``start``."""
    if single_day:
        return [(start, start)]
    return split_range(start, end)


@dataclass(frozen=True)
class PartSummary:
    """What one part holds, shown as soon as it arrives."""

    index: int
    start: date
    end: date
    rows: int
    minutes: int


def summaries(report: Report, plan: list[Range]) -> dict[int, PartSummary]:
    """Each part of ``report`` that arrived, by its place in ``plan``."""
    places = {r: i for i, r in enumerate(plan)}
    found, cursor = {}, 0
    for part in report.parts:
        rows = report.rows[cursor : cursor + part.rows]
        cursor += part.rows
        minutes = sum(as_int(row.get("total_minutes")) or 0 for row in rows)
        index = places.get((part.start, part.end))
        if index is not None:
            found[index] = PartSummary(index, part.start, part.end, len(rows), minutes)
    return found
