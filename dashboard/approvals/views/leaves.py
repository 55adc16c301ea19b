"""Leave requests and time requests: pending first, with the member's balance beside leave."""

from __future__ import annotations

import json
from dataclasses import replace

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import ListState, wants_refresh
from dashboard.webwork.records import TimeRequest

from ..forms import LeaveFilterForm, TimeRequestFilterForm, as_json_filters
from ..inbox import people_of, project_names, request_item
from ..listing import all_balances, balance_for, list_page
from .common import list_context


@require_GET
def leaves(request: DashboardRequest) -> HttpResponse:
    client = request.webwork
    members, policies = client.gather(
        lambda: client.members.all(), lambda: client.leaves.policies()
    )
    form = LeaveFilterForm(request.GET, members=members, policies=policies)
    state = replace(ListState.from_request(request), filters=form.data_for_url())
    refresh = wants_refresh(request)
    year = timezone.localdate().year
    page, balances = client.gather(
        lambda: list_page(
            client,
            "leave",
            form.filters(),
            page=state.page,
            per_page=state.per_page,
            refresh=refresh,
        ),
        lambda: all_balances(client, year),
    )
    people = people_of(members)
    rows = [
        {
            "leave": leave,
            "member": people.get(leave.user_id or -1),
            "balance": balance_for(balances, leave.user_id, leave.policy_name),
        }
        for leave in page
    ]
    context = list_context(request, state, page) | {
        "form": form,
        "rows": rows,
        "policies": policies,
        "year": year,
        "filters_json": json.dumps(as_json_filters(form.filters())),
    }
    template = "approvals/leaves.html#results" if request.htmx else "approvals/leaves.html"
    return render(request, template, context)


@require_GET
def time_requests(request: DashboardRequest) -> HttpResponse:
    client = request.webwork
    members, projects = client.gather(lambda: client.members.all(), lambda: client.projects.all())
    form = TimeRequestFilterForm(request.GET, members=members, projects=projects)
    state = replace(ListState.from_request(request), filters=form.data_for_url())
    page = list_page(
        client,
        "time_request",
        form.filters(),
        page=state.page,
        per_page=state.per_page,
        refresh=wants_refresh(request),
    )
    people, names = people_of(members), project_names(projects)
    context = list_context(request, state, page) | {
        "form": form,
        "items": [request_item(r, people, names) for r in page if isinstance(r, TimeRequest)],
        "filters_json": json.dumps(as_json_filters(form.filters())),
    }
    template = (
        "approvals/time_requests.html#results" if request.htmx else "approvals/time_requests.html"
    )
    return render(request, template, context)
