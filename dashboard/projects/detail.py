"""A project's page: its members and this week's hours, its client viewers, its tasks."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.audit.log import history
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import wants_refresh
from dashboard.core.weeks import this_week
from dashboard.webwork.errors import WebworkForbidden
from dashboard.webwork.records import Page, Report, Viewer

from .common import find_project, may_manage_projects, may_manage_tasks, projects_read_only
from .hours import member_weeks, total_hours
from .tasks_reading import TASKS_ON_PAGE, first_tasks, rows


def week_report_if_allowed(
    request: DashboardRequest, project_id: int, refresh: bool
) -> Report | None:
    """This week's tracked hours on the project, or None for a role that may not read reports."""
    monday, sunday = this_week(timezone.localdate())
    try:
        return request.webwork.reports.tracked_hours(
            monday, sunday, projects=[project_id], refresh=refresh
        )
    except WebworkForbidden:
        return None


def viewers_if_allowed(request: DashboardRequest, refresh: bool) -> Page[Viewer] | None:
    """Every client viewer, or None for a role WebWork does not show them to."""
    try:
        return request.webwork.viewers.all(refresh=refresh)
    except WebworkForbidden:
        return None


@require_GET
def project_detail(request: DashboardRequest, project_id: int) -> HttpResponse:
    ww = request.webwork
    refresh = wants_refresh(request)
    projects, contracts, viewers, tasks, report = ww.gather(
        lambda: ww.projects.all(refresh=refresh),
        lambda: ww.contracts.all(project_id=project_id, refresh=refresh),
        lambda: viewers_if_allowed(request, refresh),
        lambda: first_tasks(request, project_id, refresh),
        lambda: week_report_if_allowed(request, project_id, refresh),
    )
    project = find_project(projects, project_id)
    members = member_weeks(contracts, report)
    seeing = None
    if viewers is not None:
        seeing = sorted(
            (v for v in viewers if project.id in v.project_ids and v.status != "inactive"),
            key=lambda v: v.name.casefold(),
        )
    fetched = [r.fetched_at for r in (projects, contracts, viewers, tasks, report) if r is not None]
    workspace_id = request.workspace.id if request.workspace else None
    context: dict[str, Any] = {
        "project": project,
        "members": members,
        "total_hours": total_hours(members),
        "hours_shown": report is not None,
        "week": this_week(timezone.localdate()),
        "viewers": seeing,
        "tasks": tasks,
        "task_rows": rows(tasks),
        "tasks_on_page": TASKS_ON_PAGE,
        "history": history("project", project.id, workspace_id, limit=20),
        "may_manage": may_manage_projects(request),
        "may_manage_tasks": may_manage_tasks(request),
        "read_only": projects_read_only(request),
        "fetched_at": min(fetched) if fetched else None,
        "refresh_url": "?refresh=1",
        "here": request.path,
    }
    return render(request, "projects/detail.html", context)
