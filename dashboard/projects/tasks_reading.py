"""Reading a project's tasks as the pages show them, and the time tracked on one task."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.core.http import DashboardRequest
from dashboard.webwork.errors import WebworkForbidden
from dashboard.webwork.records import Page, Project, Report
from dashboard.webwork.records.parsing import as_int, as_list, as_mapping
from dashboard.webwork.records.work import Task
from dashboard.webwork.resources.query import Paging

from .task_forms import PRIORITY_LABELS, STATUS_LABELS

TASKS_ON_PAGE = 10
# How far back the time on a task is looked for before it is deleted: from the project's (or the
# task's) start, at most three 31-day report parts back, which one confirmation can afford
# within the request budget.
LOOKBACK_MOST = timedelta(days=92)


@dataclass(frozen=True)
class TaskRow:
    """A task with the words for its status and priority."""

    task: Task

    @property
    def status_label(self) -> str:
        status = self.task.status
        return STATUS_LABELS.get(status or 0, self.task.status_name or "Incomplete")

    @property
    def priority_label(self) -> str:
        priority = self.task.priority
        return PRIORITY_LABELS.get(priority or 30, self.task.priority_name or "Normal")


def rows(tasks: Iterable[Task]) -> list[TaskRow]:
    return [TaskRow(t) for t in tasks]


def first_tasks(request: DashboardRequest, project_id: int, refresh: bool) -> Page[Task]:
    """The project's newest tasks, for its page."""
    return request.webwork.tasks.list(
        project_id=project_id,
        order_by="-created_at",
        paging=Paging(per_page=TASKS_ON_PAGE, refresh=refresh),
    )


@dataclass(frozen=True)
class TrackedOnTask:
    """Minutes tracked on a task since ``since``; ``known`` is False when the role may not read
    the task report; ``complete`` False when part of the range did not arrive."""

    since: date
    minutes: int = 0
    known: bool = True
    complete: bool = True

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def lookback(project: Project, task: Task, today: date) -> date:
    started = [d for d in (project.start_date, task.start_date) if d is not None]
    since = min(started) if started else today - LOOKBACK_MOST
    return min(max(since, today - LOOKBACK_MOST), today)


def tracked_on_task(
    request: DashboardRequest, project: Project, task: Task, today: date
) -> TrackedOnTask:
    """GET /reports/task-report for this task from ``lookback`` to today (in 31-day parts)."""
    since = lookback(project, task, today)
    try:
        report = request.webwork.reports.task_report(
            since,
            today,
            project_ids=[project.id],
            task_ids=[task.id],
            include_no_task=False,
            refresh=True,
            allow_partial=True,
        )
    except WebworkForbidden:
        return TrackedOnTask(since, known=False)
    return TrackedOnTask(since, minutes_on(report, task.id), complete=report.complete)


def minutes_on(report: Report, task_id: int) -> int:
    """The minutes of ``task_id`` in a task report: every member's breakdown row for it."""
    return sum(
        as_int(as_mapping(slot).get("total_minutes")) or 0
        for row in report.rows
        for slot in as_list(row.get("tasks_breakdown"))
        if as_int(as_mapping(slot).get("task_id")) == task_id
    )
