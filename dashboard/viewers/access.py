"""Project access: the checklist on a viewer's page, and the viewer x project access review."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dashboard.core.exports import csv_response
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState
from dashboard.core.navigation import safe_next
from dashboard.webwork.records import Viewer

from .forms import AccessFilterForm
from .listing import AccessMatrix, is_archived, matching, project_names, sorted_viewers
from .projects import change_access


def _viewer_and_names(request: DashboardRequest, viewer_id: int) -> tuple[Viewer, dict[int, str]]:
    viewer, projects = request.webwork.gather(
        lambda: request.webwork.viewers.get(viewer_id), lambda: request.webwork.projects.all()
    )
    return viewer, project_names(projects, viewer)


def _wanted(request: DashboardRequest) -> set[int]:
    return {int(v) for v in request.POST.getlist("projects") if v.isdigit()}


@require_POST
def access_change(request: DashboardRequest, viewer_id: int, project_id: int) -> HttpResponse:
    """One project for one viewer: given when its box is ticked in the form, taken otherwise."""
    viewer, names = _viewer_and_names(request, viewer_id)
    name = names.get(project_id, f"Project {project_id}")
    give = project_id in _wanted(request)
    ok, said = change_access(request, viewer, project_id, name, give)
    has = give if ok else project_id in viewer.project_ids
    if not request.htmx:
        (messages.success if ok else messages.error)(request, f"{name}: {said}")
        return redirect(safe_next(request, reverse("viewers:detail", args=[viewer.id])))
    context = {"viewer": viewer, "pid": project_id, "name": name, "has": has}
    context |= {"result": (ok, said), "refocus": True, "here": safe_next(request, "")}
    template = "viewers/_cell.html" if request.POST.get("view") == "cell" else "viewers/_item.html"
    return render(request, template, context)


@require_POST
def access_save(request: DashboardRequest, viewer_id: int) -> HttpResponse:
    """The whole checklist at once (without JavaScript): one call per project that changed."""
    viewer, names = _viewer_and_names(request, viewer_id)
    wanted = _wanted(request) & names.keys()
    changes = [
        (pid, pid in wanted)
        for pid in sorted(names, key=lambda pid: names[pid].casefold())
        if (pid in wanted) != (pid in viewer.project_ids)
    ]
    for pid, give in changes:
        ok, said = change_access(request, viewer, pid, names[pid], give)
        (messages.success if ok else messages.error)(request, f"{names[pid]}: {said}")
    if not changes:
        messages.info(request, "Nothing changed: the ticked projects are the ones they see.")
    return redirect("viewers:detail", viewer_id=viewer.id)


@require_GET
def access_review(request: DashboardRequest) -> HttpResponse | StreamingHttpResponse:
    state = ListState.from_request(request)
    everyone, projects = request.webwork.gather(
        lambda: request.webwork.viewers.all(refresh=state.refresh),
        lambda: request.webwork.projects.all(),
    )
    form = AccessFilterForm(request.GET, projects=projects)
    state = form.apply_to(state)
    viewers = matching(everyone, state.filters.get("q", ""))
    if not state.filters.get("archived"):
        viewers = [v for v in viewers if not is_archived(v)]
    chosen = state.filters.get("project")
    columns = sorted(
        (p for p in projects if chosen is None or p.id == chosen), key=lambda p: p.name.casefold()
    )
    matrix = AccessMatrix(tuple(sorted_viewers(viewers, "name", False)), tuple(columns))
    if request.GET.get("format") == "csv":
        return _export(matrix)
    project = columns[0] if chosen is not None and columns else None
    context = {
        "form": form,
        "matrix": matrix,
        "chosen": project,
        "seers": matrix.viewers_of(project) if project else [],
        "fetched_at": everyone.fetched_at,
        "export_url": state.with_filters(format="csv"),
        "refresh_url": state.refresh_url,
        "here": state.at(request.path),
    }
    template = "viewers/access.html#matrix" if request.htmx else "viewers/access.html"
    return render(request, template, context)


def _export(matrix: AccessMatrix) -> StreamingHttpResponse:
    header = ["viewer", "e-mail", "status", *(p.name for p in matrix.projects)]
    rows = (
        [v.name, v.email, "archived" if is_archived(v) else (v.status or ""), *marks]
        for v, cells in matrix.rows()
        for marks in [["yes" if has else "" for _, has in cells]]
    )
    stamp = timezone.localdate().isoformat()
    return csv_response(f"viewer-access-{stamp}.csv", header, rows)
