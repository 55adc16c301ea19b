"""One upstream request, end to end: pacing, the bearer token, retries, errors, the envelope.

Rules, in the order they apply to a request:
1. Pace: reserve a slot in the identity's rate budget and sleep until it (bounded, see
   ``RetryPolicy``); a longer wait raises ``WebworkRateLimited`` instead of hanging.
2. Send with ``Authorization: Bearer <token>``. The header is never logged, nor the token shown.
3. 401: ask the TokenSource for a fresh token once and send once more (a 401 applied nothing, so
   repeating even a write is safe); a second 401 raises ``WebworkAuthError``.
4. Reads (GET) are retried on connection errors, timeouts and 5xx with exponential backoff and
   full jitter. Writes never are: a timeout on a write raises ``WebworkUnavailable`` saying that
   the outcome is unknown.
5. 429 holds the whole identity's budget for ``Retry-After``; an interactive read waits and
   retries once when that is short, anything else raises ``WebworkRateLimited``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from dashboard.webwork.auth import TokenSource
from dashboard.webwork.errors import (
    WebworkAuthError,
    WebworkError,
    WebworkInvalid,
    WebworkRateLimited,
    WebworkUnavailable,
    error_for_status,
)
from dashboard.webwork.records.pages import Envelope, parse_envelope
from dashboard.webwork.records.parsing import Malformed
from dashboard.webwork.transport.budget import Budget, Priority
from dashboard.webwork.transport.retry import RetryPolicy

log = logging.getLogger(__name__)


class TokenState:
    """The token in use, refreshed at most once per stale token even under concurrent 401s."""

    def __init__(self, source: TokenSource) -> None:
        self.source = source
        self._lock = threading.Lock()
        self._token: str | None = None

    def current(self) -> str:
        with self._lock:
            if self._token is None:
                self._token = self.source.access_token()
            return self._token

    def refreshed(self, stale: str) -> str:
        with self._lock:
            if self._token is not None and self._token != stale:
                return self._token  # another thread already refreshed it
            self._token = self.source.refreshed_token(stale)
            return self._token


@dataclass
class _Attempt:
    """What has happened so far to one logical request, and what to do after a failure."""

    method: str
    path: str
    retry: RetryPolicy
    priority: Priority
    retries: int = 0
    refreshed: bool = False
    waited_for_429: bool = False

    @property
    def is_read(self) -> bool:
        return self.method == "GET"

    def error(self, kind: type[WebworkError], message: str, status: int | None = None) -> Exception:
        return kind(message, method=self.method, path=self.path, status=status)

    def backoff_or_raise(self, error: Exception) -> float:
        if not self.is_read or self.retries + 1 >= self.retry.attempts:
            raise error
        delay = self.retry.backoff(self.retries)
        self.retries += 1
        return delay

    def after_transport_error(self, exc: httpx.TransportError) -> float:
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            message = "WebWork could not be reached."  # nothing was sent
        else:
            message = "WebWork did not answer in time."
            if not isinstance(exc, httpx.TimeoutException):
                message = "The connection to WebWork broke off."
            if not self.is_read:
                message += " The outcome is unknown: check in WebWork before trying again."
        return self.backoff_or_raise(self.error(WebworkUnavailable, message))

    def after_rate_limit(self, error: WebworkRateLimited) -> float:
        """Raise, or retry once: the budget, already held for Retry-After, paces the retry."""
        wait_once = self.is_read and self.priority == "interactive" and not self.waited_for_429
        if not wait_once or error.retry_after > self.retry.max_retry_after:
            raise error
        self.waited_for_429 = True
        return 0.0

    def max_wait(self) -> float:
        limit = self.retry.max_wait(self.priority)
        return max(limit, self.retry.max_retry_after) if self.waited_for_429 else limit


class Session:
    """Sends requests for one identity; shared by a client and its ``fresh()``/``background()``."""

    def __init__(
        self, tokens: TokenState, http: httpx.Client, budget: Budget, retry: RetryPolicy
    ) -> None:
        self.tokens = tokens
        self.http = http
        self.budget = budget
        self.retry = retry

    @property
    def budget_key(self) -> str:
        return self.tokens.source.budget_key

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any],
        body: dict[str, Any] | None,
        priority: Priority,
    ) -> Envelope:
        attempt = _Attempt(method, path, self.retry, priority)
        response = self._exchange(attempt, params, body)
        return _decode(response, attempt)

    def _exchange(
        self, attempt: _Attempt, params: dict[str, Any], body: dict[str, Any] | None
    ) -> httpx.Response:
        token = self.tokens.current()
        while True:
            self._pace(attempt)
            try:
                response = self._send(attempt, params, body, token)
            except httpx.TransportError as exc:
                self.retry.sleep(attempt.after_transport_error(exc))
                continue
            if response.status_code == 401 and not attempt.refreshed:
                attempt.refreshed = True
                token = self._refresh(attempt, token)
                continue
            if response.is_success:
                return response
            delay = self._after_failure(attempt, response)
            if delay:
                self.retry.sleep(delay)

    def _send(
        self, attempt: _Attempt, params: dict[str, Any], body: dict[str, Any] | None, token: str
    ) -> httpx.Response:
        started = time.perf_counter()
        response = self.http.request(
            attempt.method,
            attempt.path,
            params=params,
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        )
        log.debug(
            "webwork %s %s -> %s in %.0f ms",
            attempt.method,
            attempt.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    def _pace(self, attempt: _Attempt) -> None:
        limit = attempt.max_wait()
        wait = self.budget.acquire(self.budget_key, attempt.priority, limit)
        if wait > limit:
            raise WebworkRateLimited(
                "The WebWork request budget of this account is used up for the moment.",
                retry_after=wait,
                method=attempt.method,
                path=attempt.path,
            )
        if wait > 0:
            self.retry.sleep(wait)

    def _refresh(self, attempt: _Attempt, stale: str) -> str:
        try:
            return self.tokens.refreshed(stale)
        except WebworkAuthError as exc:
            exc.method, exc.path = exc.method or attempt.method, exc.path or attempt.path
            raise

    def _after_failure(self, attempt: _Attempt, response: httpx.Response) -> float:
        error = error_for_status(
            response.status_code,
            _json_or_none(response),
            response.headers,
            method=attempt.method,
            path=attempt.path,
        )
        if isinstance(error, WebworkRateLimited):
            self.budget.hold(self.budget_key, error.retry_after)
            return attempt.after_rate_limit(error)
        if response.status_code >= 500:
            return attempt.backoff_or_raise(error)
        raise error


def _json_or_none(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _decode(response: httpx.Response, attempt: _Attempt) -> Envelope:
    if not response.content:
        return Envelope(data=None)
    body = _json_or_none(response)
    status = response.status_code
    if body is None:
        raise attempt.error(
            WebworkUnavailable, "WebWork answered with something that is not JSON.", status
        )
    try:
        envelope = parse_envelope(body)
    except Malformed as exc:
        message = f"WebWork's answer was malformed: {exc}."
        raise attempt.error(WebworkUnavailable, message, status) from exc
    if isinstance(body, dict) and body.get("success") is False:
        raise attempt.error(WebworkInvalid, envelope.message or "WebWork refused this.", status)
    return envelope
