"""The six report kinds: their slug, title, filters, the upstream call, and what they show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from dashboard.reports import activity, daily, tracked
from dashboard.reports.exports import Sheet
from dashboard.reports.names import Names
from dashboard.webwork.records import Report
from dashboard.webwork.resources.reports import Parts


class ReportView(Protocol):
    """What a kind builds from a report: a template to show it, and sheets to export it."""

    template: str

    @property
    def empty(self) -> bool: ...

    def sheets(self) -> list[Sheet]: ...


# (client, cleaned filters, refresh, allow_partial, parts) -> Report
Fetch = Callable[[Any, dict[str, Any], bool, bool, Parts | None], Report]


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str
    summary: str
    fetch: Fetch
    build: Callable[[Report, Names], ReportView]
    single_day: bool = False
    filters: tuple[str, ...] = ("members",)
    calls_per_chunk: int = 1  # about how many calls 31 days take (rows paginate at 100)


def _ids(values: list[int] | None) -> list[int] | None:
    return list(values) if values else None


def _tracked_hours(
    ww: Any, f: dict[str, Any], refresh: bool, partial: bool, parts: Parts | None
) -> Report:
    return ww.reports.tracked_hours(
        f["start"], f["end"], users=_ids(f.get("members")), projects=_ids(f.get("projects")),
        refresh=refresh, allow_partial=partial, parts=parts,
    )  # fmt: skip


def _task_report(
    ww: Any, f: dict[str, Any], refresh: bool, partial: bool, parts: Parts | None
) -> Report:
    return ww.reports.task_report(
        f["start"], f["end"], users=_ids(f.get("members")), project_ids=_ids(f.get("projects")),
        refresh=refresh, allow_partial=partial, parts=parts,
    )  # fmt: skip


def _activity_level(
    ww: Any, f: dict[str, Any], refresh: bool, partial: bool, parts: Parts | None
) -> Report:
    return ww.reports.activity_level(
        f["start"], f["end"], user_ids=_ids(f.get("members")), refresh=refresh,
        allow_partial=partial, parts=parts,
    )  # fmt: skip


def _activity_descriptions(
    ww: Any, f: dict[str, Any], refresh: bool, partial: bool, parts: Parts | None
) -> Report:
    return ww.reports.activity_descriptions(
        f["start"], f["end"], users=_ids(f.get("members")), refresh=refresh,
        allow_partial=partial, parts=parts,
    )  # fmt: skip


def _daily_timeline(
    ww: Any, f: dict[str, Any], refresh: bool, partial: bool, parts: Parts | None
) -> Report:
    return ww.reports.daily_timeline(
        f["day"], user_ids=_ids(f.get("members")), refresh=refresh, parts=parts
    )


def _daily_attendance(
    ww: Any, f: dict[str, Any], refresh: bool, partial: bool, parts: Parts | None
) -> Report:
    return ww.reports.daily_attendance(
        f["day"], users=_ids(f.get("members")), statuses=f.get("status") or None,
        refresh=refresh, parts=parts,
    )  # fmt: skip


KINDS = {
    kind.slug: kind
    for kind in (
        ReportKind(
            "tracked-hours",
            "Tracked hours",
            "Hours by member and by project over a period, with totals and amounts.",
            _tracked_hours,
            tracked.tracked_hours,
            filters=("members", "projects"),
        ),
        ReportKind(
            "daily-timeline",
            "Daily timeline",
            "Who worked when on one day, entry by entry.",
            _daily_timeline,
            daily.daily_timeline,
            single_day=True,
        ),
        ReportKind(
            "activity-level",
            "Activity level",
            "Average activity of each member over a period.",
            _activity_level,
            activity.activity_level,
        ),
        ReportKind(
            "task-report",
            "Task report",
            "Time spent on each task, per member.",
            _task_report,
            activity.task_report,
            filters=("members", "projects"),
        ),
        ReportKind(
            "activity-descriptions",
            "Activity descriptions",
            "What people wrote about their tracked time.",
            _activity_descriptions,
            activity.activity_descriptions,
            calls_per_chunk=4,
        ),
        ReportKind(
            "daily-attendance",
            "Daily attendance",
            "Who was late, left early, tracked less, was absent or on leave on one day.",
            _daily_attendance,
            daily.daily_attendance,
            single_day=True,
            filters=("members", "status"),
        ),
    )
}
