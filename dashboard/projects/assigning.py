"""Who is assigned to a task: tick several members at once, or take one off.

Each member is one WebWork call, audited on its own and reported on its own line; a member
without a contract on the project is refused on the field before anything is sent.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.navigation import safe_next
from dashboard.core.upstream import flash
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Contract, Project
from dashboard.webwork.records.work import Task, TaskAssignee

from .common import find_project, may_manage_tasks, refuse, refuse_tasks
from .task_forms import AssignForm
from .tasks_reading import TaskRow

Result = tuple[str, bool, str]


def _load(
    request: DashboardRequest, project_id: int, task_id: int
) -> tuple[Project, list[Contract], Task]:
    ww = request.webwork
    projects, contracts, task = ww.gather(
        lambda: ww.projects.all(),
        lambda: ww.contracts.all(project_id=project_id),
        lambda: ww.tasks.get(task_id, project_id),
    )
    members = sorted(contracts, key=lambda c: c.user_name.casefold())
    return find_project(projects, project_id), members, task


@require_http_methods(["GET", "POST"])
def task_assignees(request: DashboardRequest, project_id: int, task_id: int) -> HttpResponse:
    if not may_manage_tasks(request):
        return refuse_tasks(request)
    project, members, task = _load(request, project_id, task_id)
    back = safe_next(request, reverse("projects:tasks", args=[project.id]))
    initial = {"members": [str(i) for i in task.assignee_ids]}
    form = AssignForm(request.POST or None, contracts=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        task, results = _apply(request, project, members, task, form.chosen())
        return _answer(request, project, members, task, results, back)
    context = {"project": project, "row": TaskRow(task), "form": form, "next": back}
    if request.htmx:
        return _row(request, project, members, task, back, form=form)
    return render(request, "projects/tasks/assign.html", context)


def _apply(
    request: DashboardRequest,
    project: Project,
    members: list[Contract],
    task: Task,
    chosen: set[int],
) -> tuple[Task, list[Result]]:
    """Assign the newly ticked, unassign the unticked; the task as WebWork now has it."""
    names = {c.user_id: c for c in members}
    now = set(task.assignee_ids)
    results: list[Result] = []
    for user_id in sorted(chosen - now, key=lambda i: names[i].user_name.casefold()):
        if _one(request, "assign", project, task, names[user_id], results):
            now.add(user_id)
    for user_id in sorted(now - chosen, key=lambda i: _name(task, names, i).casefold()):
        if _one(request, "unassign", project, task, names.get(user_id), results, user_id):
            now.discard(user_id)
    return _with_assignees(task, names, now), results


def _one(
    request: DashboardRequest,
    verb: str,
    project: Project,
    task: Task,
    member: Contract | None,
    results: list[Result],
    user_id: int | None = None,
) -> bool:
    user_id = member.user_id if member is not None else user_id
    assert user_id is not None
    name = member.user_name if member is not None else _name(task, {}, user_id)
    target = ("task", task.id, task.title)
    summary = {"project_id": project.id, "user_id": user_id, "member": name}
    call = request.webwork.tasks.assign if verb == "assign" else request.webwork.tasks.unassign
    try:
        with audited(request, f"task.{verb}", target=target, summary=summary) as entry:
            entry.message = call(task.id, user_id, project.id)
    except WebworkError as exc:
        results.append((name, False, exc.message))
        return False
    done = "Assigned" if verb == "assign" else "Taken off the task"
    results.append((name, True, entry.message or done))
    return True


def _name(task: Task, names: dict[int, Contract], user_id: int) -> str:
    if user_id in names:
        return names[user_id].user_name
    found = next((a.name for a in task.assignees if a.id == user_id), "")
    return found or f"Member {user_id}"


def _with_assignees(task: Task, names: dict[int, Contract], ids: set[int]) -> Task:
    kept = [a for a in task.assignees if a.id in ids]
    added = [
        TaskAssignee(i, names[i].user_name, "", names[i].user_email)
        for i in sorted(ids - {a.id for a in kept})
        if i in names
    ]
    return replace(task, assignees=tuple(kept + added))


@require_POST
def task_unassign(
    request: DashboardRequest, project_id: int, task_id: int, user_id: int
) -> HttpResponse:
    if not may_manage_tasks(request):
        return refuse_tasks(request)
    project, members, task = _load(request, project_id, task_id)
    back = safe_next(request, reverse("projects:tasks", args=[project.id]))
    if user_id not in task.assignee_ids:
        detail = format_html("That member is not assigned to <bdi>{}</bdi>.", task.title)
        return refuse(request, "Nobody to take off the task", detail, 400)
    names = {c.user_id: c for c in members}
    results: list[Result] = []
    now = set(task.assignee_ids)
    if _one(request, "unassign", project, task, names.get(user_id), results, user_id):
        now.discard(user_id)
    task = _with_assignees(task, names, now)
    return _answer(request, project, members, task, results, back)


def _answer(
    request: DashboardRequest,
    project: Project,
    members: list[Contract],
    task: Task,
    results: list[Result],
    back: str,
) -> HttpResponse:
    """The row as it is now with a banner of per-member results; without htmx, back to ``back``."""
    failed = any(not ok for _, ok, _ in results)
    if not request.htmx:
        if not results:
            messages.info(request, format_html("Nothing changed on <bdi>{}</bdi>.", task.title))
        for name, ok, text in results:
            line = format_html("<bdi>{}</bdi>: {}", name, text)
            (messages.success if ok else messages.error)(request, line)
        return redirect(back)
    title = format_html("<bdi>{}</bdi>", task.title)
    if not results:
        banner = flash(format_html("Nothing changed on {}", title), level="info")
    else:
        level = "warning" if failed else "success"
        banner = flash(format_html("Assignees of {}", title), "", level, results)
    return _row(request, project, members, task, back, banner=banner)


def _row(
    request: DashboardRequest,
    project: Project,
    members: list[Contract],
    task: Task,
    back: str,
    *,
    form: AssignForm | None = None,
    banner: dict | None = None,
) -> HttpResponse:
    context = {
        "project": project,
        "row": TaskRow(task),
        "members": members,
        "back": back,
        "may_manage": True,
        "refocus": True,
        "assign_form": form,
        **(banner or {}),
    }
    return render(request, "projects/tasks/_row.html", context)
