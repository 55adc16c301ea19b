"""The home page: everything waiting for this manager's decision."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.core import connections
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState

from .. import inbox as inbox_data
from ..kinds.rows import Links
from .common import decision_context, decision_fields

MORE_ID = "inbox-more"  # the row that stands for the rest, and what htmx asks for to get them


@require_GET
def inbox(request: DashboardRequest) -> HttpResponse:
    """The first ``FIRST`` items; ``?show=all`` every item read (for htmx asking from the "more"
    row, only the rows after the first)."""
    status = connections.status(request)
    if status != "ready":
        return render(request, "approvals/inbox_unconnected.html", {"status": status})
    state = ListState.from_request(request)
    found = inbox_data.load(request.webwork, refresh=state.refresh)
    everything = request.GET.get("show") == "all"
    rest = everything and bool(request.htmx) and request.htmx.target == MORE_ID
    which = slice(None) if everything else slice(inbox_data.FIRST)
    if rest:
        which = slice(inbox_data.FIRST, None)
    context = decision_context(request, request.path)
    fields = decision_fields(request, request.path, "inbox") if context["may_decide"] else None
    links = Links(request.path, "inbox", fields=fields)
    may_decide = context["may_decide"]
    rows = found.rows_html(which, links, may_decide=may_decide, now=timezone.now())
    context |= {
        "inbox": found,
        "rows": rows,
        "more": len(found.items) - len(range(len(found.items))[which]),
        "more_id": MORE_ID,
        "decide_fields": fields,
        "refresh_url": request.path + state.refresh_url,
    }
    if rest:
        return render(request, "approvals/inbox.html#inbox_rows", context)
    template = "approvals/inbox.html#inbox" if request.htmx else "approvals/inbox.html"
    return render(request, template, context)
