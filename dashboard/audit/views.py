"""The audit log page and its CSV export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.core.exports import csv_response
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState

from .forms import AuditFilterForm, ExportForm
from .models import AuditEntry

CSV_HEADER = [
    "time",
    "user",
    "workspace",
    "action",
    "target type",
    "target id",
    "target",
    "outcome",
    "upstream message",
    "duration ms",
    "request id",
    "job id",
]


# The WebWork roles that may see (and take) every action in a workspace; compared without case,
# as the two variants of WebWork's docs spell them differently.
WORKSPACE_WIDE_ROLES = frozenset({"owner", "executive manager"})


def _sees_everything(request: DashboardRequest) -> bool:
    return request.user.is_superuser or request.user.is_staff


def _whole_workspace(request: DashboardRequest) -> int | None:
    """The workspace whose every entry the user may see: theirs, when they own or run it."""
    workspace = request.workspace
    if workspace is not None and workspace.role.strip().casefold() in WORKSPACE_WIDE_ROLES:
        return workspace.id
    return None


def visible_entries(request: DashboardRequest) -> QuerySet[AuditEntry]:
    """Staff and superusers see everything. An owner or executive manager of the workspace the
    user is connected to also sees what others did there; everyone else sees only their own."""
    entries = AuditEntry.objects.all()
    if _sees_everything(request):
        return entries
    mine = Q(user=request.user)
    if (workspace_id := _whole_workspace(request)) is not None:
        mine |= Q(workspace_id=workspace_id)
    return entries.filter(mine)


@require_GET
def audit_list(request: DashboardRequest) -> HttpResponse | StreamingHttpResponse:
    form = AuditFilterForm(request.GET)
    state = ListState.from_request(request, form)
    entries = form.filter(visible_entries(request))
    if ExportForm(request.GET).wants_csv():
        return _export(entries)
    page = Paginator(entries, state.per_page).get_page(state.page)
    actions = (
        visible_entries(request).order_by("action").values_list("action", flat=True).distinct()
    )
    context = {
        "form": form,
        "page": page,
        "pager": state.pager(page),
        "actions": list(actions),
        "export_query": state.querystring(page=1),
        "sees_others": _sees_everything(request) or _whole_workspace(request) is not None,
    }
    template = "audit/list.html#results" if request.htmx else "audit/list.html"
    return render(request, template, context)


def _export(entries: QuerySet[AuditEntry]) -> StreamingHttpResponse:
    rows = (
        [
            timezone.localtime(e.created_at).isoformat(timespec="seconds"),
            e.username,
            e.workspace_name or e.workspace_id or "",
            e.action,
            e.target_type,
            e.target_id,
            e.target_label,
            e.outcome,
            e.upstream_message,
            e.duration_ms,
            e.request_id,
            e.job_id,
        ]
        for e in entries.iterator()
    )
    stamp = timezone.localdate().isoformat()
    return csv_response(f"audit-log-{stamp}.csv", CSV_HEADER, rows)
