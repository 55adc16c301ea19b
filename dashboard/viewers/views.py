"""Client viewers: the list, the invitation, a viewer's page, archive and restore."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from dashboard.audit.log import audited, history
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState, list_template
from dashboard.core.navigation import safe_next
from dashboard.core.upstream import flash
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Viewer

from .forms import SORTABLE, TABS, ViewerFilterForm, ViewerInviteForm
from .listing import in_tab, matching, project_names, sorted_viewers, tab_counts
from .projects import assign_each

VIEWERS_CHANGED = "viewers-changed"
# A viewer was archived or restored in place: the tab counts fetch themselves again.
STATUS_CHANGED = "viewer-status-changed"
ARCHIVED_NOTE = "They see no project until you restore them from the Archived tab."
COLUMNS = (
    ("name", "Name"),
    ("email", "E-mail"),
    ("status", "Status"),
    ("member_since", "Member since"),
    ("projects", "Projects"),
)


@require_GET
def viewer_list(request: DashboardRequest) -> HttpResponse:
    form = ViewerFilterForm(request.GET)
    state = form.apply_to(ListState.from_request(request, sortable=SORTABLE))
    everyone, projects = request.webwork.gather(
        lambda: request.webwork.viewers.all(refresh=state.refresh),
        lambda: request.webwork.projects.all(),
    )
    found = matching(everyone, state.filters.get("q", ""))
    tab = state.filters.get("status", "active")
    shown = sorted_viewers(in_tab(found, tab), state.sort_key or "name", state.descending)
    page = Paginator(shown, state.per_page).get_page(state.page)
    counts = tab_counts(found)
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
        "anyone": bool(everyone),
        "fetched_at": everyone.fetched_at,
        "refresh_url": state.refresh_url,
        "back": state.at(request.path),
        "page_sizes": PAGE_SIZES,
        "invite_form": ViewerInviteForm(projects=projects),
    }
    return render(request, list_template(request, "viewers/list.html", "viewer-tabs"), context)


@require_http_methods(["GET", "POST"])
def viewer_new(request: DashboardRequest) -> HttpResponse:
    projects = request.webwork.projects.all()
    form = ViewerInviteForm(request.POST or None, projects=projects)
    in_dialog = bool(request.htmx)
    if request.method == "POST" and form.is_valid():
        try:
            viewer, said = _invite(request, form)
        except WebworkError as exc:
            form.refused(exc)
        else:
            names = {p.id: p.name for p in projects}
            results = assign_each(request, viewer, [(i, names[i]) for i in form.project_ids()])
            if not request.htmx:
                _report(request, said, results)
                return redirect("viewers:detail", viewer_id=viewer.id)
            failed = any(not ok for _, ok, _ in results)
            level = "warning" if failed else "success"
            banner = flash(said, f"{viewer.name} <{viewer.email}>", level, results)
            fresh = ViewerInviteForm(projects=projects)
            context = {"invite_form": fresh, "in_dialog": True, **banner}
            response = render(request, "viewers/new.html#invite_form", context)
            return trigger_client_event(response, VIEWERS_CHANGED)
    context = {"invite_form": form, "in_dialog": in_dialog}
    template = "viewers/new.html#invite_form" if request.htmx else "viewers/new.html"
    return render(request, template, context)


def _invite(request: DashboardRequest, form: ViewerInviteForm) -> tuple[Viewer, str]:
    data = form.cleaned_data
    label = f"{data['firstname']} {data['lastname']}".strip()
    summary = {k: data[k] for k in ("email", "firstname", "lastname")}
    summary["projects"] = form.project_ids()
    with audited(request, "viewer.invite", target=("viewer", "", label), summary=summary) as entry:
        saved = request.webwork.viewers.create(
            email=data["email"], firstname=data["firstname"], lastname=data["lastname"]
        )
        entry.message, entry.target_id = saved.message, saved.item.id
    return saved.item, saved.message or "Viewer invited."


def _report(request: DashboardRequest, said: str, results: list[tuple[str, bool, str]]) -> None:
    messages.success(request, said)
    for name, ok, text in results:
        (messages.success if ok else messages.error)(request, f"{name}: {text}")


@require_GET
def viewer_detail(request: DashboardRequest, viewer_id: int) -> HttpResponse:
    viewer, projects = request.webwork.gather(
        lambda: request.webwork.viewers.get(viewer_id), lambda: request.webwork.projects.all()
    )
    workspace_id = request.workspace.id if request.workspace else None
    entries = history("viewer", viewer.id, workspace_id)
    names = project_names(projects, viewer)
    checklist = sorted(names.items(), key=lambda item: item[1].casefold())
    context = {
        "viewer": viewer,
        "checklist": [(pid, name, pid in viewer.project_ids, None) for pid, name in checklist],
        "history": entries,
    }
    return render(request, "viewers/detail.html", context)


@require_http_methods(["GET", "POST"])
def viewer_archive(request: DashboardRequest, viewer_id: int) -> HttpResponse:
    viewer = request.webwork.viewers.get(viewer_id)
    back = safe_next(request, reverse("viewers:detail", args=[viewer.id]))
    if request.method == "GET":
        return render(request, "viewers/archive.html", {"viewer": viewer, "next": back})
    target = ("viewer", viewer.id, viewer.name)
    with audited(request, "viewer.archive", target=target) as entry:
        # WebWork calls this a delete; it is an archive, undone by a restore, so the dashboard
        # says so in its own words and keeps WebWork's in the audit entry.
        entry.message = request.webwork.viewers.archive(viewer.id)
    archived = replace(viewer, status="inactive")
    return _status_changed(request, archived, f"Archived {viewer.name}", back, ARCHIVED_NOTE)


@require_POST
def viewer_restore(request: DashboardRequest, viewer_id: int) -> HttpResponse:
    viewer = request.webwork.viewers.get(viewer_id)
    back = safe_next(request, reverse("viewers:detail", args=[viewer.id]))
    target = ("viewer", viewer.id, viewer.name)
    with audited(request, "viewer.restore", target=target) as entry:
        entry.message = request.webwork.viewers.restore(viewer.id)
    restored = replace(viewer, status="active")
    return _status_changed(request, restored, entry.message or f"Restored {viewer.name}", back)


def _status_changed(
    request: DashboardRequest, viewer: Viewer, said: str, back: str, note: str = ""
) -> HttpResponse:
    """The row as it is now, and the tab counts told to follow; without htmx, back to ``back``."""
    if not request.htmx:
        messages.success(request, f"{said}. {note}" if note else said)
        return redirect(back)
    context = {"viewer": viewer, "back": back, "refocus": True}
    context |= flash(said, note or viewer.name)
    response = render(request, "viewers/_row.html", context)
    return trigger_client_event(response, STATUS_CHANGED)
