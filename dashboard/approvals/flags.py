"""Things worth a second look on a timesheet, computed from data the inbox already has.

- more hours on a contract than its weekly limit (contracts, reference data);
- a large share of manual time (approved time requests in the sheet's period);
- time tracked on a day of approved leave;
- weekdays with nothing tracked (and no leave).

The restricted doc variant sends a timesheet's ``total_hours`` and no daily breakdown. Then the
total is held against the sum of the member's weekly limits (more than all of them together
means at least one is exceeded), and the flags that need days are not raised: a flag that cannot
be computed is left out, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.webwork.records import Contract, Leave, TimeRequest, Timesheet

MANUAL_SHARE = 0.25
NO_LIMIT_HOURS = 168  # WebWork's default weekly limit means "no limit"


@dataclass(frozen=True)
class Flag:
    code: str
    text: str


@dataclass(frozen=True)
class FlagData:
    limits: dict[int, tuple[int, str]]  # contract id -> (limit in minutes, project name)
    # user id -> the limit of each of their contracts in minutes, None where it has none
    member_limits: dict[int, list[int | None]]
    leave_days: dict[int, set[date]]
    manual: dict[int, list[tuple[date, int]]]

    @classmethod
    def build(
        cls,
        contracts: Iterable[Contract],
        leaves: Iterable[Leave],
        requests: Iterable[TimeRequest],
    ) -> FlagData:
        limits = {
            c.id: (c.weekly_hours_limit * 60, c.project_name)
            for c in contracts
            if c.weekly_hours_limit and c.weekly_hours_limit < NO_LIMIT_HOURS
        }
        member_limits: dict[int, list[int | None]] = defaultdict(list)
        for c in contracts:
            weekly = c.weekly_hours_limit
            limited = weekly is not None and 0 < weekly < NO_LIMIT_HOURS
            member_limits[c.user_id].append(weekly * 60 if weekly is not None and limited else None)
        leave_days: dict[int, set[date]] = defaultdict(set)
        for leave in leaves:
            if leave.user_id is None or leave.start_date is None or leave.status != "approved":
                continue
            leave_days[leave.user_id] |= set(_days(leave.start_date, leave.end_date))
        manual: dict[int, list[tuple[date, int]]] = defaultdict(list)
        for request in requests:
            if request.user_id is None or request.start is None or request.status != "approved":
                continue
            manual[request.user_id].append((request.start.date(), request.minutes or 0))
        return cls(limits, dict(member_limits), dict(leave_days), dict(manual))


def _days(start: date, end: date | None) -> Iterable[date]:
    day = start
    while day <= (end or start):
        yield day
        day += timedelta(days=1)


def timesheet_flags(sheet: Timesheet, data: FlagData) -> list[Flag]:
    flags = _over_limit(sheet, data)
    tracked: dict[date, int] = defaultdict(int)
    for day in sheet.days:
        if day.date is not None:
            tracked[day.date] += day.minutes
    on_leave = data.leave_days.get(sheet.user_id or -1, set())
    if share := _manual_share(sheet, data):
        flags.append(Flag("manual", f"{share:.0%} manual time"))
    leave_worked = sorted(d for d, minutes in tracked.items() if minutes and d in on_leave)
    if leave_worked:
        flags.append(Flag("on-leave", "Time tracked on leave: " + _dates(leave_worked)))
    if sheet.date_from and sheet.date_to and _has_days(sheet):
        empty = [
            d
            for d in _days(sheet.date_from, sheet.date_to)
            if d.weekday() < 5 and not tracked.get(d) and d not in on_leave
        ]
        if empty:
            noun = "weekday" if len(empty) == 1 else "weekdays"
            flags.append(Flag("empty", f"{len(empty)} {noun} with nothing tracked"))
    return flags


def _has_days(sheet: Timesheet) -> bool:
    """Whether the sheet's days are known: a breakdown came, or there is no time to break down."""
    return bool(sheet.days) or sheet.minutes == 0


def _over_limit(sheet: Timesheet, data: FlagData) -> list[Flag]:
    if not sheet.days:
        return _over_all_limits(sheet, data)
    per_contract: dict[int, int] = defaultdict(int)
    for day in sheet.days:
        if day.contract_id is not None:
            per_contract[day.contract_id] += day.minutes
    flags = []
    for contract_id, minutes in sorted(per_contract.items()):
        limit, project = data.limits.get(contract_id, (0, ""))
        if limit and minutes > limit:
            text = f"Over the weekly limit on {project or 'a contract'}: {_hours(minutes)} of "
            flags.append(Flag("over-limit", text + _hours(limit)))
    return flags


def _over_all_limits(sheet: Timesheet, data: FlagData) -> list[Flag]:
    limits = data.member_limits.get(sheet.user_id or -1, [])
    if not sheet.minutes or not limits or None in limits:
        return []  # an unlimited contract could hold any of the hours
    allowed = sum(limit for limit in limits if limit is not None)
    if sheet.minutes <= allowed:
        return []
    text = f"Over the weekly limit: {_hours(sheet.minutes)} of {_hours(allowed)}"
    return [Flag("over-limit", text)]


def _manual_share(sheet: Timesheet, data: FlagData) -> float:
    if not sheet.minutes or sheet.date_from is None or sheet.date_to is None:
        return 0.0
    manual = sum(
        minutes
        for day, minutes in data.manual.get(sheet.user_id or -1, [])
        if sheet.date_from <= day <= sheet.date_to
    )
    share = manual / sheet.minutes
    return share if share >= MANUAL_SHARE else 0.0


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d} h"


def _dates(days: list[date]) -> str:
    return ", ".join(d.strftime("%a %d %b") for d in days)
