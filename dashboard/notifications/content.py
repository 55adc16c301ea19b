"""What a digest and an alert say: counts per kind per workspace, the oldest items with how long
each has waited and an absolute link to its review page, in text, HTML and a short chat line.

A link only opens a page behind sign-in: no token, no one-click decision, nothing in a link
acts by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from . import timing
from .waiting import KINDS, Collected, Item, Kind, Unread

OLDEST = 5  # items shown per kind per workspace in a digest
ALERT_LINES = 25  # items shown in one alert; the rest are counted


def absolute(path: str) -> str:
    return str(settings.DASHBOARD_URL).rstrip("/") + path


def waited_words(delta: timedelta | None) -> str:
    """How long an item has waited, as a person says it: "5 hours", "3 days 4 hours"."""
    if delta is None:
        return "since a time WebWork does not say"
    hours = int(delta // timedelta(hours=1))
    if hours < 1:
        return "under an hour"
    if hours < 48:
        return f"{hours} hour{'' if hours == 1 else 's'}"
    days, rest = divmod(hours, 24)
    return f"{days} days" + (f" {rest} hour{'' if rest == 1 else 's'}" if rest else "")


@dataclass(frozen=True)
class Line:
    """One item in a message."""

    item: Item
    waited: str
    since: str  # when it began to wait, in the recipient's time zone
    url: str

    @classmethod
    def of(cls, item: Item, now: datetime, zone_name: str) -> Line:
        since = "" if item.since is None else f"{timing.local(item.since, zone_name):%d %b %H:%M}"
        return cls(item, waited_words(item.waited(now)), since, absolute(item.review_path))


@dataclass(frozen=True)
class KindPart:
    kind: Kind
    total: int
    lines: tuple[Line, ...]

    @property
    def more(self) -> int:
        return max(self.total - len(self.lines), 0)

    @property
    def list_url(self) -> str:
        return absolute(reverse(self.kind.list_url_name))


@dataclass(frozen=True)
class WorkspacePart:
    name: str
    total: int
    kinds: tuple[KindPart, ...]


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    chat: str


@dataclass(frozen=True)
class Digest:
    day: date
    zone_name: str
    workspaces: tuple[WorkspacePart, ...]
    unread: tuple[Unread, ...]
    counts: dict[str, int] = field(default_factory=dict)  # kind name → waiting, everywhere

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    def summary(self) -> dict[str, Any]:
        """What the audit log keeps of it: counts and workspace names."""
        return {
            "day": self.day.isoformat(),
            "total": self.total,
            **self.counts,
            "workspaces": [w.name for w in self.workspaces],
            "unread": [u.name for u in self.unread],
        }


def build_digest(collected: Collected, *, now: datetime, zone_name: str, day: date) -> Digest:
    parts = []
    for workspace in collected.workspaces:
        kinds = tuple(
            KindPart(
                waiting.kind,
                waiting.total,
                tuple(Line.of(item, now, zone_name) for item in waiting.oldest(OLDEST)),
            )
            for waiting in workspace.kinds
        )
        parts.append(WorkspacePart(workspace.name, workspace.total, kinds))
    counts = {kind.name: collected.count(kind) for kind in KINDS}
    return Digest(day, zone_name, tuple(parts), collected.unread, counts)


def render_digest(digest: Digest) -> Rendered:
    with_items = [w for w in digest.workspaces if w.total]
    names = ", ".join(w.name for w in with_items)
    subject = _one_line(f"{_items(digest.total)} waiting for your decision ({names})")
    context = _context(digest=digest, workspaces=with_items, subject=subject)
    counts = ", ".join(
        f"{digest.counts[kind.name]} {kind.plural}" for kind in KINDS if digest.counts[kind.name]
    )
    chat = f"{_items(digest.total)} waiting for your decision: {counts}. {context['inbox_url']}"
    return Rendered(
        subject,
        _tidy(render_to_string("notifications/digest.txt", context)),
        render_to_string("notifications/digest.html", context),
        chat,
    )


@dataclass(frozen=True)
class Alert:
    hours: int
    lines: tuple[Line, ...]
    counts: dict[str, int]  # kind name → items alerted

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def more(self) -> int:
        return self.total - len(self.lines)

    def summary(self) -> dict[str, Any]:
        return {"after_hours": self.hours, "total": self.total, **self.counts}


def overdue(collected: Collected, *, now: datetime, hours: int) -> list[Item]:
    """The items that have waited longer than ``hours``, longest first."""
    limit = timedelta(hours=hours)
    late = [item for item in collected.items if (item.waited(now) or timedelta(0)) > limit]
    return sorted(late, key=lambda item: item.waited(now) or timedelta(0), reverse=True)


def build_alert(items: Sequence[Item], *, now: datetime, zone_name: str, hours: int) -> Alert:
    lines = tuple(Line.of(item, now, zone_name) for item in items[:ALERT_LINES])
    counts = {kind.name: sum(1 for item in items if item.kind == kind) for kind in KINDS}
    return Alert(hours, lines, counts)


def render_alert(alert: Alert) -> Rendered:
    subject = _one_line(f"{_items(alert.total)} waited longer than {_hours(alert.hours)}")
    context = _context(alert=alert, subject=subject)
    oldest = alert.lines[0] if alert.lines else None
    chat = f"{subject}." + (f" The longest: {oldest.item.what}, {oldest.waited}." if oldest else "")
    return Rendered(
        subject,
        _tidy(render_to_string("notifications/alert.txt", context)),
        render_to_string("notifications/alert.html", context),
        f"{chat} {context['inbox_url']}",
    )


def _context(**extra: Any) -> dict[str, Any]:
    return {
        "inbox_url": absolute(reverse("approvals:inbox")),
        "settings_url": absolute(reverse("notifications:settings")),
        "switch_url": absolute(reverse("accounts:workspace")),
        **extra,
    }


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}"


def _hours(hours: int) -> str:
    return f"{hours} hour{'' if hours == 1 else 's'}"


def _tidy(text: str) -> str:
    """A text template's output without trailing spaces or runs of blank lines."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    kept = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
    return "\n".join(kept) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
