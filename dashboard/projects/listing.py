"""Finding, sorting and counting projects, and the archived ones the dashboard knows of.

WebWork filters projects only by a name substring and does not sort them, so the list reads every
project (reference data, cached) and searches, filters, sorts and pages here. Archived projects
leave WebWork's list, so the Archived tab shows those archived through the dashboard (from its
audit log) that WebWork has not brought back, and any WebWork still lists as archived.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dashboard.audit.log import succeeded
from dashboard.webwork.records import Project

ARCHIVE_ACTION = "project.archive"
_LAST = date.max


@dataclass(frozen=True)
class ArchivedProject:
    """A project that is archived: what the dashboard knows of it, and when and by whom."""

    id: int
    name: str
    is_billable: bool | None = None
    archived_at: datetime | None = None
    archived_by: str = ""


def matching[P: (Project, ArchivedProject)](items: Iterable[P], filters: dict[str, Any]) -> list[P]:
    """Items whose name holds every word of ``q``, billable or not as ``billable`` says."""
    words = str(filters.get("q", "")).casefold().split()
    billable = {"yes": True, "no": False}.get(filters.get("billable", ""))
    return [
        item
        for item in items
        if all(w in item.name.casefold() for w in words)
        and (billable is None or bool(item.is_billable) == billable)
    ]


def active(projects: Iterable[Project]) -> list[Project]:
    return [p for p in projects if not p.is_archived]


def archived(projects: Iterable[Project], workspace_id: int | None) -> list[ArchivedProject]:
    """Archived projects: those WebWork lists as archived, then those archived through the
    dashboard (newest archive first) that WebWork does not list at all now."""
    listed = {p.id for p in projects}
    found = [
        ArchivedProject(p.id, p.name, p.is_billable, p.archived_at)
        for p in projects
        if p.is_archived
    ]
    seen = {a.id for a in found}
    for entry in succeeded(ARCHIVE_ACTION, workspace_id):
        try:
            project_id = int(entry.target_id)
        except ValueError:
            continue
        if project_id in listed or project_id in seen:
            continue
        seen.add(project_id)
        billable = entry.summary.get("is_billable") if isinstance(entry.summary, dict) else None
        found.append(
            ArchivedProject(
                project_id, entry.target_label, billable, entry.created_at, entry.username
            )
        )
    return found


def sorted_projects(projects: Iterable[Project], key: str, descending: bool) -> list[Project]:
    sort_keys = {
        "name": lambda p: (p.name.casefold(), p.id),
        "start_date": lambda p: (p.start_date or _LAST, p.name.casefold()),
        "deadline": lambda p: (p.deadline or _LAST, p.name.casefold()),
        "members": lambda p: (p.contracts_count or 0, p.name.casefold()),
    }
    return sorted(projects, key=sort_keys.get(key, sort_keys["name"]), reverse=descending)


def sorted_archived(projects: Iterable[ArchivedProject], descending: bool) -> list[ArchivedProject]:
    return sorted(projects, key=lambda p: (p.name.casefold(), p.id), reverse=descending)
