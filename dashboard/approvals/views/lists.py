"""The list of one kind (timesheets, leave, time requests): filters in the URL, a page at a time."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState

from ..filters import as_json_filters
from ..kinds import Kind
from .common import decision_context


@require_GET
def approval_list(request: DashboardRequest, kind: Kind[Any]) -> HttpResponse:
    client = request.webwork
    refs = kind.references(client)
    form = kind.filter_form(request.GET, refs)
    state = ListState.from_request(request, sortable=kind.sortable, default_sort=kind.default_sort)
    state = replace(state, filters=form.data_for_url())
    listing = kind.read(client, form.filters(), state, refs)
    context = decision_context(request, request.path + state.url()) | listing.context
    context |= {
        "kind": kind,
        "form": form,
        "state": state,
        "page": listing.page,
        "rows": listing.rows,
        "pager": state.pager(listing.page),
        "refresh_url": state.refresh_url,
        "sorts": {column: state.sort_url(column) for column in kind.sortable},
        "aria": {column: state.aria_sort(column) for column in kind.sortable},
        # The bulk bar's "every waiting item matching": this list's filter, as its URL says it.
        "filters_json": json.dumps(as_json_filters(form.data_for_url())),
    }
    template = "approvals/list.html#results" if request.htmx else "approvals/list.html"
    return render(request, template, context)
