"""Request ids, and the one place where upstream failures become pages, banners or redirects."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

from dashboard.webwork.errors import WebworkAuthError, WebworkError

from .upstream import describe

log = logging.getLogger(__name__)
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

Handler = Callable[[HttpRequest], HttpResponse]


class HealthCheckMiddleware:
    """Answers ``/healthz`` first of all: no host check, no HTTPS redirect, no I/O.

    A container's health probe calls it by IP address, which ``ALLOWED_HOSTS`` rightly refuses.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return JsonResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})
        return self.get_response(request)


class LocalDefaultsMiddleware:
    """The request runs with the default time zone and language activated, as they would be
    without it. Django looks both up per thread on every date shown and every translated word,
    and when none is activated each look raises and catches an AttributeError under a lock that
    every thread shares: with 50 rows of dates, about a tenth of a warm page's time."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(timezone.get_default_timezone())
        translation.activate(settings.LANGUAGE_CODE)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            translation.deactivate()


class RequestIdMiddleware:
    """Gives every request an id (kept from a proxy's X-Request-ID when it looks sane)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Every response to a signed-in user (pages, partials, exports) is ``no-store``: they carry
    names, hours, pay and reject reasons, which no browser history or shared cache may keep.

    Static files are answered before this by WhiteNoise, ``/healthz`` before everything; the
    check of the path covers static files served any other way.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
        if signed_in and not request.path.startswith(settings.STATIC_URL or "/static/"):
            add_never_cache_headers(response)
        return response


class UpstreamErrorMiddleware:
    """Turns the service layer's errors into something a manager can act on; never a 500."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, WebworkError):
            return None
        log.warning("upstream failure on %s: %r", request.path, exc)
        if isinstance(exc, WebworkAuthError):
            return self._reconnect(request, exc)
        title, detail, status = describe(exc)
        if getattr(request, "htmx", False):
            # htmx 2 swaps no 4xx/5xx bodies: answer 200 and put the banner in the messages region.
            response = render(
                request,
                "components/banner.html",
                {"title": title, "detail": detail, "level": "error"},
            )
            response["HX-Retarget"] = "#messages"
            response["HX-Reswap"] = "beforeend"
            return response
        return render(
            request, "core/upstream_error.html", {"title": title, "detail": detail}, status=status
        )

    def _reconnect(self, request: HttpRequest, exc: WebworkAuthError) -> HttpResponse:
        mark_broken = getattr(request, "webwork_connection_broken", None)
        if callable(mark_broken):
            mark_broken(exc.message)
        query = urlencode({"next": return_path(request), "reason": "expired"})
        url = reverse("accounts:connect") + "?" + query
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)


def return_path(request: HttpRequest) -> str:
    """Where to come back to: this page, or for htmx the page that the fragment belongs to."""
    if getattr(request, "htmx", False):
        current = request.headers.get("HX-Current-URL")
        if current:
            parts = urlsplit(current)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()
