"""The home page: everything waiting for this manager's decision."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.core import connections
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState

from .. import inbox as inbox_data
from .common import decision_context


@require_GET
def inbox(request: DashboardRequest) -> HttpResponse:
    status = connections.status(request)
    if status != "ready":
        return render(request, "approvals/inbox_unconnected.html", {"status": status})
    state = ListState.from_request(request)
    found = inbox_data.load(request.webwork, refresh=state.refresh)
    context = decision_context(request, request.path) | {
        "inbox": found,
        "refresh_url": request.path + state.refresh_url,
    }
    template = "approvals/inbox.html#inbox" if request.htmx else "approvals/inbox.html"
    return render(request, template, context)
