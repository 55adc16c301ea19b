"""One decision on one item: approve, reject (with a reason), and whatever else its kind allows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.navigation import safe_next
from dashboard.webwork.errors import WebworkInvalid

from ..forms import DecisionForm
from ..inbox import inbox_row
from ..kinds import DONE_STATUS, Kind, Lookups, Record
from ..kinds.rows import Links, decisions
from .common import decision_context, decision_fields


@require_POST
def decide(
    request: DashboardRequest, kind: Kind[Any], slug: str, item_id: str, verb: str
) -> HttpResponse:
    """``kind`` comes from the URL pattern of its ``slug``."""
    if verb not in kind.verbs:
        raise Http404("There is no such decision.")
    client = request.webwork
    form = DecisionForm(request.POST, verb=verb)
    references = kind.reference_reads(client)
    *answers, record = client.gather(*references.calls, lambda: kind.get(client, item_id))
    refs = references.finish(answers)
    outcome: dict[str, Any] = {"reason_value": request.POST.get("reason", ""), "verb": verb}
    if not form.is_valid():
        outcome["error"] = form.errors["reason"][0]
    else:
        record, outcome = _send(request, kind, record, verb, form, refs, outcome)
    back = safe_next(request, reverse(kind.list_url_name))
    if request.htmx:
        return _row(request, kind, record, refs, outcome | {"next": back})
    level = messages.error if "error" in outcome else messages.success
    level(request, outcome.get("error") or outcome.get("notice") or "Done.")
    return redirect(back)


def _send(
    request: DashboardRequest,
    kind: Kind[Any],
    record: Record,
    verb: str,
    form: DecisionForm,
    refs: Lookups,
    outcome: dict[str, Any],
) -> tuple[Record, dict[str, Any]]:
    reason = form.cleaned_data["reason"]
    summary = {"reason": reason} if verb == "reject" else {}
    target = (kind.name, record.id, kind.label(record, refs.people))
    try:
        with audited(request, f"{kind.name}.{verb}", target=target, summary=summary) as entry:
            entry.message = kind.send(request.webwork, verb, record.id, reason)
    except WebworkInvalid as exc:
        errors = exc.field_errors.get(kind.reason_field) or exc.field_errors.get("reason")
        return record, outcome | {"error": errors[0] if errors else exc.message}
    notice = entry.message or f"{kind.noun.capitalize()} {DONE_STATUS[verb]}."
    return kind.decided(record, verb, reason), outcome | {"notice": notice}


def _row(
    request: DashboardRequest,
    kind: Kind[Any],
    record: Record,
    refs: Lookups,
    outcome: dict[str, Any],
) -> HttpResponse:
    view = "inbox" if request.POST.get("view") == "inbox" else "table"
    back = outcome["next"]
    context = decision_context(request, back) | outcome
    context |= {"decided": "notice" in outcome, "view": view}
    links = Links(back, view)
    if view == "inbox":
        item = kind.item(record, refs)
        row = inbox_row(item, links)
        template = "approvals/inbox.html#inbox_row"
    else:
        item = kind.row_item(request.webwork, record, refs)
        row = kind.row(item, links)
        template = kind.row_template
    if context["may_decide"]:
        fields = decision_fields(request, back, view)
        row["decide"] = decisions(row, fields, **{k: outcome.get(k, "") for k in _OUTCOME})
    return render(request, template, context | {"item": item, "row": row})


_OUTCOME = ("notice", "error", "verb", "reason_value")
