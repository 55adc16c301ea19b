"""What a manager looks at before deciding on one item, read from the service layer.

Each review reads in at most two concurrent rounds: the item (it names the member and the
dates), then everything about that member on those dates. Every read is cached the way lists
are (the item itself through the client's response cache, under its resource's namespace, so a
decision invalidates it), so a review opened again within the lists' TTL costs no call.

Reference: WebWork lists time entries one member and one day at a time, so a timesheet's
entries cost one call per day with time on it (see ``timesheet``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dashboard.core.weeks import weekly_limit
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Contract, Leave, Page, TimeRequest, Timesheet
from dashboard.webwork.records.work import Expense, TimeEntry
from dashboard.webwork.transport.cache import LIST_TTL, ResponseCache

from .flags import MANUAL_SHARE
from .kinds import LEAVE, TIME_REQUEST, TIMESHEET, member_name

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


def _item[T](
    client: WebworkClient, namespace: str, item_id: str, read: Callable[[], T], *, refresh: bool
) -> T:
    store = ResponseCache(client.budget_key, client.workspace_id)
    return store.get_or_fetch(namespace, {"review": item_id}, read, ttl=LIST_TTL, refresh=refresh)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _day_list(days: Iterable[date]) -> str:
    return ", ".join(d.strftime("%a %d %b") for d in sorted(days))


@dataclass(frozen=True)
class Flagged:
    """A flag of the inbox with the numbers behind it."""

    code: str
    title: str
    text: str


@dataclass(frozen=True)
class Day:
    day: date
    minutes: int
    projects: dict[str, int]  # project name -> minutes
    entries: tuple[TimeEntry, ...]
    leave: tuple[Leave, ...]
    entries_read: bool

    @property
    def manual_minutes(self) -> int:
        return sum(e.minutes for e in self.entries if e.is_manual)

    @property
    def activity(self) -> int | None:
        """The day's activity level, weighted by the minutes of entries that have one."""
        rated = [
            (e.activity_level or 0, e.minutes) for e in self.entries if e.activity_level is not None
        ]
        weight = sum(m for _, m in rated)
        return round(sum((a or 0) * m for a, m in rated) / weight) if weight else None

    @property
    def approved_leave(self) -> tuple[Leave, ...]:
        return tuple(leave for leave in self.leave if leave.status == "approved")


@dataclass(frozen=True)
class ContractHours:
    project: str
    minutes: int
    limit: int | None  # hours a week; None for no limit

    @property
    def over(self) -> bool:
        return self.limit is not None and self.minutes > self.limit * 60

    @property
    def share(self) -> int | None:
        return round(100 * self.minutes / (self.limit * 60)) if self.limit else None


@dataclass(frozen=True)
class TimesheetEvidence:
    sheet: Timesheet
    member: str
    days: list[Day]
    projects: list[str]
    contracts: list[ContractHours]
    leaves: list[Leave]
    expenses: list[Expense]
    flags: list[Flagged] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return (
            self.sheet.minutes
            if self.sheet.minutes is not None
            else sum(d.minutes for d in self.days)
        )

    @property
    def entry_minutes(self) -> int:
        return sum(e.minutes for d in self.days for e in d.entries)

    @property
    def manual_minutes(self) -> int:
        return sum(d.manual_minutes for d in self.days)

    @property
    def manual_share(self) -> int:
        return round(100 * self.manual_minutes / self.entry_minutes) if self.entry_minutes else 0

    @property
    def grid(self) -> list[tuple[Day, list[tuple[str, int]]]]:
        """Each day with its minutes on each of the week's projects, in the columns' order."""
        return [(d, [(p, d.projects.get(p, 0)) for p in self.projects]) for d in self.days]

    @property
    def project_totals(self) -> list[tuple[str, int]]:
        return [(p, sum(d.projects.get(p, 0) for d in self.days)) for p in self.projects]

    @property
    def expense_totals(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for expense in self.expenses:
            totals[expense.currency or ""] += expense.amount or 0
        return dict(totals)


def timesheet(client: WebworkClient, sheet_id: str, *, refresh: bool = False) -> TimesheetEvidence:
    """Round one: the sheet and the contracts. Round two: the member's leave and expenses over
    the sheet's dates, and the entries of each day (each day with time, or every day of a sheet
    without a daily breakdown)."""
    sheet, contracts = client.gather(
        lambda: _item(
            client, "timesheets", sheet_id, lambda: TIMESHEET.get(client, sheet_id), refresh=refresh
        ),
        lambda: client.contracts.all(refresh=refresh),
    )
    if sheet.date_from is None or sheet.date_to is None or sheet.user_id is None:
        return TimesheetEvidence(sheet, sheet.member_name or "Unknown member", [], [], [], [], [])
    user, start, end = sheet.user_id, sheet.date_from, sheet.date_to
    known = sheet.days or sheet.minutes == 0
    wanted = (
        sorted({d.date for d in sheet.days if d.date and d.minutes}) if known else _days(start, end)
    )
    reads: list[Callable[[], Any]] = [
        lambda: client.leaves.list(
            user_id=user, date_from=start, date_to=end, per_page=PER_PAGE, refresh=refresh
        ),
        lambda: client.expenses.list(
            date_from=start, date_to=end, per_page=PER_PAGE, refresh=refresh
        ),
        lambda: sheet.member_name or _name(client, user),
    ]
    reads += [_entries_of(client, user, day, refresh=refresh) for day in wanted]
    leaves, expenses, name, *entry_pages = client.gather(*reads)
    entries = {day: tuple(page) for day, page in zip(wanted, entry_pages, strict=True)}
    mine = [c for c in contracts if c.user_id == user]
    own_leave = [lv for lv in leaves if lv.status in OFF and lv.user_id == user]
    evidence = _sheet_evidence(sheet, mine, own_leave, entries, bool(known))
    member = sheet.member_name or name
    spent = [e for e in expenses if _spent_by(e, user, member)]
    evidence = TimesheetEvidence(
        sheet, member, evidence.days, evidence.projects, evidence.contracts, own_leave, spent
    )
    return TimesheetEvidence(**{**evidence.__dict__, "flags": explain(evidence)})


def _entries_of(
    client: WebworkClient, user_id: int, day: date, *, refresh: bool
) -> Callable[[], Page[TimeEntry]]:
    return lambda: client.time_entries.list(user_id, day, per_page=ENTRIES_PER_DAY, refresh=refresh)


def _name(client: WebworkClient, user_id: int) -> str:
    return member_name(user_id, {m.id: m for m in client.members.all()})


def _spent_by(expense: Expense, user_id: int, member: str) -> bool:
    if expense.user_id is not None:
        return expense.user_id == user_id
    return bool(member) and expense.member_name.casefold() == member.casefold()


def _sheet_evidence(
    sheet: Timesheet,
    contracts: list[Contract],
    leaves: list[Leave],
    entries: dict[date, tuple[TimeEntry, ...]],
    breakdown: bool,
) -> TimesheetEvidence:
    assert sheet.date_from is not None and sheet.date_to is not None
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_contract: dict[int, int] = defaultdict(int)
    if breakdown:
        for row in sheet.days:
            if row.date is not None:
                per_day[row.date][row.project_name or "No project"] += row.minutes
            if row.contract_id is not None:
                per_contract[row.contract_id] += row.minutes
    else:
        for day_entries in entries.values():
            for e in day_entries:
                per_day[e.date or sheet.date_from][e.project_name or "No project"] += e.minutes
                if e.contract_id is not None:
                    per_contract[e.contract_id] += e.minutes
    days = []
    for day in _days(sheet.date_from, sheet.date_to):
        on = tuple(lv for lv in leaves if _covers(lv, day))
        projects = dict(per_day.get(day, {}))
        days.append(
            Day(day, sum(projects.values()), projects, entries.get(day, ()), on, day in entries)
        )
    names = sorted({name for d in days for name in d.projects}, key=str.casefold)
    hours = [
        ContractHours(
            c.project_name or f"Project {c.project_id}",
            per_contract.get(c.id, 0),
            weekly_limit(c.weekly_hours_limit),
        )
        for c in contracts
    ]
    return TimesheetEvidence(sheet, "", days, names, hours, leaves, [])


def _covers(leave: Leave, day: date) -> bool:
    start = leave.start_date
    return start is not None and start <= day <= (leave.end_date or start)


def explain(evidence: TimesheetEvidence) -> list[Flagged]:
    """The inbox's flags, each with the numbers behind it."""
    flags = [
        Flagged(
            "over-limit",
            f"Over the weekly limit on {c.project}",
            f"{duration(c.minutes)} tracked against a {c.limit} h limit on {c.project} "
            f"({c.share}% of it, {duration(c.minutes - (c.limit or 0) * 60)} over).",
        )
        for c in evidence.contracts
        if c.over
    ]
    if evidence.entry_minutes and evidence.manual_minutes / evidence.entry_minutes >= MANUAL_SHARE:
        flags.append(
            Flagged(
                "manual",
                f"{evidence.manual_share}% manual time",
                f"{duration(evidence.manual_minutes)} of the {duration(evidence.entry_minutes)} in "
                f"this week's entries was added by hand, not tracked; the inbox flags "
                f"{MANUAL_SHARE:.0%} or more.",
            )
        )
    for day in evidence.days:
        if day.minutes and day.approved_leave:
            policies = ", ".join(lv.policy_name or "leave" for lv in day.approved_leave)
            flags.append(
                Flagged(
                    "on-leave",
                    f"Time tracked on leave, {day.day:%a %d %b}",
                    f"{duration(day.minutes)} tracked on {day.day:%a %d %b}, a day of approved "
                    f"{policies}.",
                )
            )
    known = (
        evidence.sheet.days
        or any(d.entries_read for d in evidence.days)
        or (evidence.sheet.minutes == 0)
    )
    empty = [
        d.day
        for d in evidence.days
        if known and d.day.weekday() < 5 and not d.minutes and not d.approved_leave
    ]
    if empty:
        noun = "weekday" if len(empty) == 1 else "weekdays"
        flags.append(
            Flagged(
                "empty",
                f"{len(empty)} {noun} with nothing tracked",
                f"Nothing tracked on {_day_list(empty)}, and no approved leave on "
                f"{'that day' if len(empty) == 1 else 'those days'}.",
            )
        )
    return flags


@dataclass(frozen=True)
class Amount:
    value: float
    unit: str  # "days" or "hours" as WebWork writes them

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


_AMOUNT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z]*)")


def parse_amount(text: str) -> Amount | None:
    """WebWork's balance text (``12 days``, ``96 hours``) as a number and its unit."""
    found = _AMOUNT.match(text or "")
    if not found:
        return None
    return Amount(float(found.group(1)), found.group(2) or "days")


@dataclass(frozen=True)
class LeaveEvidence:
    leave: Leave
    member: str
    year: int
    balance: Amount | None  # as WebWork has it now
    before: Amount | None
    after: Amount | None
    others: list[tuple[str, Leave]]  # who else is off on those dates

    @property
    def negative(self) -> bool:
        return self.after is not None and self.after.value < 0


def leave(client: WebworkClient, leave_id: str, *, refresh: bool = False) -> LeaveEvidence:
    """Round one: the leave. Round two: the balances of its own policy year and everyone's
    leave on its dates (the balances also name the members)."""
    record = _item(client, "leaves", leave_id, lambda: LEAVE.get(client, leave_id), refresh=refresh)
    start = record.start_date or datetime.now(UTC).date()
    end = record.end_date or start
    year = start.year  # the policy year the request is counted in
    balances, overlapping = client.gather(
        lambda: client.leaves.balances_all(year, refresh=refresh),
        lambda: client.leaves.list(
            date_from=start, date_to=end, per_page=PER_PAGE, refresh=refresh
        ),
    )
    names = {b.user_id: b.user_name for b in balances if b.user_id is not None}
    balance = None
    for row in balances:
        if row.user_id == record.user_id:
            balance = parse_amount(dict(row.balances).get(record.policy_name, ""))
    before, after = _before_after(record, balance)
    others = [
        (names.get(lv.user_id or -1) or member_name(lv.user_id, {}), lv)
        for lv in overlapping
        if lv.status in OFF and lv.id != record.id and lv.user_id != record.user_id
    ]
    member = names.get(record.user_id or -1) or member_name(record.user_id, {})
    return LeaveEvidence(record, member, year, balance, before, after, others)


def _before_after(record: Leave, balance: Amount | None) -> tuple[Amount | None, Amount | None]:
    """Balances subtract approved leave only: a pending request is not in the balance yet."""
    if balance is None:
        return None, None
    asked = record.hours if balance.unit.startswith("hour") else record.days
    if asked is None:
        return balance, None
    if record.status == "approved":
        return Amount(balance.value + asked, balance.unit), balance
    return balance, Amount(balance.value - asked, balance.unit)


@dataclass(frozen=True)
class Slot:
    """One line of the day's timeline: an entry, or the requested interval itself."""

    start: datetime | None
    end: datetime | None
    minutes: int
    entry: TimeEntry | None
    overlaps: bool


@dataclass(frozen=True)
class TimeRequestEvidence:
    request: TimeRequest
    member: str
    project: str
    day: date | None
    slots: list[Slot]

    @property
    def overlapping(self) -> list[Slot]:
        return [s for s in self.slots if s.entry is not None and s.overlaps]

    @property
    def tracked(self) -> int:
        return sum(s.minutes for s in self.slots if s.entry is not None)


def time_request(
    client: WebworkClient, request_id: str, *, refresh: bool = False
) -> TimeRequestEvidence:
    """Round one: the request and the members. Round two: the member's entries that day."""
    record, members = client.gather(
        lambda: _item(
            client,
            "time_requests",
            request_id,
            lambda: TIME_REQUEST.get(client, request_id),
            refresh=refresh,
        ),
        lambda: client.members.all(refresh=refresh),
    )
    people = {m.id: m for m in members}
    member = member_name(record.user_id, people)
    if record.start is None or record.user_id is None:
        return TimeRequestEvidence(record, member, "", None, [])
    day = record.start.astimezone(UTC).date()  # entry days are UTC days
    entries = list(
        client.time_entries.list(record.user_id, day, per_page=ENTRIES_PER_DAY, refresh=refresh)
    )
    project = next(
        (e.project_name for e in entries if e.project_id == record.project_id and e.project_name),
        "",
    )
    slots = [
        Slot(e.start, e.end, e.minutes, e, _overlap(e.start, e.end, record.start, record.end))
        for e in entries
    ]
    asked = Slot(record.start, record.end, record.minutes or 0, None, False)
    slots = sorted([*slots, asked], key=lambda s: s.start or record.start)  # type: ignore[arg-type,return-value]
    return TimeRequestEvidence(record, member, project, day, slots)


def _overlap(
    a_start: datetime | None,
    a_end: datetime | None,
    b_start: datetime | None,
    b_end: datetime | None,
) -> bool:
    if None in (a_start, a_end, b_start, b_end):
        return False
    return a_start < b_end and b_start < a_end  # type: ignore[operator]
