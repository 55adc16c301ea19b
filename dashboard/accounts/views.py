"""Connecting a dashboard user to WebWork: OAuth2 or a personal token, then a workspace."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.audit.log import record
from dashboard.core.http import DashboardRequest
from dashboard.core.navigation import safe_next
from dashboard.webwork import oauth
from dashboard.webwork.errors import WebworkAuthError, WebworkError

from .connecting import IdentityTaken, choose_workspace, establish
from .forms import PersonalTokenForm, WorkspaceForm
from .middleware import account_client, connection_of
from .models import WebworkConnection

SESSION_KEY = "webwork_oauth"


def _done(request: HttpRequest, connection: WebworkConnection, next_url: str) -> HttpResponse:
    if connection.workspace_id is None:
        return redirect(reverse("accounts:workspace") + "?" + urlencode({"next": next_url}))
    return HttpResponseRedirect(next_url)


def _audit(request: DashboardRequest, action: str, outcome: str, message: str = "") -> None:
    connection = WebworkConnection.objects.filter(user=request.user).first()
    record(
        user=request.user,
        action=action,
        outcome=outcome,
        message=message,
        request_id=request.request_id,
        workspace_id=connection.workspace_id if connection else None,
        workspace_name=connection.workspace_name if connection else "",
    )


@require_http_methods(["GET", "POST"])
def connect(request: DashboardRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("approvals:inbox"))
    if request.method == "GET" and request.GET.get("method") == "oauth":
        return _start_oauth(request, next_url)
    form = PersonalTokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        tokens = oauth.TokenSet(form.cleaned_data["token"], "", None, "")
        try:
            connection = establish(request.user, WebworkConnection.Kind.TOKEN, tokens)
        except WebworkAuthError:
            form.add_error(
                "token", "WebWork refused this token. Check that it is whole and current."
            )
        except IdentityTaken as taken:
            form.add_error("token", taken.message)
        except WebworkError as exc:
            form.add_error(None, f"WebWork could not check the token: {exc.message}")
        else:
            _audit(request, "connection.connect", "ok", "Connected with a personal access token")
            messages.success(request, "Connected to WebWork.")
            return _done(request, connection, next_url)
    context = {
        "form": form,
        "next": next_url,
        "connection": connection_of(request),
        "expired": request.GET.get("reason") == "expired",
        "oauth_available": bool(settings.WEBWORK_CLIENT_ID),
        "another_account_url": _another_account_url(next_url),
    }
    return render(request, "accounts/connect.html", context)


def _another_account_url(next_url: str) -> str:
    """Where "Use another WebWork account" starts, when WebWork's sign-out is known."""
    if not (settings.WEBWORK_CLIENT_ID and settings.WEBWORK_LOGOUT_URL):
        return ""
    query = urlencode({"method": "oauth", "account": "another", "next": next_url})
    return f"{reverse('accounts:connect')}?{query}"


def _signed_out_first(authorize_url: str) -> str:
    """WebWork's sign-out, asked to come back to the authorize URL and so to its sign-in page."""
    logout = settings.WEBWORK_LOGOUT_URL
    return f"{logout}{'&' if '?' in logout else '?'}{urlencode({'next': authorize_url})}"


def _start_oauth(request: HttpRequest, next_url: str) -> HttpResponse:
    if not settings.WEBWORK_CLIENT_ID:
        messages.error(request, "Connecting with WebWork is not configured; use a token.")
        return redirect("accounts:connect")
    callback = request.build_absolute_uri(reverse("accounts:connect_callback"))
    started = oauth.start_authorization(callback)
    request.session[SESSION_KEY] = {
        "state": started.state,
        "verifier": started.verifier,
        "next": next_url,
        "user": request.user.pk,
        "redirect_uri": callback,
    }
    # Still signed in at WebWork, the user would be sent straight back as the same account.
    if request.GET.get("account") == "another" and settings.WEBWORK_LOGOUT_URL:
        return HttpResponseRedirect(_signed_out_first(started.url))
    return HttpResponseRedirect(started.url)


@require_GET
def connect_callback(request: DashboardRequest) -> HttpResponse:
    pending = request.session.pop(SESSION_KEY, None)
    state = request.GET.get("state", "")
    if (
        not pending
        or pending.get("user") != request.user.pk
        or not secrets.compare_digest(str(pending.get("state", "")), state)
    ):
        _audit(request, "connection.connect", "failed", "The sign-in state did not match")
        return _failed(request, "This sign-in was not started here, or it has expired.", 400)
    next_url = pending["next"]
    if error := request.GET.get("error"):
        detail = request.GET.get("error_description") or error
        return _failed(request, f"WebWork did not grant access: {detail}.", 400, next_url)
    try:
        tokens = oauth.exchange_code(
            request.GET.get("code", ""), pending["redirect_uri"], pending["verifier"]
        )
        connection = establish(request.user, WebworkConnection.Kind.OAUTH, tokens)
    except IdentityTaken as taken:
        _audit(request, "connection.connect", "failed", taken.message)
        return _failed(request, taken.message, 409, next_url)
    except WebworkError as exc:
        _audit(request, "connection.connect", "failed", exc.message)
        return _failed(request, exc.message, 400, next_url)
    _audit(request, "connection.connect", "ok", "Connected with OAuth2")
    messages.success(request, "Connected to WebWork.")
    return _done(request, connection, next_url)


def _failed(request: HttpRequest, detail: str, status: int, next_url: str = "") -> HttpResponse:
    next_url = next_url or reverse("approvals:inbox")
    context = {
        "title": "Could not connect to WebWork",
        "detail": detail,
        "next": next_url,
        "another_account_url": _another_account_url(next_url),
    }
    return render(request, "accounts/connect_failed.html", context, status=status)


@require_POST
def disconnect(request: DashboardRequest) -> HttpResponse:
    deleted, _ = WebworkConnection.objects.filter(user=request.user).delete()
    if deleted:
        _audit(request, "connection.disconnect", "ok", "Disconnected; tokens deleted")
        messages.success(request, "Disconnected. Your WebWork tokens were deleted.")
    return redirect("accounts:connect")


@require_http_methods(["GET", "POST"])
def workspace(request: DashboardRequest) -> HttpResponse:
    connection = connection_of(request)
    if connection is None or not connection.is_usable:
        return redirect(
            reverse("accounts:connect")
            + "?"
            + urlencode({"next": safe_next(request, reverse("approvals:inbox"))})
        )
    next_url = safe_next(request, reverse("approvals:inbox"))
    available = {w.id: w for w in account_client(connection).workspaces.list(refresh=True).items}
    form = WorkspaceForm(
        request.POST if request.method == "POST" else None,
        workspaces=[(w.id, f"{w.name} ({w.role})") for w in available.values()],
        initial={"workspace": connection.workspace_id},
    )
    if form.is_valid():
        choose_workspace(connection, available[form.cleaned_data["workspace"]])
        connection.save()
        messages.success(request, f"Now working in {connection.workspace_name}.")
        return HttpResponseRedirect(next_url)
    context = {"form": form, "next": next_url, "connection": connection}
    return render(request, "accounts/workspace.html", context)


@require_GET
def connection_check(request: DashboardRequest) -> HttpResponse:
    """One read of each WebWork operation the dashboard uses, and whether its fields are there."""
    from .checking import check_connection  # here, so that this view stays one appended block

    connection = connection_of(request)
    if connection is None or not connection.is_usable:
        return redirect("accounts:connect")
    check = check_connection(connection, priority="background")
    context = {"check": check, "connection": connection}
    return render(request, "accounts/check.html", context)
