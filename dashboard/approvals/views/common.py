"""What every approval page with decisions on it shares."""

from __future__ import annotations

from typing import Any

from dashboard.audit.log import recent_reasons
from dashboard.core.http import DashboardRequest


def decision_context(request: DashboardRequest, here: str) -> dict[str, Any]:
    """Where each decision form brings the user back to, the reasons to offer again, and
    whether the connected WebWork role may decide at all (else the page is read-only)."""
    workspace = request.workspace
    may_decide = workspace is not None and workspace.may.can_decide
    return {
        "here": here,
        "reasons": recent_reasons(request.user) if may_decide else [],
        "may_decide": may_decide,
        "role_name": workspace.role if workspace else "",
    }
