"""Expenses: the list with its totals, its exports, and the categories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.core.exports import Sheet, csv_response, xlsx_response
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState
from dashboard.webwork.records import Expense

from . import listing
from .common import may_manage, read_only_reason
from .forms import ExpenseFilterForm, period

TOTALS_HEADER = ["Count", "Amount", "Currency"]
EXPORTS = ("csv", "xlsx")


@dataclass(frozen=True)
class Found:
    """What a filtered list shows: the state, the form and the expenses it matches."""

    state: ListState
    form: ExpenseFilterForm
    expenses: list[Expense]
    names: listing.Names
    start: date
    end: date
    fetched_at: Any


def _find(request: DashboardRequest) -> Found:
    """Read the period's expenses and the names to filter them by, in one concurrent round."""
    start, end, good = period(request.GET, timezone.localdate())
    refresh = request.GET.get("refresh") == "1"
    webwork = request.webwork
    everything, members, projects, categories = webwork.gather(
        lambda: webwork.expenses.all(date_from=start, date_to=end, refresh=refresh),
        lambda: webwork.members.all(),
        lambda: webwork.projects.all(),
        lambda: webwork.expenses.categories(),
    )
    form = ExpenseFilterForm(
        request.GET,
        members=members,
        projects=projects,
        categories=categories,
        dates=(start, end) if good else None,  # bad dates stay in the form, with its errors
    )
    state = form.apply_to(ListState.from_request(request))
    names = listing.Names.of(members, projects, categories)
    found = listing.matching(everything, state.filters, names)
    return Found(state, form, found, names, start, end, everything.fetched_at)


@require_GET
def expense_list(request: DashboardRequest) -> HttpResponse | StreamingHttpResponse:
    """The list, or with ``?format=csv|xlsx`` its export (as the reports do)."""
    found = _find(request)
    if request.GET.get("format") in EXPORTS:
        return _export(request, found)
    state = found.state
    page = Paginator(found.expenses, state.per_page).get_page(state.page)
    names = found.names
    query = state.querystring()
    context = {
        "form": found.form,
        "state": state,
        "page": page,
        "rows": [(e, names.member(e), names.project(e), names.category(e)) for e in page],
        "pager": state.pager(page),
        "grand": listing.grand_totals(found.expenses),
        "by_category": listing.totals(found.expenses, names.category),
        "by_member": listing.totals(found.expenses, names.member),
        "filtered": any(k in state.filters for k in ("member", "project", "category")),
        "start": found.start,
        "end": found.end,
        "fetched_at": found.fetched_at,
        "refresh_url": state.refresh_url,
        "back": state.at(request.path),
        "export_query": f"{query}&" if query else "",
        "page_sizes": PAGE_SIZES,
        "may_manage": may_manage(request),
        "read_only": read_only_reason(request),
    }
    template = "expenses/list.html#results" if request.htmx else "expenses/list.html"
    return render(request, template, context)


def _export(request: DashboardRequest, found: Found) -> HttpResponse | StreamingHttpResponse:
    """The filtered expenses as CSV, or as XLSX with the totals on sheets of their own."""
    names = found.names
    rows = listing.export_rows(found.expenses, names)
    stem = f"expenses_{found.start.isoformat()}_{found.end.isoformat()}"
    if request.GET.get("format") == "xlsx":
        sheets = [
            Sheet("Expenses", listing.HEADER, rows),
            Sheet(
                "By category",
                ["Category", *TOTALS_HEADER],
                listing.total_rows(listing.totals(found.expenses, names.category)),
            ),
            Sheet(
                "By member",
                ["Member", *TOTALS_HEADER],
                listing.total_rows(listing.totals(found.expenses, names.member)),
            ),
        ]
        return xlsx_response(f"{stem}.xlsx", sheets)
    csv_rows = ([_csv(value) for value in row] for row in rows)
    return csv_response(f"{stem}.csv", listing.HEADER, csv_rows)


def _csv(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


@require_GET
def category_list(request: DashboardRequest) -> HttpResponse:
    refresh = request.GET.get("refresh") == "1"
    categories = request.webwork.expenses.categories(refresh=refresh)
    context = {
        "categories": sorted(categories, key=lambda c: c.name.casefold()),
        "refresh_url": "?refresh=1",
    }
    return render(request, "expenses/categories.html", context)
