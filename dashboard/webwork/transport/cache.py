"""Short-lived caching of upstream reads, per WebWork identity and workspace.

Why: WebWork allows about 60 requests a minute per user, so a page view should cost at most one
upstream call in steady state.

- Reference data (workspaces, members, projects, leave policies: the ``all()`` methods) is kept
  for ``REFERENCE_TTL`` (5 minutes); lists and reports for ``LIST_TTL`` (30 seconds).
- Keys include the identity's ``budget_key`` (hashed) and the workspace: no entry is ever shared
  between users.
- Each (identity, workspace, resource) has a namespace token; a write through the client replaces
  the token of every resource it touches, which orphans their entries at once (they then expire).
- Each (workspace, resource) also has a generation that every identity's keys include:
  ``invalidate_workspace`` replaces it when WebWork announces a change (a verified webhook), which
  orphans that resource's entries for every user of the workspace, none of them shared.
- Values are ``Page`` or ``Report`` records carrying ``fetched_at``, so pages can say "as of HH:MM".
- ``refresh=True`` on a cached read, or every read of a ``WebworkClient.fresh()`` client, skips
  reading the cache (a "refresh" control); what it fetches is stored for the next reader.

Entries live in Django's default cache (Redis in production, so every process shares them).
A cache failure is logged and treated as a miss: the page still works, just without the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import caches

log = logging.getLogger(__name__)

REFERENCE_TTL = 300
LIST_TTL = 30
_MISSING = object()


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class ResponseCache:
    """Cached reads and namespace invalidation for one identity in one workspace."""

    def __init__(self, budget_key: str, workspace_id: int | None, alias: str = "default") -> None:
        self._scope = f"webwork:{_digest(budget_key)}:{workspace_id if workspace_id else '-'}"
        self._alias = alias
        self._workspace_id = workspace_id

    def get_or_fetch[T](
        self,
        namespace: str,
        params: Mapping[str, Any],
        fetch: Callable[[], T],
        *,
        ttl: int = LIST_TTL,
        refresh: bool = False,
    ) -> T:
        """The cached value for ``params`` in ``namespace``, or ``fetch()`` stored for ``ttl`` s."""
        token = f"{self._token(namespace)}.{self._generation(namespace)}"
        key = f"{self._scope}:{namespace}:{token}:{_digest(params)}"
        if not refresh:
            cached = self._call("get", key, _MISSING)
            if cached is not _MISSING and cached is not None:
                return cached
        value = fetch()
        self._call("set", key, value, ttl)
        return value

    def invalidate(self, *namespaces: str) -> None:
        """Orphan every entry of these resources (called after each write, even a failed one)."""
        for namespace in namespaces:
            self._call("set", self._token_key(namespace), uuid.uuid4().hex, None)

    def _token(self, namespace: str) -> str:
        key = self._token_key(namespace)
        token = self._call("get", key, None)
        if token is None:
            self._call("add", key, uuid.uuid4().hex, None)
            token = self._call("get", key, None)
        return str(token or "0")

    def _token_key(self, namespace: str) -> str:
        return f"{self._scope}:{namespace}:ns"

    def _generation(self, namespace: str) -> str:
        """The workspace-wide generation of ``namespace`` (see ``invalidate_workspace``)."""
        key = _generation_key(self._workspace_id, namespace)
        generation = self._call("get", key, None)
        if generation is None:
            self._call("add", key, uuid.uuid4().hex, None)
            generation = self._call("get", key, None)
        return str(generation or "0")

    def _call(self, operation: str, *args: Any) -> Any:
        try:
            return getattr(caches[self._alias], operation)(*args)
        except Exception:
            log.warning("webwork cache: %s failed; continuing without the cache", operation)
            return args[1] if operation == "get" else None


def _generation_key(workspace_id: int | None, namespace: str) -> str:
    return f"webwork:workspace:{workspace_id if workspace_id else '-'}:{namespace}:generation"


def invalidate_workspace(workspace_id: int, *namespaces: str, alias: str = "default") -> None:
    """Orphan these resources' entries in ``workspace_id`` for every identity at once.

    For changes the dashboard learns of from WebWork itself (a verified webhook delivery), not
    through one user's write. A cache failure is raised, not swallowed: the caller must know that
    nothing was invalidated.
    """
    cache = caches[alias]
    for namespace in namespaces:
        cache.set(_generation_key(workspace_id, namespace), uuid.uuid4().hex, None)
