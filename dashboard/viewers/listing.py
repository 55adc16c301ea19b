"""Finding, sorting and counting viewers, and who may see what.

WebWork filters viewers only by exact e-mail and does not sort them, so the list pages read every
viewer (one call per hundred, cached briefly) and search, sort and page here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from dashboard.webwork.records import Project, Viewer

ARCHIVED = "inactive"
_OLDEST = datetime.min.replace(tzinfo=UTC)


def is_archived(viewer: Viewer) -> bool:
    return viewer.status == ARCHIVED


def matching(viewers: Iterable[Viewer], query: str) -> list[Viewer]:
    """Viewers whose name or e-mail contains every word of ``query`` (case-insensitive)."""
    words = query.casefold().split()
    return [v for v in viewers if all(w in f"{v.name} {v.email}".casefold() for w in words)]


def in_tab(viewers: Iterable[Viewer], tab: str) -> list[Viewer]:
    archived = tab == "archived"
    return [v for v in viewers if is_archived(v) == archived]


def tab_counts(viewers: Sequence[Viewer]) -> dict[str, int]:
    archived = sum(1 for v in viewers if is_archived(v))
    return {"active": len(viewers) - archived, "archived": archived}


def sorted_viewers(viewers: Iterable[Viewer], key: str, descending: bool) -> list[Viewer]:
    sort_keys = {
        "name": lambda v: (v.name.casefold(), v.id),
        "email": lambda v: (v.email.casefold(), v.id),
        "status": lambda v: (v.status or "", v.name.casefold()),
        "member_since": lambda v: (v.member_since or _OLDEST, v.id),
        "projects": lambda v: (len(v.projects), v.name.casefold()),
    }
    return sorted(viewers, key=sort_keys.get(key, sort_keys["name"]), reverse=descending)


@dataclass(frozen=True)
class AccessMatrix:
    """Viewers x projects: who can see which project."""

    viewers: tuple[Viewer, ...]
    projects: tuple[Project, ...]

    def rows(self) -> list[tuple[Viewer, list[tuple[Project, bool]]]]:
        return [(v, [(p, p.id in v.project_ids) for p in self.projects]) for v in self.viewers]

    def viewers_of(self, project: Project) -> list[Viewer]:
        return [v for v in self.viewers if project.id in v.project_ids]

    def column_counts(self) -> list[tuple[Project, int]]:
        return [(p, len(self.viewers_of(p))) for p in self.projects]


def project_names(projects: Iterable[Project], viewer: Viewer) -> dict[int, str]:
    """Project names by id: the workspace's current names, else what the viewer record says."""
    names = {p.project_id: p.project_name for p in viewer.projects}
    return names | {p.id: p.name for p in projects}
