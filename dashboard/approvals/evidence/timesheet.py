"""A timesheet's evidence: the week day by day, limits, leave, manual time, expenses and flags.

Reference: WebWork lists time entries one member and one day at a time, so reading every day
of a week would cost seven calls a review. The entries of a day are read when the reviewer opens
that day (``day``), and the week's expenses when they are opened; the rest of the page reads the
sheet, the contracts (reference data, shared with the inbox and the lists), and the member's
leave and approved time requests, all at once when the link tells the member and the dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dashboard.core.weeks import weekly_limit
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Contract, Leave, TimeRequest, Timesheet
from dashboard.webwork.records.work import Expense, TimeEntry
from dashboard.webwork.resources.query import Paging

from ..flags import MANUAL_SHARE
from ..hints import Hint
from ..kinds import TIMESHEET, member_name
from .common import ENTRIES_PER_DAY, OFF, PER_PAGE, day_list, days_of, duration


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
    leave: tuple[Leave, ...]
    manual: int  # minutes of approved time requests that day
    entries: tuple[TimeEntry, ...] = ()
    entries_read: bool = False

    @property
    def activity(self) -> int | None:
        """The day's activity level, weighted by the minutes of the entries that have one."""
        rated = [(e.activity_level, e.minutes) for e in self.entries]
        weight = sum(m for level, m in rated if level is not None)
        total = sum((level or 0) * m for level, m in rated)
        return round(total / weight) if weight else None

    @property
    def approved_leave(self) -> tuple[Leave, ...]:
        return tuple(leave for leave in self.leave if leave.status == "approved")


@dataclass(frozen=True)
class ContractHours:
    project: str
    minutes: int | None  # None: the sheet has no breakdown by contract
    limit: int | None  # hours a week; None for no limit

    @property
    def over(self) -> bool:
        return self.limit is not None and (self.minutes or 0) > self.limit * 60

    @property
    def share(self) -> int | None:
        if not self.limit or self.minutes is None:
            return None
        return round(100 * self.minutes / (self.limit * 60))


@dataclass(frozen=True)
class TimesheetEvidence:
    sheet: Timesheet
    member: str
    days: list[Day]
    projects: list[str]
    contracts: list[ContractHours]
    leaves: list[Leave] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    flags: list[Flagged] = field(default_factory=list)
    expenses_read: bool = False

    @property
    def minutes(self) -> int:
        return self.sheet.minutes or 0

    @property
    def has_breakdown(self) -> bool:
        return bool(self.sheet.days) or self.sheet.minutes == 0

    @property
    def manual_minutes(self) -> int:
        return sum(d.manual for d in self.days)

    @property
    def manual_share(self) -> int:
        return round(100 * self.manual_minutes / self.minutes) if self.minutes else 0

    @property
    def grid(self) -> list[tuple[Day, list[tuple[str, int]]]]:
        """Each day with its minutes on each of the week's projects, in the columns' order."""
        return [(d, [(p, d.projects.get(p, 0)) for p in self.projects]) for d in self.days]

    @property
    def project_totals(self) -> list[tuple[str, int]]:
        return [(p, sum(d.projects.get(p, 0) for d in self.days)) for p in self.projects]

    def opened(self, day: date) -> Day | None:
        return next((d for d in self.days if d.day == day), None)


def timesheet_evidence(
    client: WebworkClient,
    sheet_id: str,
    *,
    refresh: bool = False,
    day: date | None = None,
    hint: Hint | None = None,
) -> TimesheetEvidence:
    """The sheet, the contracts (reference data, which also name the member), and the member's
    leave and approved time requests over the sheet's dates (with the entries of ``day``): one
    round when ``hint`` names the sheet's member and dates, two without. The week's expenses are
    read on demand (``week_expenses``)."""
    paging = Paging(per_page=PER_PAGE, refresh=refresh)

    def around(where: Hint) -> list[Callable[[], Any]]:
        week: dict[str, Any] = {"date_from": where.start, "date_to": where.end}
        user = where.user_id
        opened = day if day is not None and where.start <= day <= where.end else None
        return [
            lambda: client.leaves.list(user_id=user, paging=paging, **week),
            lambda: client.time_requests.list(
                status="approved", user_id=user, paging=paging, **week
            ),
            lambda: (
                ()
                if opened is None
                else client.time_entries.list(
                    user, opened, per_page=ENTRIES_PER_DAY, refresh=refresh
                )
            ),
        ]

    sheet, contracts, *hinted = client.gather(
        lambda: TIMESHEET.get_cached(client, sheet_id, refresh=refresh),
        lambda: client.contracts.all(refresh=refresh),
        *(around(hint) if hint is not None else ()),
    )
    where = Hint.of(sheet.user_id, sheet.date_from, sheet.date_to)
    member = _name(client, sheet, contracts, refresh=refresh)
    if where is None or sheet.date_to is None:
        return TimesheetEvidence(sheet, member or "Unknown member", [], [], [])
    if hint is None or not hint.matches(where.user_id, where.start, where.end):
        hinted = list(client.gather(*around(where)))
    leaves, requests, entries = hinted
    user = where.user_id
    own_leave = [lv for lv in leaves if lv.status in OFF and lv.user_id == user]
    mine = [c for c in contracts if c.user_id == user]
    evidence = _week(sheet, mine, own_leave, [r for r in requests if r.user_id == user])
    opened = day if day is not None and where.start <= day <= where.end else None
    if opened is not None:
        days = [
            replace(d, entries=tuple(entries), entries_read=True) if d.day == opened else d
            for d in evidence.days
        ]
        evidence = replace(evidence, days=days)
    evidence = replace(evidence, member=member, leaves=own_leave)
    return replace(evidence, flags=explain(evidence))


def _name(
    client: WebworkClient, sheet: Timesheet, contracts: Iterable[Contract], *, refresh: bool
) -> str:
    """The member's name: on the sheet (one doc variant), on their contracts, or (for a member
    with no contract) from the members."""
    if sheet.member_name:
        return sheet.member_name
    named = next((c.user_name for c in contracts if c.user_id == sheet.user_id and c.user_name), "")
    if named or sheet.user_id is None:
        return named
    return member_name(sheet.user_id, {m.id: m for m in client.members.all(refresh=refresh)})


def week_expenses(
    client: WebworkClient, evidence: TimesheetEvidence, *, refresh: bool = False
) -> TimesheetEvidence:
    """The evidence with the expenses its member recorded in the sheet's week (one read)."""
    sheet = evidence.sheet
    if sheet.user_id is None or sheet.date_from is None or sheet.date_to is None:
        return replace(evidence, expenses_read=True)
    paging = Paging(per_page=PER_PAGE, refresh=refresh)
    expenses = client.expenses.list(date_from=sheet.date_from, date_to=sheet.date_to, paging=paging)
    spent = [e for e in expenses if _spent_by(e, sheet.user_id, evidence.member)]
    return replace(evidence, expenses=spent, expenses_read=True)


def _spent_by(expense: Expense, user_id: int, member: str) -> bool:
    if expense.user_id is not None:
        return expense.user_id == user_id
    return bool(member) and expense.member_name.casefold() == member.casefold()


def _week(
    sheet: Timesheet, contracts: list[Contract], leaves: list[Leave], manual: list[TimeRequest]
) -> TimesheetEvidence:
    assert sheet.date_from is not None and sheet.date_to is not None
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_contract: dict[int, int] = defaultdict(int)
    for row in sheet.days:
        if row.date is not None:
            per_day[row.date][row.project_name or "No project"] += row.minutes
        if row.contract_id is not None:
            per_contract[row.contract_id] += row.minutes
    manual_on: dict[date, int] = defaultdict(int)
    for request in manual:
        if request.start is not None:
            manual_on[request.start.date()] += request.minutes or 0
    days = []
    for day in days_of(sheet.date_from, sheet.date_to):
        on = tuple(lv for lv in leaves if _covers(lv, day))
        projects = dict(per_day.get(day, {}))
        days.append(Day(day, sum(projects.values()), projects, on, manual_on.get(day, 0)))
    names = sorted({name for d in days for name in d.projects}, key=str.casefold)
    hours = [
        ContractHours(
            c.project_name or f"Project {c.project_id}",
            per_contract.get(c.id, 0) if sheet.days else None,
            weekly_limit(c.weekly_hours_limit),
        )
        for c in contracts
    ]
    return TimesheetEvidence(sheet, "", days, names, hours)


def _covers(leave: Leave, day: date) -> bool:
    start = leave.start_date
    return start is not None and start <= day <= (leave.end_date or start)


def explain(evidence: TimesheetEvidence) -> list[Flagged]:
    """The inbox's flags (``flags.timesheet_flags``), each with the numbers behind it."""
    flags = [_over(c) for c in evidence.contracts if c.over] or _over_all(evidence)
    share = evidence.manual_minutes / evidence.minutes if evidence.minutes else 0.0
    if share >= MANUAL_SHARE:
        text = (
            f"{duration(evidence.manual_minutes)} of the {duration(evidence.minutes)} on this "
            f"sheet came from approved requests for manual time; the inbox flags "
            f"{MANUAL_SHARE:.0%} or more."
        )
        flags.append(Flagged("manual", f"{evidence.manual_share}% manual time", text))
    for day in evidence.days:
        if day.minutes and day.approved_leave:
            policies = ", ".join(lv.policy_name or "Leave" for lv in day.approved_leave)
            title = f"Time tracked on leave, {day.day:%a %d %b}"
            text = f"{duration(day.minutes)} tracked on {day.day:%a %d %b}, a day of approved "
            flags.append(Flagged("on-leave", title, text + f"{policies}."))
    empty = [
        d.day
        for d in evidence.days
        if evidence.has_breakdown and d.day.weekday() < 5 and not d.minutes
        if not d.approved_leave
    ]
    if empty:
        noun = "weekday" if len(empty) == 1 else "weekdays"
        which = "that day" if len(empty) == 1 else "those days"
        text = f"Nothing tracked on {day_list(empty)}, and no approved leave on {which}."
        flags.append(Flagged("empty", f"{len(empty)} {noun} with nothing tracked", text))
    return flags


def _over(c: ContractHours) -> Flagged:
    minutes, limit = c.minutes or 0, (c.limit or 0) * 60
    text = (
        f"{duration(minutes)} tracked against a {c.limit} h limit on {c.project} "
        f"({c.share}% of it, {duration(minutes - limit)} over)."
    )
    return Flagged("over-limit", f"Over the weekly limit on {c.project}", text)


def _over_all(evidence: TimesheetEvidence) -> list[Flagged]:
    """Without a breakdown by contract: the total against all the member's limits together."""
    limits = [c.limit for c in evidence.contracts]
    if evidence.sheet.days or not limits or None in limits or not evidence.minutes:
        return []
    allowed = sum(limit or 0 for limit in limits) * 60
    if evidence.minutes <= allowed:
        return []
    text = (
        f"{duration(evidence.minutes)} tracked against weekly limits of {duration(allowed)} on "
        f"all of the member's contracts together (WebWork sent no breakdown by contract)."
    )
    return [Flagged("over-limit", "Over the weekly limits", text)]
