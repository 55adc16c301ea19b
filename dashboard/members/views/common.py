"""What every member view shares: who may change members, and how a refusal reads."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse

from dashboard.core.http import DashboardRequest
from dashboard.core.upstream import refused

OWNER_NOT_ARCHIVED = (
    "The workspace owner cannot be archived or offboarded from the dashboard: ownership moves "
    "in WebWork's own settings first."
)
NO_RESTORE = (
    "WebWork's API cannot restore an archived member: to bring them back, restore them in "
    "WebWork itself."
)


def may_manage(request: DashboardRequest) -> bool:
    workspace = request.workspace
    return workspace is not None and workspace.may.can_manage_access


def read_only_reason(request: DashboardRequest) -> str:
    """One sentence for a role that may look but not change, said once above the list."""
    if may_manage(request):
        return ""
    role = request.workspace.role if request.workspace else ""
    return (
        f"As a {role or 'member without a role'} in this workspace you see members read-only; "
        "inviting, changing and offboarding need the Owner or Executive manager role."
    )


def refuse(request: DashboardRequest, title: str, detail: str, status: int) -> HttpResponse:
    """A write refused before anything was sent (see ``core.upstream.refused``)."""
    back = (reverse("members:list"), "Back to the members")
    return refused(request, title, detail, status, back=back)


def refuse_role(request: DashboardRequest) -> HttpResponse:
    return refuse(request, "Your WebWork role does not allow this", read_only_reason(request), 403)


def refuse_owner(request: DashboardRequest, detail: str) -> HttpResponse:
    return refuse(request, "That is the workspace owner", detail, 400)
