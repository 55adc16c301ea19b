"""One decision on one item: approve, reject (with a reason), submit, unsubmit."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.navigation import safe_next
from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records import Leave, Timesheet

from ..forms import DecisionForm
from ..inbox import InboxItem, leave_item, people_of, project_names, request_item, sheet_item
from ..kinds import BY_SLUG, DONE_STATUS, Kind, Record, label
from ..listing import all_balances, balance_for
from .common import KIND_CONTEXT, recent_reasons

LIST_URLS = {
    "timesheet": "approvals:timesheets",
    "leave": "approvals:leaves",
    "time_request": "approvals:time_requests",
}


@require_POST
def decide(request: DashboardRequest, slug: str, item_id: str, verb: str) -> HttpResponse:
    kind = BY_SLUG.get(slug)
    if kind is None or verb not in kind.verbs:
        raise Http404("There is no such decision.")
    client = request.webwork
    form = DecisionForm(request.POST, verb=verb)
    people = people_of(client.members.all())
    record = kind.get(client, item_id)
    outcome: dict[str, Any] = {"reason_value": request.POST.get("reason", ""), "verb": verb}
    if not form.is_valid():
        outcome["error"] = form.errors["reason"][0]
    else:
        record, outcome = _send(request, kind, record, verb, form, people, outcome)
    if request.htmx:
        return _row(request, kind, record, people, outcome)
    level = messages.error if "error" in outcome else messages.success
    level(request, outcome.get("error") or outcome.get("notice") or "Done.")
    return redirect(safe_next(request, reverse(LIST_URLS[kind.name])))


def _send(
    request: DashboardRequest,
    kind: Kind,
    record: Record,
    verb: str,
    form: DecisionForm,
    people: dict[int, Any],
    outcome: dict[str, Any],
) -> tuple[Record, dict[str, Any]]:
    reason = form.cleaned_data["reason"]
    summary = {"reason": reason} if verb == "reject" else {}
    target = (kind.name, record.id, label(record, people))
    try:
        with audited(request, f"{kind.name}.{verb}", target=target, summary=summary) as entry:
            entry.message = kind.send(request.webwork, verb, record.id, reason)
    except WebworkInvalid as exc:
        errors = exc.field_errors.get(kind.reason_field) or exc.field_errors.get("reason")
        return record, outcome | {"error": errors[0] if errors else exc.message}
    notice = entry.message or f"{kind.noun.capitalize()} {DONE_STATUS[verb]}."
    return replace(record, status=DONE_STATUS[verb]), outcome | {"notice": notice}


def _row(
    request: DashboardRequest,
    kind: Kind,
    record: Record,
    people: dict[int, Any],
    outcome: dict[str, Any],
) -> HttpResponse:
    view = request.POST.get("view", "table")
    context: dict[str, Any] = (
        KIND_CONTEXT
        | outcome
        | {
            "reasons": recent_reasons(request),
            "next": safe_next(request, reverse(LIST_URLS[kind.name])),
            "decided": "notice" in outcome,
            "view": view,
        }
    )
    if view == "inbox":
        context["item"] = _inbox_item(request, record, people)
        return render(request, "approvals/inbox.html#inbox_row", context)
    if isinstance(record, Timesheet):
        return render(request, "approvals/_timesheet_row.html", context | {"sheet": record})
    if isinstance(record, Leave):
        year = (record.start_date or timezone.localdate()).year
        balance = balance_for(
            all_balances(request.webwork, year), record.user_id, record.policy_name
        )
        context |= {"leave": record, "member": people.get(record.user_id or -1), "balance": balance}
        return render(request, "approvals/_leave_row.html", context)
    context["item"] = _inbox_item(request, record, people)
    return render(request, "approvals/_time_request_row.html", context)


def _inbox_item(request: DashboardRequest, record: Record, people: dict[int, Any]) -> InboxItem:
    if isinstance(record, Timesheet):
        return sheet_item(record, people, [])
    if isinstance(record, Leave):
        return leave_item(record, people)
    return request_item(record, people, project_names(request.webwork.projects.all()))
