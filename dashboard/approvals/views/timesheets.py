"""The timesheet approvals table."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState, wants_refresh
from dashboard.webwork.records import Timesheet

from ..forms import TimesheetFilterForm, as_json_filters
from ..kinds import Record
from ..listing import list_page
from .common import list_context

SORTABLE = {"period", "member", "hours"}


def _sorted(records: Iterable[Record], state: ListState) -> list[Timesheet]:
    """WebWork sorts by period; member and hours sort the page shown."""
    sheets = [r for r in records if isinstance(r, Timesheet)]
    if state.sort_key == "member":
        return sorted(sheets, key=lambda s: s.member_name.lower(), reverse=state.descending)
    if state.sort_key == "hours":
        return sorted(sheets, key=lambda s: s.minutes or 0, reverse=state.descending)
    return sheets


@require_GET
def timesheets(request: DashboardRequest) -> HttpResponse:
    client = request.webwork
    form = TimesheetFilterForm(request.GET, members=client.members.all())
    state = ListState.from_request(request, sortable=SORTABLE, default_sort="-period")
    state = replace(state, filters=form.data_for_url())
    page = list_page(
        client,
        "timesheet",
        form.filters(),
        order_by="asc" if state.sort == "period" else "desc",
        page=state.page,
        per_page=state.per_page,
        refresh=wants_refresh(request),
    )
    context = list_context(request, state, page, SORTABLE) | {
        "form": form,
        "sheets": _sorted(page.items, state),
        "filters_json": json.dumps(as_json_filters(form.filters())),
    }
    template = "approvals/timesheets.html#results" if request.htmx else "approvals/timesheets.html"
    return render(request, template, context)
