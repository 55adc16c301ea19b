"""A timesheet's evidence: the week day by day, its entries, limits, leave, expenses and flags."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboard.core.weeks import weekly_limit
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Contract, Leave, Page, Timesheet
from dashboard.webwork.records.work import Expense, TimeEntry

from ..flags import MANUAL_SHARE
from ..kinds import TIMESHEET, member_name
from .common import ENTRIES_PER_DAY, OFF, PER_PAGE, cached_item, day_list, days_of, duration


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
        lambda: cached_item(
            client, "timesheets", sheet_id, lambda: TIMESHEET.get(client, sheet_id), refresh=refresh
        ),
        lambda: client.contracts.all(refresh=refresh),
    )
    if sheet.date_from is None or sheet.date_to is None or sheet.user_id is None:
        return TimesheetEvidence(sheet, sheet.member_name or "Unknown member", [], [], [], [], [])
    user, start, end = sheet.user_id, sheet.date_from, sheet.date_to
    known = sheet.days or sheet.minutes == 0
    wanted = (
        sorted({d.date for d in sheet.days if d.date and d.minutes})
        if known
        else days_of(start, end)
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
    for day in days_of(sheet.date_from, sheet.date_to):
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
                f"Nothing tracked on {day_list(empty)}, and no approved leave on "
                f"{'that day' if len(empty) == 1 else 'those days'}.",
            )
        )
    return flags
