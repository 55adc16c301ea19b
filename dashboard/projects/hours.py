"""This week's hours of a project's members, each against the weekly limit of their contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.core.weeks import WeekHours, weekly_limit
from dashboard.webwork.records import Contract, Report


@dataclass(frozen=True)
class MemberWeek:
    """One member on the project: their contract, and this week's hours on it."""

    contract: Contract
    week: WeekHours


def member_weeks(contracts: Iterable[Contract], report: Report | None) -> list[MemberWeek]:
    """The project's members by name. ``report`` is this week's tracked hours of this project
    only (None when the role may not read it: every member then shows no hours)."""
    minutes = report.minutes_by_user() if report is not None else {}
    rows = [
        MemberWeek(c, WeekHours(minutes.get(c.user_id, 0), weekly_limit(c.weekly_hours_limit)))
        for c in contracts
    ]
    return sorted(rows, key=lambda r: (r.contract.user_name.casefold(), r.contract.id))


def total_hours(rows: Iterable[MemberWeek]) -> float:
    return round(sum(r.week.minutes for r in rows) / 60, 1)
