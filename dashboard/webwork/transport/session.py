"""One upstream request, end to end: pacing, the bearer token, retries, errors, the envelope.

Rules, in the order they apply to a request:
1. Pace: take a slot in the identity's rate budget; while the window is full, sleep until a
   slot may be free and ask again (bounded, see ``RetryPolicy``); a longer wait raises
   ``WebworkRateLimited`` instead of hanging.
2. Send with ``Authorization: Bearer <token>``. The header is never logged, nor the token shown.
3. 401: ask the TokenSource for a fresh token once and send once more (a 401 applied nothing, so
   repeating even a write is safe); a second 401 raises ``WebworkAuthError``.
4. Reads (GET) are retried on connection errors, timeouts (not in a page, see 6) and 5xx with
   exponential backoff and full jitter. Writes never are: a timeout on a write raises
   ``WebworkUnavailable`` saying that the outcome is unknown.
5. 429 holds the whole identity's budget for ``Retry-After``; an interactive read waits and
   retries once when that is short, anything else raises ``WebworkRateLimited``.
6. Time: a page's client has one deadline (``WEBWORK_PAGE_DEADLINE``) for everything it sends,
   waits for and reads; each try is bounded by ``WEBWORK_TIMEOUT`` in total. A page never
   repeats a read that timed out, and never sleeps (pacing, backoff) past its deadline. Where
   the caller has the last good data to show instead (``deadline.impatient``), a request waits
   at most that long for the budget and is not tried again at all.
7. Size and shape: a body is read as a stream up to ``WEBWORK_MAX_RESPONSE_BYTES`` decoded bytes;
   redirects are never followed; anything that is not a 2xx envelope is an upstream error.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings

from dashboard.webwork.auth import TokenSource
from dashboard.webwork.errors import (
    WebworkAuthError,
    WebworkError,
    WebworkRateLimited,
    WebworkUnavailable,
    error_for_status,
)
from dashboard.webwork.records.pages import Envelope
from dashboard.webwork.transport.ahead import stop_ahead, used_ahead
from dashboard.webwork.transport.answer import (
    Answer,
    envelope_of,
    json_or_none,
    receive,
    redirect_error,
)
from dashboard.webwork.transport.body import BodyRefused
from dashboard.webwork.transport.budget import Budget, Priority
from dashboard.webwork.transport.cache import must_not_fetch
from dashboard.webwork.transport.deadline import Deadline, patience
from dashboard.webwork.transport.retry import RetryPolicy

log = logging.getLogger(__name__)
# Each round sleeps until a slot may be free; others may take it first, but not for ever.
PACING_ROUNDS = 50


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
    deadline: Deadline
    retries: int = 0
    refreshed: bool = False
    waited_for_429: bool = False
    patience: float | None = field(default_factory=patience)

    @property
    def is_read(self) -> bool:
        return self.method == "GET"

    @property
    def for_page(self) -> bool:
        return self.deadline.seconds is not None

    def error(self, kind: type[WebworkError], message: str, status: int | None = None) -> Exception:
        return kind(message, method=self.method, path=self.path, status=status)

    def backoff_or_raise(self, error: Exception) -> float:
        if not self.is_read or self.retries + 1 >= self.retry.attempts:
            raise error
        if self.patience is not None:
            raise error  # the caller has something to show instead of waiting for a retry
        delay = self.retry.backoff(self.retries)
        if delay >= self.deadline.remaining():
            raise error
        self.retries += 1
        return delay

    def after_transport_error(self, exc: httpx.TransportError) -> float:
        timed_out = isinstance(exc, httpx.TimeoutException)
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            message = "WebWork could not be reached."  # nothing was sent
        else:
            message = "WebWork did not answer in time."
            if not timed_out:
                message = "The connection to WebWork broke off."
            if not self.is_read:
                message += " The outcome is unknown: check in WebWork before trying again."
        error = self.error(WebworkUnavailable, message)
        if timed_out and self.for_page:
            raise error  # a page has spent its time: another try would only keep it waiting
        return self.backoff_or_raise(error)

    def after_rate_limit(self, error: WebworkRateLimited) -> float:
        """Raise, or retry once: the budget, already held for Retry-After, paces the retry."""
        wait_once = self.is_read and self.priority == "interactive" and not self.waited_for_429
        if not wait_once or error.retry_after > self.retry.max_retry_after:
            raise error
        if self.patience is not None and error.retry_after > self.patience:
            raise error
        self.waited_for_429 = True
        return 0.0

    def max_wait(self, waited: float = 0.0) -> float:
        """How much longer this request may sleep for the budget, having slept ``waited``."""
        limit = self.retry.max_wait(self.priority)
        limit = max(limit, self.retry.max_retry_after) if self.waited_for_429 else limit
        if self.patience is not None:
            limit = min(limit, self.patience)
        return min(limit - waited, self.deadline.remaining())


class Session:
    """Sends requests for one identity; shared by a client and its ``fresh()``/``background()``.

    ``deadline`` is the time this client may spend on WebWork in all (a page's), or unbounded
    (a bulk job's); ``for_page`` builds a page's from ``WEBWORK_PAGE_DEADLINE``.
    """

    def __init__(
        self,
        tokens: TokenState,
        http: httpx.Client,
        budget: Budget,
        retry: RetryPolicy,
        deadline: Deadline | None = None,
    ) -> None:
        self.tokens = tokens
        self.http = http
        self.budget = budget
        self.retry = retry
        self.deadline = deadline or Deadline(None, retry.clock)

    @classmethod
    def for_page(
        cls, tokens: TokenState, http: httpx.Client, budget: Budget, retry: RetryPolicy
    ) -> Session:
        deadline = Deadline(settings.WEBWORK_PAGE_DEADLINE, retry.clock)
        return cls(tokens, http, budget, retry, deadline)

    @property
    def budget_key(self) -> str:
        return self.tokens.source.budget_key

    @property
    def serves_a_page(self) -> bool:
        """A page's session (a deadline for people), not a bulk job's."""
        return self.deadline.seconds is not None

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any],
        body: dict[str, Any] | None,
        priority: Priority,
    ) -> Envelope:
        attempt = _Attempt(method, path, self.retry, priority, self.deadline)
        answer = self._exchange(attempt, params, body)
        return envelope_of(answer, method=method, path=path)

    def read_answer(self, path: str, *, params: dict[str, Any], priority: Priority) -> Answer:
        """A GET paced, authorised and retried like any read, its 2xx answer left unparsed."""
        attempt = _Attempt("GET", path, self.retry, priority, self.deadline)
        return self._exchange(attempt, params, None)

    def _exchange(
        self, attempt: _Attempt, params: dict[str, Any], body: dict[str, Any] | None
    ) -> Answer:
        must_not_fetch()
        token = self.tokens.current()
        while True:
            self._pace(attempt)
            try:
                answer = self._send(attempt, params, body, token)
            except httpx.TransportError as exc:
                self._sleep(attempt.after_transport_error(exc))
                continue
            if answer.status == 401 and not attempt.refreshed:
                attempt.refreshed = True
                token = self._refresh(attempt, token)
                continue
            if answer.is_success:
                return answer
            if answer.is_redirect:
                raise redirect_error(
                    answer, self.http.base_url, method=attempt.method, path=attempt.path
                )
            self._sleep(self._after_failure(attempt, answer))

    def _send(
        self, attempt: _Attempt, params: dict[str, Any], body: dict[str, Any] | None, token: str
    ) -> Answer:
        started = time.perf_counter()
        one_try = self.deadline.within(float(settings.WEBWORK_TIMEOUT))
        request = self.http.build_request(
            attempt.method,
            attempt.path,
            params=params,
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=max(one_try.remaining(), 0.001),
        )
        limit = int(settings.WEBWORK_MAX_RESPONSE_BYTES)
        try:
            answer = receive(self.http, request, deadline=one_try, limit=limit)
        except BodyRefused as exc:
            message = f"WebWork's answer was {exc}."
            raise attempt.error(WebworkUnavailable, message) from exc
        log.debug(
            "webwork %s %s -> %s in %.0f ms",
            attempt.method,
            attempt.path,
            answer.status,
            (time.perf_counter() - started) * 1000,
        )
        return answer

    def _pace(self, attempt: _Attempt) -> None:
        """Take a slot, sleeping while the window is full, at most ``max_wait`` in all."""
        waited = wait = 0.0
        for _ in range(PACING_ROUNDS):
            if self.deadline.expired:
                raise attempt.error(WebworkUnavailable, "WebWork did not answer in time.")
            if used_ahead(self.budget, self.budget_key, attempt.priority):
                return  # a slot taken for it with the gather's locks (``transport.ahead``)
            wait = self.budget.acquire(self.budget_key, attempt.priority)
            if wait <= 0:
                return
            if wait > attempt.max_wait(waited):
                break
            self.retry.sleep(wait)
            waited += wait
        raise WebworkRateLimited(
            "The WebWork request budget of this account is used up for the moment.",
            retry_after=wait,
            method=attempt.method,
            path=attempt.path,
        )

    def _sleep(self, delay: float) -> None:
        if delay > 0:
            self.retry.sleep(delay)

    def _refresh(self, attempt: _Attempt, stale: str) -> str:
        try:
            return self.tokens.refreshed(stale)
        except WebworkAuthError as exc:
            exc.method, exc.path = exc.method or attempt.method, exc.path or attempt.path
            raise

    def _after_failure(self, attempt: _Attempt, answer: Answer) -> float:
        error = error_for_status(
            answer.status,
            json_or_none(answer),
            answer.headers,
            method=attempt.method,
            path=attempt.path,
        )
        if isinstance(error, WebworkRateLimited):
            stop_ahead()
            self.budget.hold(self.budget_key, error.retry_after)
            return attempt.after_rate_limit(error)
        if answer.status >= 500:
            return attempt.backoff_or_raise(error)
        raise error
