"""The member list and the invitation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState
from dashboard.core.upstream import flash
from dashboard.webwork.errors import WebworkError, WebworkForbidden
from dashboard.webwork.records import Contract, Page

from .. import roster
from ..forms import SORTABLE, STATUSES, InviteForm, MemberFilterForm
from ..models import Offboarding
from .common import NO_RESTORE, may_manage, read_only_reason, refuse_role

MEMBERS_CHANGED = "members-changed"
COLUMNS = (
    ("name", "Name"),
    ("role", "Role"),
    ("status", "Status"),
    ("team", "Team"),
    ("", "Projects"),
    ("limit", "Weekly limit"),
    ("", "Rates"),
)
RECENT = timedelta(days=30)


def contracts_if_allowed(request: DashboardRequest, refresh: bool = False) -> Page[Contract]:
    """Everyone's contracts, or none for a role WebWork does not show them to."""
    try:
        return request.webwork.contracts.all(refresh=refresh)
    except WebworkForbidden:
        return Page(items=(), total=0, page=1, per_page=0, last_page=1)


def offboardings(request: DashboardRequest) -> dict[int, Offboarding]:
    """This user's offboardings in this workspace that are under way, by member."""
    workspace = request.workspace
    if workspace is None:
        return {}
    found = Offboarding.objects.filter(user=request.user, workspace_id=workspace.id)
    return {o.member_id: o for o in found.exclude(step=Offboarding.Step.DONE)}


@require_GET
def member_list(request: DashboardRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET)
    state = form.apply_to(ListState.from_request(request, sortable=SORTABLE))
    ww = request.webwork
    everyone, contracts = ww.gather(
        lambda: ww.members.all(refresh=state.refresh),
        lambda: contracts_if_allowed(request, state.refresh),
    )
    form.offer_teams(roster.teams(everyone))
    found = roster.matching(roster.rows(everyone, contracts, offboardings(request)), state.filters)
    shown = roster.sorted_rows(found, state.sort_key or "name", state.descending)
    page = Paginator(shown, state.per_page).get_page(state.page)
    context: dict[str, Any] = {
        "form": form,
        "state": state,
        "page": page,
        "pager": state.pager(page),
        "columns": state.columns(COLUMNS),
        "filtered": bool(state.filters),
        "anyone": bool(everyone),
        "fetched_at": everyone.fetched_at,
        "refresh_url": state.refresh_url,
        "back": state.at(request.path),
        "page_sizes": PAGE_SIZES,
        "statuses": dict(STATUSES),
        "may_manage": may_manage(request),
        "read_only": read_only_reason(request),
        "offboarded": _recently_offboarded(request),
        "no_restore": NO_RESTORE,
    }
    if context["may_manage"]:
        context["invite_form"] = InviteForm()
    template = "members/list.html#results" if request.htmx else "members/list.html"
    return render(request, template, context)


def _recently_offboarded(request: DashboardRequest) -> list[Offboarding]:
    if request.workspace is None:
        return []
    since = timezone.now() - RECENT
    return list(
        Offboarding.objects.filter(
            user=request.user,
            workspace_id=request.workspace.id,
            step=Offboarding.Step.DONE,
            finished_at__gte=since,
        )[:10]
    )


@require_http_methods(["GET", "POST"])
def member_invite(request: DashboardRequest) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    everyone = request.webwork.members.all()
    form = InviteForm(request.POST or None, members=everyone)
    if request.method == "POST" and form.is_valid():
        try:
            said, label = _invite(request, form)
        except WebworkError as exc:
            form.refused(exc)
        else:
            if not request.htmx:
                messages.success(request, format_html("{} {}", said, label))
                return redirect("members:list")
            context = {"invite_form": InviteForm(), "in_dialog": True}
            context |= flash(said, label)
            response = render(request, "members/invite.html#invite_form", context)
            return trigger_client_event(response, MEMBERS_CHANGED)
    context = {"invite_form": form, "in_dialog": bool(request.htmx)}
    template = "members/invite.html#invite_form" if request.htmx else "members/invite.html"
    return render(request, template, context)


def _invite(request: DashboardRequest, form: InviteForm) -> tuple[str, SafeString]:
    data = form.cleaned_data
    label = f"{data['firstname']} {data['lastname']}".strip()
    summary = {k: data[k] for k in ("email", "firstname", "lastname", "role")}
    with audited(request, "member.invite", target=("member", "", label), summary=summary) as entry:
        saved = request.webwork.members.invite(
            email=data["email"],
            firstname=data["firstname"],
            lastname=data["lastname"],
            role=data["role"],
        )
        entry.message, entry.target_id = saved.message, saved.item or ""
    detail = format_html(
        "<bdi>{}</bdi> &lt;<bdi>{}</bdi>&gt; as {}", label, data["email"], data["role"]
    )
    return saved.message or "Invitation sent.", detail
