"""The pages the benchmarks visit, by the names the tables give them.

The recording visits every one of them cold, so that the replay knows every request they make.
A review page is opened by the first link of its list, as a manager opens it (the item's id, the
way back, and the item's member and dates); the links are found while recording and kept in it.
Cold, it is measured twice: by its link with nothing cached (a digest's link), and right after
its list (the list's reference data and rows then cached, as when a manager clicks a row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape
from typing import Any

LISTS = [
    ("Inbox", "/"),
    ("Timesheets", "/approvals/timesheets/"),
    ("Leave", "/approvals/leaves/"),
    ("Time requests", "/approvals/time-requests/"),
    ("Viewers", "/viewers/"),
    ("Assignments", "/assignments/"),
    ("Members", "/members/"),
    ("Projects", "/projects/"),
    ("Expenses", "/expenses/"),
]
REVIEWS = [
    ("Timesheet review", "timesheets"),
    ("Leave review", "leaves"),
    ("Time request review", "time-requests"),
]
CHASE = ("Chase list", "/approvals/missing/")
BASELINE = ("Audit log (no upstream)", "/audit/")


@dataclass(frozen=True)
class Visit:
    name: str
    url: str
    htmx: bool = False
    after: str = ""  # a page viewed first, unmeasured: the list a review is opened from


def yesterday() -> date:
    from django.utils import timezone

    return timezone.localdate() - timedelta(days=1)


def report_url(kind: str, days: int, end: date | None = None, **extra: str) -> str:
    end = end or yesterday()
    start = end - timedelta(days=days - 1)
    url = f"/reports/{kind}/?period=custom&start={start}&end={end}"
    return url + "".join(f"&{name}={value}" for name, value in extra.items())


def tracked_7() -> list[Visit]:
    url = report_url("tracked-hours", 7)
    return [
        Visit("Tracked hours, 7 days (page)", url),
        Visit("Tracked hours, 7 days (body)", url, htmx=True),
    ]


def tracked_90() -> Visit:
    return Visit("Tracked hours, 90 days (body)", report_url("tracked-hours", 90), True)


def descriptions_122() -> list[Visit]:
    url = report_url("activity-descriptions", 122)
    return [
        Visit("Activity descriptions, 122 days (page)", url),
        Visit("Activity descriptions, 122 days (body)", url, True),
        Visit("Activity descriptions, 122 days (CSV)", url + "&format=csv"),
    ]


def has_chase_list() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(CHASE[1])
    except Resolver404:
        return False
    return True


def review_urls(meta: dict[str, Any]) -> list[Visit]:
    found = meta.get("reviews", {})
    return [Visit(name, found[slug]) for name, slug in REVIEWS if found.get(slug)]


FROM_LIST = ", from its list"


def reviews_from_lists(meta: dict[str, Any]) -> list[Visit]:
    """Each review opened right after its list (viewed first, unmeasured)."""
    found = meta.get("reviews", {})
    return [
        Visit(name + FROM_LIST, found[slug], after=f"/approvals/{slug}/")
        for name, slug in REVIEWS
        if found.get(slug)
    ]


def page_visits(meta: dict[str, Any]) -> list[Visit]:
    """Every page of the page tables, in their order."""
    visits = [Visit(name, url) for name, url in LISTS]
    visits += review_urls(meta)
    visits += tracked_7()
    if has_chase_list():
        visits.append(Visit(*CHASE))
    visits.append(Visit(*BASELINE))
    return visits


def all_visits(meta: dict[str, Any]) -> list[Visit]:
    """Everything any benchmark reads: the recording visits each of these cold."""
    return [*page_visits(meta), *reviews_from_lists(meta), tracked_90(), *descriptions_122()]


def find_review(html: str, slug: str) -> str | None:
    """The first review link of a kind on a page as a manager follows it, with its query (the
    way back and the item's member and dates), e.g. ``/approvals/timesheets/<id>/?next=…``."""
    pattern = rf'href="(/approvals/{re.escape(slug)}/([^/"?#]+)/(?:\?[^"#]*)?)'
    for match in re.finditer(pattern, html):
        if match.group(2) not in ("bulk", "jobs"):
            return unescape(match.group(1))
    return None
