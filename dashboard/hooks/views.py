"""``/settings/webhooks/``: the dashboard's webhook in this workspace, for owners and executive
managers: whether WebWork has it, registering it (again), removing it, the last deliveries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.core.http import DashboardRequest
from dashboard.core.upstream import add_upstream_errors
from dashboard.webwork.errors import WebworkError

from . import registering
from .forms import RegisterForm
from .models import Receipt
from .verification import TOLERANCE

RECENT = 20


def _may(request: DashboardRequest) -> bool:
    workspace = request.workspace
    if workspace is None:
        request.webwork.workspace_id  # noqa: B018  (no connection or workspace: sent to choose one)
    return workspace is not None and workspace.may.can_manage_access


def _refuse(request: DashboardRequest) -> HttpResponse:
    role = request.workspace.role if request.workspace else ""
    context = {
        "title": "Your WebWork role does not allow this",
        "detail": (
            f"As a {role or 'member without a role'} in this workspace you cannot manage its "
            "webhooks: that needs the Owner or Executive manager role."
        ),
    }
    context |= {"back_url": reverse("approvals:inbox"), "back_label": "Back to the inbox"}
    return render(request, "components/refused.html", context, status=403)


def _page(request: DashboardRequest, form: RegisterForm) -> HttpResponse:
    assert request.workspace is not None
    refresh = request.GET.get("refresh") == "1"
    standing = registering.standing(request, refresh=refresh)
    context: dict[str, Any] = {
        "form": form,
        "standing": standing,
        "registration": standing.registration,
        "address_problem": registering.address_problem(),
        "prefix": registering.receiving_prefix(),
        "events": registering.EVENTS,
        "receipts": Receipt.objects.filter(workspace_id=request.workspace.id)[:RECENT],
        "tolerance_minutes": int(TOLERANCE.total_seconds() // 60),
        "fetched_at": standing.fetched_at,
        "refresh_url": "?refresh=1",
    }
    return render(request, "hooks/settings.html", context)


@require_GET
def webhook_settings(request: DashboardRequest) -> HttpResponse:
    if not _may(request):
        return _refuse(request)
    return _page(request, RegisterForm())


@require_POST
def webhook_register(request: DashboardRequest) -> HttpResponse:
    if not _may(request):
        return _refuse(request)
    form = RegisterForm(request.POST)
    if form.is_valid():
        try:
            registration, replaced = registering.register(request)
        except WebworkError as exc:
            add_upstream_errors(form, exc)
        except registering.NoSecret as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                format_html(
                    "Registered the webhook: WebWork now tells the dashboard about member and "
                    "project changes at {}.",
                    registration.url,
                ),
            )
            _say(request, replaced, "Replaced")
            return redirect("hooks:settings")
    return _page(request, form)


@require_http_methods(["GET", "POST"])
def webhook_remove(request: DashboardRequest) -> HttpResponse:
    if not _may(request):
        return _refuse(request)
    if request.method == "GET":
        standing = registering.standing(request)
        return render(request, "hooks/remove.html", {"standing": standing})
    removed = registering.remove(request)
    if not removed:
        messages.info(request, "There was no webhook of this dashboard to remove.")
    elif all(ok for _, ok, _ in removed):
        messages.success(
            request,
            "Removed the webhook: pages show member and project changes made in WebWork once "
            "their cache expires (up to 5 minutes), or on Refresh.",
        )
    _say(request, [item for item in removed if not item[1]], "Could not remove")
    return redirect("hooks:settings")


def _say(request: DashboardRequest, items: list[registering.Item], done: str) -> None:
    """One message per webhook touched: ``done`` (e.g. "Replaced") when it worked."""
    for name, ok, text in items:
        say = messages.success if ok else messages.error
        say(request, format_html("{} {}: {}", done if ok else "Could not remove", name, text))
