"""The process's one pooled ``httpx.Client`` for WebWork.

Created lazily on first use and shared by every thread (httpx's pool is thread-safe), so that
connections are kept alive across requests. Tests of the service layer pass their own client
(``build_http(transport=httpx.MockTransport(handler))``); tests of views swap the shared one with
``using_transport``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import Cookie, CookieJar
from typing import Any

import httpcore
import httpx
from django.conf import settings

import dashboard
from dashboard.webwork.transport.body import ACCEPT_ENCODING
from dashboard.webwork.transport.deadline import DeadlineBackend

_lock = threading.Lock()
_shared: httpx.Client | None = None


def user_agent() -> str:
    return f"webwork-dashboard/{dashboard.__version__}"


LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=20)


class NoCookies(CookieJar):
    """Keeps no cookie. Every request carries its user's bearer token and the client serves
    every user of the process: a cookie set in one user's answer (a load balancer's, say) must
    never go with another user's request."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: Cookie) -> None:
        return None


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport on a socket backend that honours the request's deadline (see deadline)."""

    def __init__(self, limits: httpx.Limits = LIMITS) -> None:
        super().__init__(limits=limits)
        # httpx offers no way to pass a network backend; its pool is rebuilt with one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=DeadlineBackend(),
        )


def build_http(
    *,
    transport: httpx.BaseTransport | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
) -> httpx.Client:
    """A client configured from settings: base URL, timeout, User-Agent, JSON accept header.

    It never follows redirects (the session refuses them), keeps no cookies (``NoCookies``), and
    asks only for the encodings that ``transport.body`` reads in bounded steps.
    """
    return httpx.Client(
        base_url=base_url or settings.WEBWORK_API_BASE_URL,
        timeout=timeout if timeout is not None else settings.WEBWORK_TIMEOUT,
        headers={
            "User-Agent": user_agent(),
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        transport=transport or DeadlineTransport(),
        cookies=NoCookies(),
        limits=LIMITS,
        follow_redirects=False,
    )


def shared_http() -> httpx.Client:
    """The process-wide client, created on first use (and again if its settings change)."""
    global _shared
    with _lock:
        if _shared is None or _shared.is_closed or _stale(_shared):
            _shared = build_http()
        return _shared


def _stale(client: httpx.Client) -> bool:
    wanted = httpx.URL(settings.WEBWORK_API_BASE_URL.rstrip("/") + "/")
    return client.base_url != wanted or client.timeout.read != settings.WEBWORK_TIMEOUT


@contextmanager
def using_transport(transport: httpx.BaseTransport) -> Iterator[httpx.Client]:
    """Within the block, the shared client sends through ``transport`` (for tests of views)."""
    global _shared
    replacement = build_http(transport=transport)
    with _lock:
        previous, _shared = _shared, replacement
    try:
        yield replacement
    finally:
        with _lock:
            _shared = previous
        replacement.close()
