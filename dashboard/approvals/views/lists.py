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

from ..filters import ApprovalFilterForm, as_json_filters
from ..kinds import Item, Kind, Lookups, Read
from ..kinds.rows import Links
from .common import decision_context, decision_fields


@require_GET
def approval_list(request: DashboardRequest, kind: Kind[Any]) -> HttpResponse:
    state = ListState.from_request(request, sortable=kind.sortable, default_sort=kind.default_sort)
    form, refs, read = _read(request, kind, state)
    listing = kind.listing(read, refs, state)
    state = replace(state, filters=form.data_for_url())
    here = request.path + state.url()
    opened = request.GET.get(kind.details_param, "") if kind.details_param else ""
    context = decision_context(request, here) | listing.context
    fields = decision_fields(request, here, "table") if context["may_decide"] else None
    links = Links(here, "table", fields=fields, opened=opened)
    if opened and request.htmx:
        return _details(request, kind, listing.rows, refs, links)
    context |= {
        "kind": kind,
        "form": form,
        "state": state,
        "page": listing.page,
        "rows": listing.rows,
        "shown": [kind.row(item, links) for item in listing.rows],
        "decide_fields": fields,
        "pager": state.pager(listing.page),
        "refresh_url": state.refresh_url,
        "sorts": {column: state.sort_url(column) for column in kind.sortable},
        "aria": {column: state.aria_sort(column) for column in kind.sortable},
        # The bulk bar's "every waiting item matching": this list's filter, as its URL says it.
        "filters_json": json.dumps(as_json_filters(form.data_for_url())),
    }
    template = "approvals/list.html#results" if request.htmx else "approvals/list.html"
    return render(request, template, context)


def _read(
    request: DashboardRequest, kind: Kind[Any], state: ListState
) -> tuple[ApprovalFilterForm, Lookups, Read]:
    """The filters, the reference data and the list, in one round: the filters are read from the
    query at once (an id as an id), so the list goes out together with the reference data. Only
    when an id turns out not to be among the choices is the list read again, as the form then
    filters it; the kind's ``checked_first`` filters are checked against the (cached) reference
    data before anything is sent."""
    client = request.webwork
    asked = kind.filter_form(request.GET, None).filters()
    if kind.checked_first & asked.keys():
        refs = kind.references(client)
        form = kind.filter_form(request.GET, refs)
        return form, refs, kind.read(client, form.filters(), state)
    reads, references = kind.reads(client, asked, state), kind.reference_reads(client)
    answers = client.gather(*references.calls, *reads.calls)
    split = len(references.calls)
    refs, answers = references.finish(answers[:split]), answers[split:]
    form = kind.filter_form(request.GET, refs)
    filters = form.filters()
    read = reads.finish(answers) if filters == asked else kind.read(client, filters, state)
    return form, refs, read


def _details(
    request: DashboardRequest, kind: Kind[Any], items: list[Item], refs: Lookups, links: Links
) -> HttpResponse:
    """A row's details alone (its "Days"), from the page it is on (or, gone from it since, as
    its review page reads it)."""
    item = next((item for item in items if item.record.id == links.opened), None)
    if item is None:
        item = kind.item(kind.get_cached(request.webwork, links.opened), refs)
    context = decision_context(request, links.here) | {"row": kind.row(item, links)}
    return render(request, kind.details_template, context)
