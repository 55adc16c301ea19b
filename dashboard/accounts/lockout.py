"""Sign-in lockouts (django-axes): whose address it is, what a locked-out user sees, the audit.

Failed sign-ins are counted per account and per address; either reaching
``LOGIN_FAILURE_LIMIT`` within ``LOGIN_LOCKOUT_MINUTES`` locks it for that long.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from dashboard.audit.log import record
from dashboard.core.navigation import safe_next


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or what ``TRUSTED_PROXY_COUNT`` proxies forwarded.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the client is the entry
    that many places from the right; anything further left was written by the client itself.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part.strip() for part in forwarded.split(",") if part.strip()]
    return chain[-hops] if len(chain) >= hops else remote


def _duration(request: HttpRequest) -> str:
    cool_off = get_cool_off(request) or timedelta(0)
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page again, saying why no password works for now (``AXES_LOCKOUT_CALLABLE``)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)),
        "locked_for": _duration(request),
    }
    return render(request, "accounts/login.html", context, status=429)


@receiver(user_locked_out)
def audit_lockout(
    sender: object, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    # Every attempt during a lockout signals again; the entry is for the one that locked it.
    failures = getattr(request, "axes_failures_since_start", None)
    credentials = getattr(request, "axes_credentials", None)
    if failures != get_failure_limit(request, credentials):
        return
    record(
        user=None,
        action="sign_in.locked_out",
        outcome="failed",
        target=("account", username or "", username or ""),
        summary={"address": ip_address, "failures": failures},
        message=f"Sign-in locked for {_duration(request)} after {failures} failed attempts",
        request_id=getattr(request, "request_id", ""),
    )
