"""Who may change expenses here, and how a refusal reads."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse

from dashboard.core.http import DashboardRequest
from dashboard.core.upstream import refused


def may_manage(request: DashboardRequest) -> bool:
    """Owners and executive managers record, change and delete anyone's expenses in WebWork."""
    workspace = request.workspace
    return workspace is not None and workspace.may.can_manage_access


def read_only_reason(request: DashboardRequest) -> str:
    """One sentence for a role that may look but not change, said once above the list."""
    if may_manage(request):
        return ""
    role = request.workspace.role if request.workspace else ""
    return (
        f"As a {role or 'member without a role'} in this workspace you see expenses read-only "
        "here; recording, changing and deleting them needs the Owner or Executive manager role."
    )


def refuse_role(request: DashboardRequest) -> HttpResponse:
    """A write refused before anything was sent (see ``core.upstream.refused``)."""
    title, back = (
        "Your WebWork role does not allow this",
        (reverse("expenses:list"), "Back to the expenses"),
    )
    return refused(request, title, read_only_reason(request), 403, back=back)
