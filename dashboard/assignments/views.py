"""Project assignments (contracts): the table, create, edit, pause and resume."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState
from dashboard.core.navigation import safe_next
from dashboard.core.upstream import flash
from dashboard.webwork.errors import WebworkError, WebworkForbidden
from dashboard.webwork.records import Contract, Member, Project, Report
from dashboard.webwork.resources.base import Saved

from .enums import MAX_WEEKLY_HOURS
from .forms import ContractCreateForm, ContractEditForm, ContractFilterForm
from .hours import ContractRow, grouped, minutes_by_contract, ordered, rows_for, this_week


def _week_report_if_allowed(request: DashboardRequest, refresh: bool) -> Report | None:
    """This week's report, or None for a role that may not read reports (the table still works)."""
    monday, sunday = this_week(timezone.localdate())
    try:
        return request.webwork.reports.tracked_hours(monday, sunday, refresh=refresh)
    except WebworkForbidden:
        return None


PAUSED_NOTE = "They cannot track time on it until you resume the contract."
RESUMED_NOTE = "They can track time on it again."


def _label(contract: Contract) -> str:
    return f"{contract.user_name} on {contract.project_name}"


@require_GET
def contract_list(request: DashboardRequest) -> HttpResponse:
    form = ContractFilterForm(request.GET)
    state = form.apply_to(ListState.from_request(request))
    ww = request.webwork
    members, projects, contracts, report = ww.gather(
        lambda: ww.members.all(),
        lambda: ww.projects.all(),
        lambda: ww.contracts.all(
            project_id=state.filters.get("project"),
            user_id=state.filters.get("member"),
            status=state.filters.get("status"),
            refresh=state.refresh,
        ),
        lambda: _week_report_if_allowed(request, state.refresh),
    )
    form.offer(members, projects)
    by = state.filters.get("by", "project")
    rows = ordered(rows_for(contracts, report), by)
    page = Paginator(rows, state.per_page).get_page(state.page)
    show_rates = any(c.rate is not None for c in contracts)
    context = {
        "form": form,
        "state": state,
        "page": page,
        "pager": state.pager(page, target="#contracts"),
        "groups": grouped(page.object_list, by),
        "by": by,
        "show_rates": show_rates,
        "week": this_week(timezone.localdate()),
        "page_sizes": PAGE_SIZES,
        "hours_shown": report is not None,
        "columns": 5 + (report is not None) + show_rates,
        "fetched_at": min(contracts.fetched_at, (report or contracts).fetched_at),
        "refresh_url": state.refresh_url,
        "back": state.at(request.path),
    }
    template = "assignments/list.html#contracts" if request.htmx else "assignments/list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def contract_new(request: DashboardRequest) -> HttpResponse:
    members, projects = request.webwork.gather(
        lambda: request.webwork.members.all(), lambda: request.webwork.projects.all()
    )
    initial = {k: request.GET.get(k) for k in ("member", "project") if request.GET.get(k)}
    form = ContractCreateForm(
        request.POST or None, initial=initial, members=members, projects=projects
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _create(request, form, members, projects)
        except WebworkError as exc:
            form.refused(exc)
        else:
            messages.success(request, saved.message or "Contract created.")
            project = form.cleaned_data["project"]
            return redirect(reverse("assignments:list") + f"?project={project}")
    return render(request, "assignments/form.html", {"form": form, "contract": None})


def _create(
    request: DashboardRequest,
    form: ContractCreateForm,
    members: Iterable[Member],
    projects: Iterable[Project],
) -> Saved[Contract]:
    data = form.cleaned_data
    member = next((m.name for m in members if m.id == data["member"]), "")
    project = next((p.name for p in projects if p.id == data["project"]), "")
    summary = {"user_id": data["member"], "project_id": data["project"], **form.changes()}
    summary["rate_type"] = data["rate_type"]
    target = ("contract", "", f"{member} on {project}")
    with audited(request, "contract.create", target=target, summary=summary) as entry:
        saved = request.webwork.contracts.create(
            project_id=data["project"], user_id=data["member"], **form.changes()
        )
        entry.message, entry.target_id = saved.message, saved.item.id
    return saved


@require_http_methods(["GET", "POST"])
def contract_edit(request: DashboardRequest, contract_id: int) -> HttpResponse:
    contract = request.webwork.contracts.get(contract_id)
    back = safe_next(request, reverse("assignments:list"))
    limit = ContractRow(contract).limit
    initial = {
        # No limit (none given, or one past the hours of a week) is what the form calls 168.
        "weekly_hours_limit": MAX_WEEKLY_HOURS if limit is None else limit,
        "screenshots": contract.screenshots,
        "rate": contract.rate,
    }
    form = ContractEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = ("contract", contract.id, _label(contract))
        try:
            with audited(
                request, "contract.update", target=target, summary=form.changes()
            ) as entry:
                saved = request.webwork.contracts.update(contract.id, **form.changes())
                entry.message = saved.message
        except WebworkError as exc:
            form.refused(exc)
        else:
            messages.success(request, saved.message or "Contract updated.")
            return redirect(back)
    context = {"form": form, "contract": contract, "next": back}
    return render(request, "assignments/form.html", context)


@require_POST
def contract_pause(request: DashboardRequest, contract_id: int) -> HttpResponse:
    return _set_status(request, contract_id, "paused")


@require_POST
def contract_resume(request: DashboardRequest, contract_id: int) -> HttpResponse:
    return _set_status(request, contract_id, "active")


def _set_status(request: DashboardRequest, contract_id: int, status: str) -> HttpResponse:
    contract, report = request.webwork.gather(
        lambda: request.webwork.contracts.get(contract_id),
        lambda: _week_report_if_allowed(request, False),
    )
    pausing = status == "paused"
    target = ("contract", contract.id, _label(contract))
    action = "contract.pause" if pausing else "contract.resume"
    with audited(request, action, target=target, summary={"status": status}) as entry:
        saved = request.webwork.contracts.update(contract.id, status=status)
        entry.message = saved.message
    # WebWork says "Contract updated" either way; the dashboard says which it was.
    said = f"{'Paused' if pausing else 'Resumed'} {_label(contract)}"
    if not request.htmx:
        messages.success(request, f"{said}.")
        return redirect(safe_next(request, reverse("assignments:list")))
    updated = saved.item or replace(contract, status=status)
    minutes = minutes_by_contract(report).get(contract.id, 0) if report else 0
    note = PAUSED_NOTE if pausing else RESUMED_NOTE
    context = _row_context(request, updated, minutes, said, note)
    return render(request, "assignments/_row.html", context)


def _row_context(
    request: DashboardRequest, contract: Contract, minutes: int, said: str, note: str
) -> dict[str, Any]:
    return {
        "row": ContractRow(contract, minutes),
        "by": "member" if request.POST.get("by") == "member" else "project",
        "show_rates": request.POST.get("rates") == "1",
        "hours_shown": request.POST.get("hours", "1") == "1",
        "back": safe_next(request, reverse("assignments:list")),
        "refocus": True,
        **flash(said, note),
    }
