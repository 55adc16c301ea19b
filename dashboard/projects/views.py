"""Projects: the list, a new project, editing and archiving one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState, list_template
from dashboard.core.navigation import safe_next
from dashboard.core.upstream import flash
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Project

from . import listing
from .common import (
    NO_RESTORE,
    find_project,
    may_manage_projects,
    projects_read_only,
    refuse_projects,
)
from .forms import SORTABLE, TABS, ProjectFilterForm, ProjectForm

# A project was archived in place: the tab counts fetch themselves again.
STATUS_CHANGED = "project-status-changed"
ARCHIVED_NOTE = "Its members can no longer track time on it. " + NO_RESTORE
COLUMNS = (
    ("name", "Name"),
    ("", "Billable"),
    ("start_date", "Start"),
    ("deadline", "Deadline"),
    ("members", "Members"),
)


@require_GET
def project_list(request: DashboardRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET)
    state = form.apply_to(ListState.from_request(request, sortable=SORTABLE))
    projects = request.webwork.projects.all(refresh=state.refresh)
    workspace_id = request.workspace.id if request.workspace else None
    found_active = listing.matching(listing.active(projects), state.filters)
    found_archived = listing.matching(listing.archived(projects, workspace_id), state.filters)
    tab = state.filters.get("status", "active")
    shown: list[Any]
    if tab == "archived":
        shown = listing.sorted_archived(found_archived, state.descending)
    else:
        shown = listing.sorted_projects(found_active, state.sort_key or "name", state.descending)
    page = Paginator(shown, state.per_page).get_page(state.page)
    counts = {"active": len(found_active), "archived": len(found_archived)}
    context = {
        "form": form,
        "state": state,
        "page": page,
        "pager": state.pager(page),
        "tab": tab,
        "tabs": [
            (key, label, counts[key], state.with_filters(status=key), key == tab)
            for key, label in TABS
        ],
        "columns": state.columns(COLUMNS),
        "filtered": bool(state.filters.get("q") or state.filters.get("billable")),
        "anyone": bool(projects),
        "fetched_at": projects.fetched_at,
        "refresh_url": state.refresh_url,
        "back": state.at(request.path),
        "page_sizes": PAGE_SIZES,
        "may_manage": may_manage_projects(request),
        "read_only": projects_read_only(request),
        "no_restore": NO_RESTORE,
    }
    return render(request, list_template(request, "projects/list.html", "project-tabs"), context)


@require_http_methods(["GET", "POST"])
def project_new(request: DashboardRequest) -> HttpResponse:
    if not may_manage_projects(request):
        return refuse_projects(request)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project, said = _create(request, form)
        except WebworkError as exc:
            form.refused(exc)
        else:
            messages.success(request, format_html("{}: <bdi>{}</bdi>", said, project.name))
            return redirect("projects:detail", project_id=project.id)
    return render(request, "projects/form.html", {"form": form, "project": None})


def _create(request: DashboardRequest, form: ProjectForm) -> tuple[Project, str]:
    changes = form.changes()
    target = ("project", "", changes["name"])
    with audited(request, "project.create", target=target, summary=_summary(changes)) as entry:
        saved = request.webwork.projects.create(**changes)
        entry.message, entry.target_id = saved.message, saved.item.id
    return saved.item, saved.message or "Project created."


def _summary(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in changes.items()}


@require_http_methods(["GET", "POST"])
def project_edit(request: DashboardRequest, project_id: int) -> HttpResponse:
    if not may_manage_projects(request):
        return refuse_projects(request)
    project = find_project(request.webwork.projects.all(), project_id)
    back = safe_next(request, reverse("projects:detail", args=[project.id]))
    form = ProjectForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, format_html("Nothing changed in <bdi>{}</bdi>.", project.name))
            return redirect(back)
        try:
            said = _update(request, project, changes)
        except WebworkError as exc:
            form.refused(exc)
        else:
            name = changes.get("name", project.name)
            messages.success(request, format_html("{}: <bdi>{}</bdi>", said, name))
            return redirect(back)
    context = {"form": form, "project": project, "next": back}
    return render(request, "projects/form.html", context)


def _update(request: DashboardRequest, project: Project, changes: dict[str, Any]) -> str:
    target = ("project", project.id, project.name)
    with audited(request, "project.update", target=target, summary=_summary(changes)) as entry:
        saved = request.webwork.projects.update(project.id, **changes)
        entry.message = saved.message
    return saved.message or "Project updated."


@require_http_methods(["GET", "POST"])
def project_archive(request: DashboardRequest, project_id: int) -> HttpResponse:
    if not may_manage_projects(request):
        return refuse_projects(request)
    project = find_project(request.webwork.projects.all(), project_id)
    back = safe_next(request, reverse("projects:list"))
    if request.method == "GET":
        return render(request, "projects/archive.html", {"project": project, "next": back})
    target = ("project", project.id, project.name)
    summary = {"is_billable": project.is_billable}
    with audited(request, "project.archive", target=target, summary=summary) as entry:
        # WebWork calls this a delete; it is an archive, so the dashboard says so in its own
        # words and keeps WebWork's in the audit entry.
        entry.message = request.webwork.projects.archive(project.id)
    said = format_html("Archived <bdi>{}</bdi>", project.name)
    if not request.htmx:
        messages.success(request, format_html("{}. {}", said, ARCHIVED_NOTE))
        # The project's own pages are gone with it: those go back to the list.
        gone = back.startswith(reverse("projects:detail", args=[project.id]))
        return redirect(reverse("projects:list") if gone else back)
    context = {"project": project, "archived": True, "back": back}
    context |= flash(said, ARCHIVED_NOTE)
    response = render(request, "projects/_row.html", context)
    return trigger_client_event(response, STATUS_CHANGED)
