"""The week a chase is about: Monday to Sunday, named as an ISO week ("2026-W48") in URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.core.weeks import this_week

DASH = "\u2013"
WORKDAYS = 5  # Monday to Friday: the days a leave takes off a working week
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Week:
    monday: date

    @classmethod
    def of(cls, day: date) -> Week:
        return cls(this_week(day)[0])

    @classmethod
    def parse(cls, text: str) -> Week:
        """``2026-W48`` (what ``<input type="week">`` sends) or a date in that week;
        ``ValueError`` otherwise."""
        text = text.strip()
        found = _ISO_WEEK.match(text)
        if found:
            year, number = int(found[1]), int(found[2])
            return cls(date.fromisocalendar(year, number, 1))
        return cls.of(date.fromisoformat(text))

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def workdays(self) -> tuple[date, ...]:
        return tuple(self.monday + timedelta(days=n) for n in range(WORKDAYS))

    @property
    def previous(self) -> Week:
        return Week(self.monday - timedelta(days=7))

    @property
    def next(self) -> Week:
        return Week(self.monday + timedelta(days=7))

    def isoformat(self) -> str:
        """``2026-W48``: how the week travels in a URL (``ListState`` writes it with this)."""
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def label(self) -> str:
        """``23-29 Nov 2026`` with an en dash (the months named when the week spans two)."""
        end = self.sunday
        if self.monday.month == end.month:
            start = f"{self.monday.day}"
        elif self.monday.year == end.year:
            start = self.monday.strftime("%-d %b")
        else:
            start = self.monday.strftime("%-d %b %Y")
        return f"{start}{DASH}{end.strftime('%-d %b %Y')}"

    def __str__(self) -> str:
        return self.label


def default_week(today: date) -> Week:
    """The week a manager chases by default: the one before ``today``'s.

    On a Monday morning the week just ended is the one whose timesheets are due; this week's
    are still being filled in. Any other week can be chosen on the page.
    """
    return Week.of(today).previous
