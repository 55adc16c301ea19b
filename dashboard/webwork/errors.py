"""The one error vocabulary of the service layer.

Only ``dashboard.webwork`` raises these; ``dashboard.core.middleware.UpstreamErrorMiddleware``
turns each into a page, a banner or a form error. No error carries or shows a token.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.conf import settings


class WebworkError(Exception):
    """Something went wrong talking to WebWork."""

    status: int | None = None

    def __init__(
        self,
        message: str = "",
        *,
        method: str = "",
        path: str = "",
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message or "WebWork could not complete the request."
        self.method = method
        self.path = path
        if status is not None:
            self.status = status

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.method} {self.path} -> {self.status}: {self.message!r})"
        )

    def __str__(self) -> str:
        return self.message


class WebworkUnavailable(WebworkError):
    """WebWork did not answer usefully: a timeout, a connection error or a 5xx."""


class WebworkAuthError(WebworkError):
    """The token was refused (401): revoked, expired or never valid. The user must reconnect."""

    status = 401


class WebworkForbidden(WebworkError):
    """The token is valid but the WebWork role may not do this (403)."""

    status = 403


class WebworkNotFound(WebworkError):
    """The resource does not exist in this workspace (404)."""

    status = 404


class WebworkInvalid(WebworkError):
    """WebWork refused the input (400 or 422); ``field_errors`` maps fields to messages."""

    def __init__(
        self,
        message: str = "",
        *,
        field_errors: dict[str, list[str]] | None = None,
        method: str = "",
        path: str = "",
        status: int | None = 422,
    ) -> None:
        super().__init__(message, method=method, path=path, status=status)
        self.field_errors = field_errors or {}


class WebworkRateLimited(WebworkError):
    """WebWork answered 429; ``retry_after`` is the number of seconds it asked us to wait.

    Never more than ``max_retry_after()``: a hostile or broken upstream cannot lock pages out.
    """

    status = 429

    def __init__(
        self, message: str = "", *, retry_after: float = 60.0, method: str = "", path: str = ""
    ) -> None:
        super().__init__(message, method=method, path=path, status=429)
        self.retry_after = believable(retry_after)


def max_retry_after() -> float:
    """The longest wait an upstream is believed (``WEBWORK_MAX_RETRY_AFTER``, 120 s)."""
    return float(getattr(settings, "WEBWORK_MAX_RETRY_AFTER", 120.0))


def believable(seconds: float) -> float:
    """``seconds`` of waiting, within zero and ``max_retry_after()`` (NaN counts as the most)."""
    limit = max_retry_after()
    if not math.isfinite(seconds):
        return limit if seconds != -math.inf else 0.0
    return min(max(0.0, seconds), limit)


def parse_retry_after(value: str | None, default: float = 60.0) -> float:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date, at most the cap."""
    return believable(_retry_after(value.strip() if value else "", default))


def _retry_after(value: str, default: float) -> float:
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return default if math.isnan(seconds) else seconds
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


def error_for_status(
    status: int, body: object, headers: Mapping[str, str], *, method: str, path: str
) -> WebworkError:
    """The error for a non-2xx answer; ``body`` is the decoded JSON body, or None."""
    envelope = body if isinstance(body, dict) else {}
    message = _message(envelope)
    where = {"method": method, "path": path}
    if status in (400, 409, 422):
        return WebworkInvalid(message, field_errors=_field_errors(envelope), status=status, **where)
    if status == 429:
        return WebworkRateLimited(
            message or "WebWork asked us to slow down.",
            retry_after=parse_retry_after(headers.get("Retry-After")),
            **where,
        )
    kind = _BY_STATUS.get(status, WebworkUnavailable)
    if kind is WebworkUnavailable and not message:
        message = f"WebWork answered with HTTP {status}."
    return kind(message, status=status, **where)


_BY_STATUS: dict[int, type[WebworkError]] = {
    401: WebworkAuthError,
    403: WebworkForbidden,
    404: WebworkNotFound,
    410: WebworkNotFound,
}


def _message(envelope: Mapping[str, object]) -> str:
    for key in ("message", "error"):
        value = envelope.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _field_errors(envelope: Mapping[str, object]) -> dict[str, list[str]]:
    # Reference: no per-field map is documented; tolerate a Laravel-style {field: [messages]}.
    errors = envelope.get("errors")
    if not isinstance(errors, dict):
        return {}
    result: dict[str, list[str]] = {}
    for field, messages in errors.items():
        items = messages if isinstance(messages, list) else [messages]
        result[str(field)] = [str(item) for item in items if item is not None]
    return result
