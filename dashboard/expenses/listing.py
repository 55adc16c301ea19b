"""Which expenses a filter matches, and what they add up to.

WebWork filters expenses only by date, so the list reads every expense of the period (pages
fetched concurrently, cached briefly) and filters by member, project and category here; the
totals are over everything the filter matches, not just the page shown. Amounts are summed per
currency: an expense is in its project's currency, and sums across currencies mean nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dashboard.webwork.records import Expense, ExpenseCategory, Member, Project

UNKNOWN = "—"


@dataclass(frozen=True)
class Names:
    """The workspace's names by id, for the doc variant that sends names without ids."""

    members: dict[int, str]
    projects: dict[int, str]
    categories: dict[str, str]

    @classmethod
    def of(
        cls,
        members: Iterable[Member],
        projects: Iterable[Project],
        categories: Iterable[ExpenseCategory],
    ) -> Names:
        return cls(
            {m.id: m.name for m in members},
            {p.id: p.name for p in projects},
            {c.id: c.name for c in categories},
        )

    def member(self, expense: Expense) -> str:
        known = self.members.get(expense.user_id) if expense.user_id is not None else None
        return expense.member_name or known or UNKNOWN

    def project(self, expense: Expense) -> str:
        known = self.projects.get(expense.project_id) if expense.project_id is not None else None
        return expense.project_name or known or ""

    def category(self, expense: Expense) -> str:
        known = self.categories.get(expense.category_id) if expense.category_id else None
        return expense.category_name or known or UNKNOWN


def _is(own_id: Any, own_name: str | None, wanted: Any, names: Mapping[Any, str]) -> bool:
    if own_id is not None:
        return own_id == wanted
    return bool(own_name) and own_name == names.get(wanted)


def matching(
    expenses: Iterable[Expense], filters: Mapping[str, Any], names: Names
) -> list[Expense]:
    """The expenses of the chosen member, project and category (each optional)."""
    member, project, category = (filters.get(k) for k in ("member", "project", "category"))
    found = []
    for e in expenses:
        if member is not None and not _is(e.user_id, e.member_name, member, names.members):
            continue
        if project is not None and not _is(e.project_id, e.project_name, project, names.projects):
            continue
        if category and not _is(e.category_id, e.category_name, category, names.categories):
            continue
        found.append(e)
    return found


def amount_of(expense: Expense) -> Decimal:
    return Decimal(str(expense.amount or 0)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Total:
    name: str
    currency: str
    count: int
    amount: Decimal


def totals(expenses: Iterable[Expense], label: Callable[[Expense], str]) -> list[Total]:
    """Sums per ``label`` and currency, largest first."""
    sums: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, Decimal("0.00")])
    for e in expenses:
        entry = sums[(label(e), e.currency or "")]
        entry[0] += 1
        entry[1] += amount_of(e)
    rows = [Total(name, currency, n, amount) for (name, currency), (n, amount) in sums.items()]
    return sorted(rows, key=lambda t: (-t.amount, t.name.casefold(), t.currency))


def grand_totals(expenses: Iterable[Expense]) -> list[Total]:
    """One sum per currency."""
    return totals(expenses, lambda e: "All")


HEADER = ["Date", "Member", "Project", "Category", "Expense", "Note", "Billable", "Amount"]
HEADER += ["Currency"]


def export_rows(expenses: Iterable[Expense], names: Names) -> list[list[Any]]:
    def billable(e: Expense) -> str:
        return "" if e.is_billable is None else ("Yes" if e.is_billable else "No")

    return [
        [
            e.date,
            names.member(e),
            names.project(e),
            names.category(e),
            e.name,
            e.note or "",
            billable(e),
            float(amount_of(e)),
            e.currency or "",
        ]
        for e in expenses
    ]


def total_rows(rows: Iterable[Total]) -> list[list[Any]]:
    return [[t.name, t.count, float(t.amount), t.currency] for t in rows]
