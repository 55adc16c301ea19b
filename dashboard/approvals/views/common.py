"""Lookups every approval view shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
        "refresh_url": state.refresh_url,
        "pager": state.pager(page),
        "sorts": {column: state.sort_url(column) for column in sortable},
        "aria": {column: state.aria_sort(column) for column in sortable},
        "reasons": recent_reasons(request),
    }
