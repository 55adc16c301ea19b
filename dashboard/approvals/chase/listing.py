"""Who has not submitted a week's timesheet: the members, the week's sheets and approved leave.

Three reads, run together: the members (reference data), the timesheets whose period overlaps
the week and the approved leave that overlaps it (each every page, 100 a page). A member is
listed when they are active, not a project viewer, and none of their sheets of the week is
``submitted`` or ``approved`` (``pending``, WebWork's ``open``, ``rejected`` or no sheet at all).
Leave counts in working days (Monday to Friday) of the week; a member whose approved leave
covers all five is left out and counted instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Leave, Member, Page, Timesheet
from dashboard.webwork.resources.query import Paging

from ..models import Reminder
from .weeks import WORKDAYS, Week

DONE = frozenset({"submitted", "approved"})
SUBMITTABLE = frozenset({"pending", "rejected"})  # WebWork's state machine (``open`` is pending)
VIEWER = "project viewer"
PER_PAGE = 100  # WebWork's largest page
LONGEST_LEAVE = 366  # days of a leave walked to count its working days


@dataclass(frozen=True)
class Row:
    """A member without a submitted timesheet for the week."""

    member: Member
    sheets: tuple[Timesheet, ...] = ()
    minutes: int = 0
    leave_days: float = 0.0
    last_reminder: Reminder | None = None
    reminders: int = 0

    @property
    def id(self) -> int:
        return self.member.id

    @property
    def name(self) -> str:
        return self.member.name

    @property
    def sheet(self) -> Timesheet | None:
        """The sheet that submitting on the member's behalf would submit (or the first)."""
        return self.submittable or (self.sheets[0] if self.sheets else None)

    @property
    def submittable(self) -> Timesheet | None:
        return next((s for s in self.sheets if s.status in SUBMITTABLE), None)

    @property
    def state(self) -> str:
        """``none`` (no sheet), or the sheet's status (``pending`` for WebWork's ``open``)."""
        sheet = self.sheet
        return sheet.status if sheet is not None else "none"

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True)
class Chase:
    """The week's missing members, and what the page says of the others."""

    week: Week
    rows: tuple[Row, ...]
    on_leave: tuple[Member, ...] = ()
    done: tuple[Member, ...] = ()
    fetched_at: datetime | None = None
    members: Mapping[int, Member] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        """Active members the week was checked for."""
        return len(self.rows) + len(self.on_leave) + len(self.done)

    def row(self, member_id: int) -> Row | None:
        return next((row for row in self.rows if row.id == member_id), None)

    def why_not_listed(self, member_id: int) -> str:
        """Why an active member is not on the list ("" when they are, or are not known)."""
        if any(m.id == member_id for m in self.done):
            return "has submitted the week's timesheet"
        if any(m.id == member_id for m in self.on_leave):
            return "is on leave all week"
        return ""

    def teams(self) -> list[str]:
        names = {row.member.team_name for row in self.rows if row.member.team_name}
        return sorted(names, key=str.casefold)


def read(
    client: WebworkClient, week: Week, *, refresh: bool = False, fresh_sheets: bool = False
) -> Chase:
    """The chase list of ``week``; ``fresh_sheets`` reads the timesheets past the cache (right
    before reminders go out or sheets are submitted), ``refresh`` everything."""
    members, sheets, leaves = client.gather(
        lambda: client.members.all(refresh=refresh),
        lambda: every_page(
            client,
            lambda paging: client.timesheets.list(
                date_from=week.monday, date_to=week.sunday, paging=paging
            ),
            refresh=refresh or fresh_sheets,
        ),
        lambda: every_page(
            client,
            lambda paging: client.leaves.list(
                status="approved", date_from=week.monday, date_to=week.sunday, paging=paging
            ),
            refresh=refresh,
        ),
    )
    fetched = [page.fetched_at for page in (members, sheets, leaves) if page.fetched_at]
    return assemble(week, members, sheets, leaves, fetched_at=min(fetched, default=None))


def every_page[T](
    client: WebworkClient, fetch: Callable[[Paging], Page[T]], *, refresh: bool
) -> Page[T]:
    """Every page of a filtered list: the first, then the rest together."""
    first = fetch(Paging(1, PER_PAGE, refresh=refresh))
    if first.last_page <= 1:
        return first
    numbers = range(2, min(first.last_page, settings.WEBWORK_MAX_PAGES) + 1)
    rest = client.gather(
        *(lambda n=n: fetch(Paging(n, PER_PAGE, refresh=refresh)) for n in numbers)
    )
    items = tuple(item for page in (first, *rest) for item in page)
    oldest = min((page.fetched_at for page in (first, *rest)), default=first.fetched_at)
    return Page(items, total=first.total, last_page=1, fetched_at=oldest)


def assemble(
    week: Week,
    members: Iterable[Member],
    sheets: Iterable[Timesheet],
    leaves: Iterable[Leave],
    *,
    fetched_at: datetime | None = None,
) -> Chase:
    active = {m.id: m for m in members if is_chased(m)}
    by_member: dict[int, list[Timesheet]] = defaultdict(list)
    for sheet in sheets:
        if sheet.user_id in active and _overlaps(sheet, week):
            by_member[sheet.user_id].append(sheet)
    off = leave_by_day(leaves, week)
    rows, on_leave, done = [], [], []
    for member in sorted(active.values(), key=lambda m: m.name.casefold()):
        mine = by_member.get(member.id, [])
        if any(sheet.status in DONE for sheet in mine):
            done.append(member)
        elif whole_week(off.get(member.id, {})):
            on_leave.append(member)
        else:
            days = round(sum(off.get(member.id, {}).values()), 1)
            minutes = sum(minutes_in(sheet, week) for sheet in mine)
            rows.append(Row(member, tuple(mine), minutes, days))
    return Chase(week, tuple(rows), tuple(on_leave), tuple(done), fetched_at, active)


def is_chased(member: Member) -> bool:
    """Active, not archived, and not a project viewer (who tracks no time)."""
    role = " ".join(member.role.split()).casefold()
    return member.status == "active" and member.archived_at is None and role != VIEWER


def leave_by_day(leaves: Iterable[Leave], week: Week) -> dict[int, dict[date, float]]:
    """Per member, the share of each working day of ``week`` on approved leave (0 to 1).

    A leave's ``total.days`` is spread over its working days (a half day is 0.5); without it,
    each working day counts whole.
    """
    off: dict[int, dict[date, float]] = defaultdict(dict)
    for leave in leaves:
        start, end = leave.start_date, leave.end_date
        if leave.status != "approved" or leave.user_id is None or start is None or end is None:
            continue
        span = _workdays(start, end)
        share = 1.0 if leave.days is None or not span else min(1.0, leave.days / span)
        for day in week.workdays:
            if start <= day <= end:
                mine = off[leave.user_id]
                mine[day] = min(1.0, mine.get(day, 0.0) + share)
    return off


def whole_week(days: Mapping[date, float]) -> bool:
    return len(days) == WORKDAYS and all(share >= 0.999 for share in days.values())


def minutes_in(sheet: Timesheet, week: Week) -> int:
    """The sheet's minutes inside the week (its daily breakdown when WebWork sends one)."""
    if sheet.days:
        return sum(d.minutes for d in sheet.days if d.date and week.monday <= d.date <= week.sunday)
    return sheet.minutes or 0


def matching(rows: Iterable[Row], filters: Mapping[str, Any]) -> list[Row]:
    team = filters.get("team")
    return [row for row in rows if not team or row.member.team_name == team]


SORTS: dict[str, Callable[[Row], Any]] = {
    "name": lambda row: row.name.casefold(),
    "team": lambda row: (row.member.team_name or "").casefold(),
    "hours": lambda row: row.minutes,
    "days_off": lambda row: row.leave_days,
    "reminded": lambda row: row.last_reminder.created_at.timestamp() if row.last_reminder else 0,
}


def sorted_rows(rows: Iterable[Row], key: str, descending: bool) -> list[Row]:
    return sorted(rows, key=SORTS.get(key, SORTS["name"]), reverse=descending)


def _overlaps(sheet: Timesheet, week: Week) -> bool:
    start, end = sheet.date_from, sheet.date_to
    return (start is None or start <= week.sunday) and (end is None or end >= week.monday)


def _workdays(start: date, end: date) -> int:
    days = min((end - start).days + 1, LONGEST_LEAVE)
    return sum(1 for n in range(max(days, 0)) if (start + timedelta(days=n)).weekday() < WORKDAYS)
