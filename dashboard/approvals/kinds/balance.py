"""Leave balances as WebWork writes them (``12 days``, ``-24 hours``), and what a request leaves."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.webwork.records import Leave


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


def before_after(record: Leave, balance: Amount | None) -> tuple[Amount | None, Amount | None]:
    """The balance before and after ``record`` is approved. Balances subtract approved leave
    only: a pending request is not in the balance yet."""
    if balance is None:
        return None, None
    asked = record.hours if balance.unit.startswith("hour") else record.days
    if asked is None:
        return balance, None
    if record.status == "approved":
        return Amount(balance.value + asked, balance.unit), balance
    return balance, Amount(balance.value - asked, balance.unit)
