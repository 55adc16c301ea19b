"""How long a sign-in lasts: an idle timeout and an absolute lifetime, both from settings.

``SESSION_IDLE_TIMEOUT`` seconds without a request, or ``SESSION_COOKIE_AGE`` seconds after
signing in, whichever comes first, and the session ends: the user signs in again and comes back
to the page they were on. (django-session-security and django-session-timeout each enforce only
one of the two limits; this is the few lines that enforce both.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

from dashboard.core.middleware import return_path

STARTED = "session_started_at"
SEEN = "session_seen_at"
# The last-seen stamp moves at most this often, so that not every request writes the session.
TOUCH_SECONDS = 60


@receiver(user_logged_in)
def stamp_sign_in(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[SEEN] = now


def _span(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _why_ended(session: Any, now: float) -> str:
    """Why this session is over, or "" while it may go on."""
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        return ""
    if now - started >= settings.SESSION_COOKIE_AGE:
        return f"Sign-ins last at most {_span(settings.SESSION_COOKIE_AGE)}; sign in again."
    if now - seen >= settings.SESSION_IDLE_TIMEOUT:
        return f"You were signed out after {_span(settings.SESSION_IDLE_TIMEOUT)} without activity."
    return ""


class SessionTimeoutMiddleware:
    """Ends a signed-in session that has been idle, or alive, for too long.

    Sits after the message middleware (to say why) and before the login-required check, which
    then sends the user to sign in with ``next``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now, session = time.time(), request.session
            if reason := _why_ended(session, now):
                logout(request)
                messages.info(request, reason)
            else:
                session.setdefault(STARTED, now)  # a session from before these limits
                if now - session.get(SEEN, 0) >= TOUCH_SECONDS:
                    session[SEEN] = now
        return self.get_response(request)


class HtmxLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required check; an htmx request gets a client redirect to the sign-in page
    (and back to the page it came from), since htmx would swap the sign-in page into a fragment."""

    # The stubs say HttpResponseRedirect; Django only needs a response, and htmx's is not one.
    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Any
    ) -> HttpResponse:
        if not getattr(request, "htmx", False):
            return super().handle_no_permission(request, view_func)
        login_url = resolve_url(self.get_login_url(view_func))
        field = self.get_redirect_field_name(view_func)
        target = redirect_to_login(return_path(request), login_url, field)
        return HttpResponseClientRedirect(target["Location"])
