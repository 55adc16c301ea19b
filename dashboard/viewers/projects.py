"""Giving and taking a viewer's access to projects: one audited upstream call per change."""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.upstream import describe
from dashboard.webwork.errors import WebworkAuthError, WebworkError, WebworkForbidden
from dashboard.webwork.records import Viewer

Result = tuple[str, bool, str]


def change_access(
    request: DashboardRequest, viewer: Viewer, project_id: int, name: str, give: bool
) -> tuple[bool, str]:
    """Give (or take) one project; answers whether it worked and what WebWork said.

    A refused change is reported, not raised, so that one failure never hides the others; a
    revoked connection still goes to the middleware (the user must reconnect).
    """
    action = "viewer.assign_project" if give else "viewer.unassign_project"
    summary = {"project_id": project_id, "project": name}
    viewers = request.webwork.viewers
    change = viewers.assign_project if give else viewers.unassign_project
    try:
        with audited(
            request, action, target=("viewer", viewer.id, viewer.name), summary=summary
        ) as entry:
            entry.message = change(viewer.id, project_id)
    except WebworkAuthError:
        raise
    except WebworkError as exc:
        return False, _why(exc)
    return True, entry.message or ("Access given." if give else "Access removed.")


def _why(exc: WebworkError) -> str:
    if isinstance(exc, WebworkForbidden):
        return describe(exc)[1]
    return f"WebWork said: {exc.message}"


def assign_each(
    request: DashboardRequest, viewer: Viewer, projects: Iterable[tuple[int, str]]
) -> list[Result]:
    """Give each project in turn; every one is reported, whether it worked or not."""
    return [
        (name, *change_access(request, viewer, project_id, name, give=True))
        for project_id, name in projects
    ]
