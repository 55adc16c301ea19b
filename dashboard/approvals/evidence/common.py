"""What a manager looks at before deciding on one item, read from the service layer.

Each review reads in one concurrent round when its link carries the item's member and dates
(``hints``; the inbox and the lists give them), and in two without: the item, then what is
about that member on those dates. Every read is cached the way lists
are (the item itself through ``Kind.get_cached``, which a decision invalidates), so a review
opened again within the lists' TTL costs no call.

Reference: WebWork lists time entries one member and one day at a time, so a timesheet's
entries are read a day at a time, when the reviewer opens the day (see ``timesheet``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

PER_PAGE = 100
ENTRIES_PER_DAY = 50  # the most WebWork lists on one page of a day's entries
OFF = ("approved", "pending")


def duration(minutes: int | None) -> str:
    """``42 h 10 m``, ``40 h``, ``35 m``."""
    total = int(minutes or 0)
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} m"
    return f"{hours} h {rest} m" if rest else f"{hours} h"


def days_of(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def day_list(days: Iterable[date]) -> str:
    return ", ".join(d.strftime("%a %d %b") for d in sorted(days))
