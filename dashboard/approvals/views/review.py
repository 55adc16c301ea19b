"""One item's review page: the evidence behind it, and its decisions for roles that may decide.

The page is opened with ``next`` (the list or inbox row it came from, with that list's state in
the URL); its back link and every decision made on it return there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import wants_refresh
from dashboard.core.navigation import safe_next

from .. import evidence
from ..kinds import LEAVE, TIME_REQUEST, TIMESHEET, Kind, Record
from .common import decision_context


def _page(
    request: DashboardRequest,
    kind: Kind[Any],
    record: Record,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    back = safe_next(request, reverse(kind.list_url_name))
    refresh = f"{request.path}?{urlencode({'next': back, 'refresh': '1'})}"
    context = decision_context(request, request.get_full_path()) | context
    context |= {
        "kind": kind,
        "record": record,
        "back": back,
        "next": back,
        "view": "review",
        "back_to": "the inbox" if back.split("?")[0] == reverse("approvals:inbox") else "the list",
        "refresh_url": refresh,
    }
    return render(request, template, context)


@require_GET
def timesheet_review(request: DashboardRequest, item_id: str) -> HttpResponse:
    found = evidence.timesheet(request.webwork, item_id, refresh=wants_refresh(request))
    label = TIMESHEET.label(found.sheet, {})
    if not found.sheet.member_name:
        label = f"{found.member} · {label.split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label, "fetched_at": None}
    return _page(request, TIMESHEET, found.sheet, "approvals/review_timesheet.html", context)


@require_GET
def leave_review(request: DashboardRequest, item_id: str) -> HttpResponse:
    found = evidence.leave(request.webwork, item_id, refresh=wants_refresh(request))
    label = f"{found.member} · {LEAVE.label(found.leave, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label}
    return _page(request, LEAVE, found.leave, "approvals/review_leave.html", context)


@require_GET
def time_request_review(request: DashboardRequest, item_id: str) -> HttpResponse:
    found = evidence.time_request(request.webwork, item_id, refresh=wants_refresh(request))
    label = f"{found.member} · {TIME_REQUEST.label(found.request, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label}
    template = "approvals/review_time_request.html"
    return _page(request, TIME_REQUEST, found.request, template, context)
