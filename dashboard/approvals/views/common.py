"""What every approval page with decisions on it shares."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import SafeString

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


def decision_fields(request: DashboardRequest, here: str, view: str) -> SafeString:
    """The hidden fields every decision form of a page sends (its CSRF token, which table the
    answer is a row of, where to go back to), rendered once for all the page's rows."""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="view" value="{}"><input type="hidden" name="next" value="{}">',
        get_token(request),
        view,
        here,
    )
