"""The member list as the page shows it: each member with their projects and offboarding."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.core.weeks import weekly_limit
from dashboard.webwork.records import Contract, Member

from .forms import ROLES
from .models import Offboarding

STATUS_ORDER = {"active": 0, "inactive": 1, "left": 2}
ROLE_ORDER = {role.casefold(): n for n, role in enumerate(ROLES)}


@dataclass(frozen=True)
class WorkOn:
    """A project the member has a contract on."""

    name: str
    paused: bool


@dataclass(frozen=True)
class Row:
    member: Member
    projects: tuple[WorkOn, ...] = ()
    offboarding: Offboarding | None = None

    @property
    def limit(self) -> int | None:
        """The weekly limit in hours; None for none (none given, or past a week's hours)."""
        return weekly_limit(self.member.weekly_hours_limit)

    @property
    def rates(self) -> str:
        """ "shown", "hidden", or "" when WebWork does not tell."""
        status = self.member.rate_status
        return "" if status is None else ("shown" if status == 1 else "hidden")

    @property
    def archived(self) -> bool:
        return self.member.archived_at is not None


def projects_by_member(contracts: Iterable[Contract]) -> dict[int, tuple[WorkOn, ...]]:
    found: dict[int, list[WorkOn]] = defaultdict(list)
    for contract in contracts:
        found[contract.user_id].append(WorkOn(contract.project_name, contract.is_paused))
    return {
        user: tuple(sorted(works, key=lambda w: (w.paused, w.name.casefold())))
        for user, works in found.items()
    }


def rows(
    members: Iterable[Member],
    contracts: Iterable[Contract],
    offboardings: Mapping[int, Offboarding],
) -> list[Row]:
    projects = projects_by_member(contracts)
    return [Row(m, projects.get(m.id, ()), offboardings.get(m.id)) for m in members]


def teams(members: Iterable[Member]) -> list[str]:
    return sorted({m.team_name for m in members if m.team_name}, key=str.casefold)


def matching(found: Iterable[Row], filters: Mapping[str, Any]) -> list[Row]:
    words = str(filters.get("q") or "").casefold().split()
    role, status, team = (str(filters.get(k) or "") for k in ("role", "status", "team"))

    def keep(row: Row) -> bool:
        m = row.member
        text = f"{m.name} {m.email}".casefold()
        return (
            all(word in text for word in words)
            and (not role or m.role.casefold() == role.casefold())
            and (not status or m.status == status)
            and (not team or (m.team_name or "") == team)
        )

    return [row for row in found if keep(row)]


def _sort_key(column: str) -> Any:
    def key(row: Row) -> Any:
        m = row.member
        name = m.name.casefold()
        if column == "role":
            return (ROLE_ORDER.get(m.role.casefold(), len(ROLE_ORDER)), name)
        if column == "status":
            return (STATUS_ORDER.get(m.status, len(STATUS_ORDER)), name)
        if column == "team":
            return (m.team_name is None, (m.team_name or "").casefold(), name)
        if column == "limit":
            return (row.limit is None, row.limit or 0, name)
        return (name, m.email.casefold())

    return key


def sorted_rows(found: Iterable[Row], column: str, descending: bool) -> list[Row]:
    return sorted(found, key=_sort_key(column), reverse=descending)
