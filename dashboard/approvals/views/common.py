"""Lookups every approval view shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.http import url_has_allowed_host_and_scheme

from dashboard.audit.models import AuditEntry
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState

from ..kinds import LEAVE, TIME_REQUEST, TIMESHEET

RECENT_REASONS = 8


def recent_reasons(request: DashboardRequest) -> list[str]:
    """The reasons this manager gave for recent rejections, newest first, without repeats."""
    entries = AuditEntry.objects.filter(
        user=request.user, action__endswith=".reject", outcome="ok"
    ).values_list("summary", flat=True)[:100]
    reasons: list[str] = []
    for summary in entries:
        reason = summary.get("reason") if isinstance(summary, dict) else None
        if isinstance(reason, str) and reason and reason not in reasons:
            reasons.append(reason)
        if len(reasons) == RECENT_REASONS:
            break
    return reasons


def wants_refresh(request: DashboardRequest) -> bool:
    return request.GET.get("refresh") == "1"


def safe_next(request: DashboardRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else default


KIND_CONTEXT = {"timesheet_kind": TIMESHEET, "leave_kind": LEAVE, "request_kind": TIME_REQUEST}


def list_context(
    request: DashboardRequest, state: ListState, page: Any, sortable: Iterable[str] = ()
) -> dict[str, Any]:
    """What the list templates need for the pager, sort links, freshness and return URLs."""
    here = request.path + state.url()
    return KIND_CONTEXT | {
        "state": state,
        "page": page,
        "here": here,
        "refresh_url": here + ("&" if state.query() else "") + "refresh=1",
        "prev_url": state.url(page=page.page - 1) if page.has_previous else "",
        "next_url": state.url(page=page.page + 1) if page.has_next else "",
        "sorts": {column: state.sort_url(column) for column in sortable},
        "aria": {column: state.aria_sort(column) for column in sortable},
        "reasons": recent_reasons(request),
    }
