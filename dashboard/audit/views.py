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

from .forms import AuditFilterForm
from .models import AuditEntry

PER_PAGE = 50
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


def visible_entries(request: DashboardRequest) -> QuerySet[AuditEntry]:
    """Superusers see everything; a manager sees what they did, and what was done in the
    workspace they are connected to now (WebWork lets them see that workspace anyway)."""
    entries = AuditEntry.objects.all()
    if request.user.is_superuser:
        return entries
    mine = Q(user=request.user)
    workspace = request.workspace
    if workspace is not None:
        mine |= Q(workspace_id=workspace.id)
    return entries.filter(mine)


@require_GET
def audit_list(request: DashboardRequest) -> HttpResponse | StreamingHttpResponse:
    form = AuditFilterForm(request.GET)
    entries = form.filter(visible_entries(request))
    if request.GET.get("format") == "csv":
        return _export(entries)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    actions = (
        visible_entries(request).order_by("action").values_list("action", flat=True).distinct()
    )
    state = ListState.from_request(request, form)
    context = {
        "form": form,
        "page": page,
        "pager": state.pager(page),
        "actions": list(actions),
        "query": state.querystring(),
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
