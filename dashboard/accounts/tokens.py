"""The token source the service layer asks for tokens: one refresh at a time per connection.

WebWork rotates refresh tokens, so two concurrent refreshes with the same refresh token would make
the second fail and break the connection. A lock in the shared cache (Redis in production, so it
holds across processes and hosts) lets one request refresh; the others wait, then read the new
token from the database.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.utils import timezone

from dashboard.webwork import oauth
from dashboard.webwork.errors import WebworkAuthError, WebworkUnavailable

from .models import WebworkConnection

log = logging.getLogger(__name__)

LOCK_SECONDS = 30  # longer than a token request may take (WEBWORK_TIMEOUT)
WAIT_SECONDS = 20
POLL_SECONDS = 0.05


@contextmanager
def refresh_lock(connection_id: int) -> Iterator[None]:
    key, owner = f"webwork:refresh-lock:{connection_id}", secrets.token_hex(8)
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(key, owner, timeout=LOCK_SECONDS):
        if time.monotonic() > deadline:
            raise WebworkUnavailable("Another request is still renewing your WebWork sign-in.")
        time.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        if cache.get(key) == owner:
            cache.delete(key)


class ConnectionTokens:
    """A ``TokenSource`` backed by a ``WebworkConnection`` row."""

    def __init__(self, connection: WebworkConnection) -> None:
        self.connection = connection

    @property
    def budget_key(self) -> str:
        return self.connection.budget_key

    def access_token(self) -> str:
        if self.connection.expires_soon():
            return self._refresh(stale=self.connection.access_token)
        return self.connection.access_token

    def refreshed_token(self, stale: str) -> str:
        if self.connection.kind == WebworkConnection.Kind.TOKEN:
            reason = "WebWork no longer accepts your personal access token."
            self.connection.mark_broken(reason)
            raise WebworkAuthError(reason, status=401)
        return self._refresh(stale)

    def _refresh(self, stale: str) -> str:
        with refresh_lock(self.connection.pk):
            current = WebworkConnection.objects.get(pk=self.connection.pk)
            self.connection = current
            if not current.is_usable:
                raise WebworkAuthError(current.broken_reason or "Reconnect to WebWork.")
            if current.access_token != stale and not current.expires_soon():
                return current.access_token  # another request refreshed while we waited
            if not current.refresh_token:
                current.mark_broken("Your WebWork sign-in expired.")
                raise WebworkAuthError("Your WebWork sign-in expired.")
            try:
                tokens = oauth.refresh(current.refresh_token)
            except WebworkAuthError as exc:
                current.mark_broken(exc.message)
                raise
            refresh_token = tokens.refresh_token or current.refresh_token
            current.set_tokens(tokens.access_token, refresh_token, tokens.expires_in)
            current.refreshed_at = timezone.now()
            current.save()
            log.info("refreshed the WebWork token of connection %s", current.pk)
            return tokens.access_token
