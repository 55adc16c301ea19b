"""What every approval page with decisions on it shares."""

from __future__ import annotations

from typing import Any

from dashboard.audit.log import recent_reasons
from dashboard.core.http import DashboardRequest


def decision_context(request: DashboardRequest, here: str) -> dict[str, Any]:
    """Where each decision form brings the user back to, and the reasons to offer again."""
    return {"here": here, "reasons": recent_reasons(request.user)}
