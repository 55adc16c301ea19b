"""One member changed from their row: role, rate visibility, weekly limit; archive."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.navigation import safe_next
from dashboard.core.upstream import flash
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Member

from .. import offboarding, roster
from ..forms import MemberEditForm
from ..models import Offboarding
from .common import NO_RESTORE, OWNER_NOT_ARCHIVED, may_manage, refuse_owner, refuse_role

# What a change says in the dashboard's words (WebWork's "Member updated" stays in the audit).
SAID = {"role": "role", "rates_visible": "rate visibility", "weekly_hours_limit": "weekly limit"}


def _row_of(request: DashboardRequest, member_id: int) -> tuple[Member, roster.Row]:
    """The member as WebWork has them now, with their projects: one concurrent round."""
    ww = request.webwork
    member, contracts = ww.gather(
        lambda: ww.members.get(member_id), lambda: ww.contracts.all(user_id=member_id)
    )
    return member, _row(request, member, contracts.items)


def _row(request: DashboardRequest, member: Member, contracts: Any) -> roster.Row:
    workspace_id = request.workspace.id if request.workspace else 0
    progress = Offboarding.of(request.user, workspace_id, member.id)
    if progress is not None and progress.is_done:
        progress = None
    return roster.rows([member], contracts, {member.id: progress} if progress else {})[0]


def _answer_row(
    request: DashboardRequest, row: roster.Row, said: str, detail: str, level: str = "success"
) -> HttpResponse:
    back = safe_next(request, reverse("members:list"))
    if not request.htmx:
        level_of = messages.success if level == "success" else messages.error
        level_of(request, format_html("{} {}", said, detail))
        return redirect(back)
    context = {"row": row, "back": back, "may_manage": True, "refocus": True}
    context |= flash(said, detail, level)
    return render(request, "members/_row.html", context)


@require_http_methods(["GET", "POST"])
def member_edit(request: DashboardRequest, member_id: int) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    member, row = _row_of(request, member_id)
    form = MemberEditForm(request.POST or None, member=member)
    back = safe_next(request, reverse("members:list"))
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            said = format_html("Nothing changed for <bdi>{}</bdi>.", member.name)
            return _answer_row(request, row, said, "What you sent is what WebWork has.")
        try:
            updated, message = _update(request, member, changes)
        except WebworkError as exc:
            form.refused(exc)
        else:
            what = " and ".join(SAID[k] for k in changes)
            said = format_html("Changed {} of <bdi>{}</bdi>.", what, member.name)
            return _answer_row(request, replace(row, member=updated), said, message)
    context = {"row": row, "form": form, "back": back, "may_manage": True}
    if request.htmx:
        return render(request, "members/_edit_row.html", context)
    return render(request, "members/edit.html", context)


def _update(
    request: DashboardRequest, member: Member, changes: dict[str, Any]
) -> tuple[Member, str]:
    summary = {key: _plain(value) for key, value in changes.items()}
    summary["before"] = {
        "role": member.role,
        "rate_status": member.rate_status,
        "weekly_hours_limit": member.weekly_hours_limit,
    }
    target = ("member", member.id, member.name)
    with audited(request, "member.update", target=target, summary=summary) as entry:
        saved = request.webwork.members.update(member.id, **changes)
        entry.message = saved.message
    shown = {
        "role": changes.get("role", member.role),
        "weekly_hours_limit": changes.get("weekly_hours_limit", member.weekly_hours_limit),
    }
    if "rates_visible" in changes:
        shown["rate_status"] = int(changes["rates_visible"])
    # Records are frozen: the row shows what WebWork has just agreed to, or sent back.
    return saved.item or replace(member, **shown), saved.message


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


@require_http_methods(["GET", "POST"])
def member_archive(request: DashboardRequest, member_id: int) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    member, row = _row_of(request, member_id)
    back = safe_next(request, reverse("members:list"))
    if member.is_owner:
        return refuse_owner(request, OWNER_NOT_ARCHIVED)
    if request.method == "GET":
        context = {"member": member, "next": back, "no_restore": NO_RESTORE}
        return render(request, "members/archive.html", context)
    name, ok, message = offboarding.archive(request, member)
    if not ok:
        said = format_html("<bdi>{}</bdi> was not archived.", name)
        return _answer_row(request, row, said, message, "error")
    gone = replace(member, archived_at=timezone.now())
    said = format_html("Archived <bdi>{}</bdi>.", name)
    return _answer_row(request, replace(row, member=gone), said, NO_RESTORE)
