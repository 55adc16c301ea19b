"""Who and what the ids of a report are: member and project names from WebWork."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard.webwork.records import Member, Project


@dataclass(frozen=True)
class Names:
    """Names by id; ``stamp`` tells one reading of the lists from another (a cache key part)."""

    members: dict[int, str] = field(default_factory=dict)
    projects: dict[int, str] = field(default_factory=dict)
    stamp: tuple[Any, ...] = ()

    @classmethod
    def of(cls, members: Iterable[Member], projects: Iterable[Project]) -> Names:
        stamp = tuple(getattr(listed, "fetched_at", None) for listed in (members, projects))
        return cls({m.id: m.name for m in members}, {p.id: p.name for p in projects}, stamp)

    def member(self, user_id: int | None, given: Any = None) -> str:
        """The member's name: WebWork's own in the row if there is one, else from the list."""
        if isinstance(given, str) and given.strip():
            return given
        if user_id is None:
            return "Unknown member"
        return self.members.get(user_id) or f"Member #{user_id}"

    def project(self, project_id: int | None, given: Any = None) -> str:
        if isinstance(given, str) and given.strip():
            return given
        if project_id is None:
            return "No project"
        return self.projects.get(project_id) or f"Project #{project_id}"


def text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return value if isinstance(value, str) else ""
