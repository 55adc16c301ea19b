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
from ..hints import Hint
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
    hint = Hint.read(request.GET)
    query = (hint.query() if hint else {}) | {"next": back, "refresh": "1"}
    refresh = f"{request.path}?{urlencode(query)}"
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
    """``?day=`` also reads that day's entries, ``?expenses=1`` the week's expenses; for htmx,
    only that part is answered."""
    day = parse_date(request.GET.get("day") or "") if _is_date(request.GET.get("day")) else None
    client, refresh = request.webwork, wants_refresh(request)
    hint = Hint.read(request.GET)
    found = evidence.timesheet_evidence(client, item_id, refresh=refresh, day=day, hint=hint)
    back = safe_next(request, reverse(TIMESHEET.list_url_name))
    if request.GET.get("expenses") == "1":
        found = evidence.week_expenses(client, found, refresh=refresh)
        if request.htmx:
            context = {"evidence": found, "next": back, "hint": _hint_query(hint)}
            return render(request, "approvals/_review_expenses.html", context)
    opened = found.opened(day) if day else None
    if request.htmx and opened is not None:
        context = {"day": opened, "next": back, "hint": _hint_query(hint)}
        return render(request, "approvals/_review_day.html", context)
    label = f"{found.member} · {TIMESHEET.label(found.sheet, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label, "hint": _hint_query(hint)}
    return _page(request, TIMESHEET, found.sheet, "approvals/review_timesheet.html", context)


def _hint_query(hint: Hint | None) -> str:
    """The hint again, for the page's own links (a day, the expenses): ``&u=..&from=..&to=..``."""
    return f"&{urlencode(hint.query())}" if hint else ""


def _is_date(text: str | None) -> bool:
    try:
        return bool(text) and parse_date(text or "") is not None
    except ValueError:
        return False


@require_GET
def leave_review(request: DashboardRequest, item_id: str) -> HttpResponse:
    hint = Hint.read(request.GET)
    found = evidence.leave_evidence(
        request.webwork, item_id, refresh=wants_refresh(request), hint=hint
    )
    label = f"{found.member} · {LEAVE.label(found.leave, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label}
    return _page(request, LEAVE, found.leave, "approvals/review_leave.html", context)


@require_GET
def time_request_review(request: DashboardRequest, item_id: str) -> HttpResponse:
    hint = Hint.read(request.GET)
    found = evidence.time_request_evidence(
        request.webwork, item_id, refresh=wants_refresh(request), hint=hint
    )
    label = f"{found.member} · {TIME_REQUEST.label(found.request, {}).split(' · ', 1)[-1]}"
    context = {"evidence": found, "what": label}
    template = "approvals/review_time_request.html"
    return _page(request, TIME_REQUEST, found.request, template, context)
