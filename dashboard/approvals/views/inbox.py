"""The home page: everything waiting for this manager's decision."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.accounts.middleware import connection_of
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import wants_refresh

from .. import inbox as inbox_data
from .common import recent_reasons


@require_GET
def inbox(request: DashboardRequest) -> HttpResponse:
    connection = connection_of(request)
    if connection is None or not connection.is_usable or connection.workspace_id is None:
        return render(request, "approvals/inbox_unconnected.html", {"connection": connection})
    found = inbox_data.load(request.webwork, refresh=wants_refresh(request))
    context = {
        "inbox": found,
        "reasons": recent_reasons(request),
        "here": request.path,
        "refresh_url": request.path + "?refresh=1",
    }
    template = "approvals/inbox.html#inbox" if request.htmx else "approvals/inbox.html"
    return render(request, template, context)
