"""The outbox page: what was queued, sent or failed, and (in the demo) what the sink caught."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState, list_template

from . import sink
from .forms import OutboxFilterForm
from .models import Message

View = Callable[[DashboardRequest], HttpResponse]


def staff_only(view: View) -> View:
    """Mail of every user is on this page: Django staff only (others get the 403 page)."""

    @wraps(view)
    def check(request: DashboardRequest) -> HttpResponse:
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request)

    return check


@require_GET
@staff_only
def outbox_list(request: DashboardRequest) -> HttpResponse:
    form = OutboxFilterForm(request.GET)
    state = ListState.from_request(request, form)
    messages = form.filter(Message.objects.select_related("user"))
    page = Paginator(messages, state.per_page).get_page(state.page)
    purposes = Message.objects.order_by("purpose").values_list("purpose", flat=True).distinct()
    context = {
        "form": form,
        "state": state,
        "page": page,
        "pager": state.pager(page),
        "page_sizes": PAGE_SIZES,
        "purposes": list(purposes),
        "sink_dir": sink.sink_dir(),
        "caught": sink.caught() if not request.htmx else [],
    }
    return render(request, list_template(request, "outbox/list.html"), context)
