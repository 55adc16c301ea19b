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

import httpx
from django.conf import settings

import dashboard

_lock = threading.Lock()
_shared: httpx.Client | None = None


def user_agent() -> str:
    return f"webwork-dashboard/{dashboard.__version__}"


def build_http(
    *,
    transport: httpx.BaseTransport | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
) -> httpx.Client:
    """A client configured from settings: base URL, timeout, User-Agent, JSON accept header."""
    return httpx.Client(
        base_url=base_url or settings.WEBWORK_API_BASE_URL,
        timeout=timeout if timeout is not None else settings.WEBWORK_TIMEOUT,
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
        transport=transport,
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
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
