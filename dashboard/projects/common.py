"""What every project and task view shares: who may change what, refusals, the project lookup."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse

from dashboard.core.http import DashboardRequest
from dashboard.core.upstream import refused
from dashboard.webwork.errors import WebworkNotFound
from dashboard.webwork.records import Page, Project

NO_RESTORE = (
    "WebWork's API cannot restore an archived project: restore it in WebWork itself, and it "
    "comes back to the Active tab."
)


def may_manage_projects(request: DashboardRequest) -> bool:
    """Create, edit and archive projects: WebWork allows owners and executive managers."""
    workspace = request.workspace
    return workspace is not None and workspace.may.can_manage_access


def may_manage_tasks(request: DashboardRequest) -> bool:
    """Create, edit, delete and assign tasks: also project and team managers."""
    workspace = request.workspace
    return workspace is not None and workspace.may.can_manage_tasks


def _role(request: DashboardRequest) -> str:
    role = request.workspace.role if request.workspace else ""
    return role or "a member without a role"


def projects_read_only(request: DashboardRequest) -> str:
    """One sentence for a role that may look at projects but not change them."""
    if may_manage_projects(request):
        return ""
    return (
        f"You are {_role(request)} in this workspace, so you see projects read-only: creating, "
        "editing and archiving them need the Owner or Executive manager role."
    )


def tasks_read_only(request: DashboardRequest) -> str:
    """One sentence for a role that may look at tasks but not change them."""
    if may_manage_tasks(request):
        return ""
    return (
        f"You are {_role(request)} in this workspace, so you see tasks read-only: creating, "
        "editing, deleting and assigning them need a manager's role (Owner, Executive, Project "
        "or Team manager)."
    )


def refuse(request: DashboardRequest, title: str, detail: str, status: int) -> HttpResponse:
    """A write refused before anything was sent (see ``core.upstream.refused``)."""
    back = (reverse("projects:list"), "Back to the projects")
    return refused(request, title, detail, status, back=back)


def refuse_projects(request: DashboardRequest) -> HttpResponse:
    return refuse(
        request, "Your WebWork role does not allow this", projects_read_only(request), 403
    )


def refuse_tasks(request: DashboardRequest) -> HttpResponse:
    return refuse(request, "Your WebWork role does not allow this", tasks_read_only(request), 403)


def find_project(projects: Page[Project], project_id: int) -> Project:
    """The project of this workspace with ``project_id``; any other id is not found, unsent."""
    for project in projects:
        if project.id == project_id:
            return project
    raise WebworkNotFound(
        "This workspace has no such project, or it has been archived.",
        method="GET",
        path=f"/projects/{int(project_id)}",
    )
