"""Hours tracked this week on each contract, against its weekly limit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.webwork.records import Contract, Report

from .enums import MAX_WEEKLY_HOURS, RATE_TYPE_LABELS, SCREENSHOT_LABELS

NEAR = 0.8  # share of the weekly limit from which a contract is "near" it


def this_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week ``today`` is in (WebWork's report week)."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


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
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def limit(self) -> int | None:
        """The weekly limit in hours; None for no limit: none given, or one past the hours of a
        week (WebWork may hold a float such as 1e308 for "none")."""
        limit = self.contract.weekly_hours_limit
        return None if limit is None or limit > MAX_WEEKLY_HOURS else limit

    @property
    def level(self) -> str:
        """ "over" at or past the limit, "near" from 80% of it, else "" (also without a limit)."""
        if self.limit is None or self.minutes == 0:
            return ""
        if self.minutes >= self.limit * 60:
            return "over"
        return "near" if self.minutes >= self.limit * 60 * NEAR else ""

    @property
    def meter_max(self) -> float:
        return float(self.limit or max(self.hours, 1))

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
