"""A project's tasks: the list, a new task, editing one, and deleting one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState
from dashboard.core.navigation import safe_next
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Contract, Page, Project
from dashboard.webwork.records.work import Task
from dashboard.webwork.resources.query import Paging

from .common import find_project, may_manage_tasks, refuse_tasks, tasks_read_only
from .task_forms import TASK_SORTABLE, TaskFilterForm, TaskForm
from .tasks_reading import TaskRow, rows, tracked_on_task

NEWEST_FIRST = "-created_at"
COLUMNS = (
    ("title", "Task"),
    ("status", "Status"),
    ("priority", "Priority"),
    ("end_date", "Dates"),
    ("", "Assigned"),
)


def project_and_members(
    request: DashboardRequest, project_id: int, refresh: bool = False
) -> tuple[Project, Page[Contract]]:
    """The project (of this workspace, or not found) and its contracts, in one round."""
    ww = request.webwork
    projects, contracts = ww.gather(
        lambda: ww.projects.all(refresh=refresh),
        lambda: ww.contracts.all(project_id=project_id, refresh=refresh),
    )
    return find_project(projects, project_id), contracts


def task_summary(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in changes.items()}


@require_GET
def task_list(request: DashboardRequest, project_id: int) -> HttpResponse:
    form = TaskFilterForm(request.GET)
    state = form.apply_to(ListState.from_request(request, sortable=TASK_SORTABLE))
    ww = request.webwork
    projects, contracts, tasks = ww.gather(
        lambda: ww.projects.all(refresh=state.refresh),
        lambda: ww.contracts.all(project_id=project_id, refresh=state.refresh),
        lambda: ww.tasks.list(
            project_id=project_id,
            status=state.filters.get("status"),
            priority=state.filters.get("priority"),
            order_by=state.sort or NEWEST_FIRST,
            paging=Paging(state.page, state.per_page, refresh=state.refresh),
        ),
    )
    project = find_project(projects, project_id)
    context = {
        "project": project,
        "form": form,
        "state": state,
        "page": tasks,
        "pager": state.pager(tasks),
        "task_rows": rows(tasks),
        "members": sorted(contracts, key=lambda c: c.user_name.casefold()),
        "filtered": bool(state.filters),
        "columns": [
            (key, label, state.sort_url(key) if key else "", state.aria_sort(key) if key else "")
            for key, label in COLUMNS
        ],
        "fetched_at": min(tasks.fetched_at, contracts.fetched_at),
        "refresh_url": state.refresh_url,
        "back": state.at(request.path),
        "page_sizes": PAGE_SIZES,
        "may_manage": may_manage_tasks(request),
        "read_only": tasks_read_only(request),
    }
    template = "projects/tasks/list.html#results" if request.htmx else "projects/tasks/list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def task_new(request: DashboardRequest, project_id: int) -> HttpResponse:
    if not may_manage_tasks(request):
        return refuse_tasks(request)
    project, contracts = project_and_members(request, project_id)
    back = safe_next(request, reverse("projects:tasks", args=[project.id]))
    form = TaskForm(request.POST or None, contracts=contracts)
    if request.method == "POST" and form.is_valid():
        try:
            task, said = _create(request, project, form.changes())
        except WebworkError as exc:
            form.refused(exc)
        else:
            messages.success(request, format_html("{}: <bdi>{}</bdi>", said, task.title))
            return redirect(back)
    context = {"form": form, "project": project, "task": None, "next": back}
    context["has_members"] = bool(contracts)
    return render(request, "projects/tasks/form.html", context)


def _create(
    request: DashboardRequest, project: Project, changes: dict[str, Any]
) -> tuple[Task, str]:
    target = ("task", "", changes["title"])
    summary = {"project_id": project.id, "project": project.name, **task_summary(changes)}
    with audited(request, "task.create", target=target, summary=summary) as entry:
        saved = request.webwork.tasks.create(project_id=project.id, **changes)
        entry.message, entry.target_id = saved.message, saved.item.id
    return saved.item, saved.message or "Task created."


@require_http_methods(["GET", "POST"])
def task_edit(request: DashboardRequest, project_id: int, task_id: int) -> HttpResponse:
    if not may_manage_tasks(request):
        return refuse_tasks(request)
    ww = request.webwork
    projects, task = ww.gather(lambda: ww.projects.all(), lambda: ww.tasks.get(task_id, project_id))
    project = find_project(projects, project_id)
    back = safe_next(request, reverse("projects:tasks", args=[project.id]))
    form = TaskForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, format_html("Nothing changed in <bdi>{}</bdi>.", task.title))
            return redirect(back)
        try:
            said = _update(request, project, task, changes)
        except WebworkError as exc:
            form.refused(exc)
        else:
            title = changes.get("title", task.title)
            messages.success(request, format_html("{}: <bdi>{}</bdi>", said, title))
            return redirect(back)
    context = {"form": form, "project": project, "task": task, "next": back}
    return render(request, "projects/tasks/form.html", context)


def _update(
    request: DashboardRequest, project: Project, task: Task, changes: dict[str, Any]
) -> str:
    target = ("task", task.id, task.title)
    summary = {"project_id": project.id, **task_summary(changes)}
    with audited(request, "task.update", target=target, summary=summary) as entry:
        saved = request.webwork.tasks.update(task.id, project.id, **changes)
        entry.message = saved.message
    return saved.message or "Task updated."


@require_http_methods(["GET", "POST"])
def task_delete(request: DashboardRequest, project_id: int, task_id: int) -> HttpResponse:
    """Ask first, naming the hours tracked on the task; then delete it."""
    if not may_manage_tasks(request):
        return refuse_tasks(request)
    ww = request.webwork
    projects, task = ww.gather(lambda: ww.projects.all(), lambda: ww.tasks.get(task_id, project_id))
    project = find_project(projects, project_id)
    back = safe_next(request, reverse("projects:tasks", args=[project.id]))
    if request.method == "GET":
        tracked = tracked_on_task(request, project, task, timezone.localdate())
        context = {"project": project, "row": TaskRow(task), "tracked": tracked, "next": back}
        return render(request, "projects/tasks/delete.html", context)
    target = ("task", task.id, task.title)
    summary = {"project_id": project.id, "project": project.name}
    with audited(request, "task.delete", target=target, summary=summary) as entry:
        entry.message = ww.tasks.delete(task.id, project.id)
    said = format_html("Deleted <bdi>{}</bdi>.", task.title)
    messages.success(request, format_html("{} {}", said, "Time tracked on it keeps its task."))
    return redirect(back)
