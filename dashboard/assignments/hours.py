"""Hours tracked this week on each contract, against its weekly limit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.core.weeks import WeekHours, weekly_limit
from dashboard.core.weeks import this_week as this_week  # the views' week, from here too
from dashboard.webwork.records import Contract, Report

from .enums import RATE_TYPE_LABELS, SCREENSHOT_LABELS


def minutes_by_contract(report: Report) -> dict[int, int]:
    totals: dict[int, int] = {}
    for entry in report.tracked_hours():
        if entry.contract_id is not None:
            totals[entry.contract_id] = totals.get(entry.contract_id, 0) + entry.minutes
    return totals


@dataclass(frozen=True)
class ContractRow:
    """One contract as the table shows it: the contract and its hours this week."""

    contract: Contract
    minutes: int = 0

    @property
    def week(self) -> WeekHours:
        return WeekHours(self.minutes, weekly_limit(self.contract.weekly_hours_limit))

    @property
    def hours(self) -> float:
        return self.week.hours

    @property
    def limit(self) -> int | None:
        return self.week.limit

    @property
    def level(self) -> str:
        return self.week.level

    @property
    def meter_max(self) -> float:
        return self.week.meter_max

    @property
    def screenshots_label(self) -> str:
        mode = self.contract.screenshots or ""
        return SCREENSHOT_LABELS.get(mode, mode.replace("_", " ").capitalize())

    @property
    def rate_type_label(self) -> str:
        return RATE_TYPE_LABELS.get(self.contract.rate_type or 0, "")


def rows_for(contracts: Iterable[Contract], report: Report | None) -> list[ContractRow]:
    minutes = minutes_by_contract(report) if report else {}
    return [ContractRow(c, minutes.get(c.id, 0)) for c in contracts]


def grouped(rows: Iterable[ContractRow], by: str) -> list[tuple[str, list[ContractRow]]]:
    """Consecutive rows under their project (or member) name, in the order given."""
    groups: list[tuple[str, list[ContractRow]]] = []
    for row in rows:
        name = row.contract.project_name if by == "project" else row.contract.user_name
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(row)
    return groups


def ordered(rows: Iterable[ContractRow], by: str) -> list[ContractRow]:
    def key(row: ContractRow) -> tuple[str, str, int]:
        c = row.contract
        first, second = (
            (c.project_name, c.user_name) if by == "project" else (c.user_name, c.project_name)
        )
        return first.casefold(), second.casefold(), c.id

    return sorted(rows, key=key)
