"""A week of work as WebWork counts it, and hours tracked in it against a weekly limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MAX_WEEKLY_HOURS = 168
NEAR = 0.8  # share of the weekly limit from which hours are "near" it


def this_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week ``today`` is in (WebWork's report week)."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def weekly_limit(hours: int | float | None) -> int | None:
    """A weekly limit in hours; None for no limit: none given, or one past the hours of a week
    (WebWork may hold a float such as 1e308 for "none")."""
    return None if hours is None or hours > MAX_WEEKLY_HOURS else int(hours)


@dataclass(frozen=True)
class WeekHours:
    """Minutes tracked this week against a weekly limit in hours (None: no limit)."""

    minutes: int = 0
    limit: int | None = None

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def level(self) -> str:
        """ "over" at or past the limit, "near" from 80% of it, else "" (also without a limit)."""
        if self.limit is None or self.minutes == 0:
            return ""
        if self.minutes >= self.limit * 60:
            return "over"
        return "near" if self.minutes >= self.limit * 60 * NEAR else ""

    @property
    def meter_max(self) -> float:
        return float(self.limit or max(self.hours, 1))
