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
from django.utils.dateparse import parse_date
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
    """``?day=`` also reads that day's entries; for htmx, only that day is answered."""
    day = parse_date(request.GET.get("day") or "") if _is_date(request.GET.get("day")) else None
    client, refresh = request.webwork, wants_refresh(request)
    found = evidence.timesheet_evidence(client, item_id, refresh=refresh, day=day)
    opened = found.opened(day) if day else None
    if request.htmx and opened is not None:
        back = safe_next(request, reverse(TIMESHEET.list_url_name))
        return render(request, "approvals/_review_day.html", {"day": opened, "next": back})
    label = f"{found.member} · {TIMESHEET.label(found.sheet, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label}
    return _page(request, TIMESHEET, found.sheet, "approvals/review_timesheet.html", context)


def _is_date(text: str | None) -> bool:
    try:
        return bool(text) and parse_date(text or "") is not None
    except ValueError:
        return False


@require_GET
def leave_review(request: DashboardRequest, item_id: str) -> HttpResponse:
    found = evidence.leave_evidence(request.webwork, item_id, refresh=wants_refresh(request))
    label = f"{found.member} · {LEAVE.label(found.leave, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label}
    return _page(request, LEAVE, found.leave, "approvals/review_leave.html", context)


@require_GET
def time_request_review(request: DashboardRequest, item_id: str) -> HttpResponse:
    found = evidence.time_request_evidence(request.webwork, item_id, refresh=wants_refresh(request))
    label = f"{found.member} · {TIME_REQUEST.label(found.request, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label}
    template = "approvals/review_time_request.html"
    return _page(request, TIME_REQUEST, found.request, template, context)
