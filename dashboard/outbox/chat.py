"""Chat incoming webhooks (Slack's shape: POST ``{"text": ...}``), checked before and after.

This is the one module outside the service layer that imports httpx: a chat webhook is not
WebWork, carries no WebWork token, and needs none of the service layer's budget or caching
(pyproject.toml's import-linter contract names it).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError

TIMEOUT = 10.0
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ChatError(Exception):
    """A post that did not go through; ``permanent`` when sending it again cannot help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


def validate_webhook_url(url: str) -> str:
    """The URL's host, if ``url`` may be posted to: HTTPS to a public host, or (only with
    ``DEBUG``) plain HTTP to this machine. ``ValidationError`` otherwise."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as exc:
        raise ValidationError("Enter a valid webhook URL.") from exc
    if parts.username or parts.password or not host or len(url) > 2000:
        raise ValidationError("Enter a valid webhook URL.")
    if parts.scheme == "http" and host in LOOPBACK and settings.DEBUG:
        return host
    if parts.scheme != "https":
        raise ValidationError("A chat webhook URL must start with https://.")
    if _is_private(host):
        raise ValidationError("A chat webhook must be on a public host.")
    return host


def _is_private(host: str) -> bool:
    if host.lower() in LOOPBACK or host.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def post(url: str, text: str) -> None:
    """POST ``{"text": text}`` to ``url``; ``ChatError`` unless the chat answers 2xx."""
    validate_webhook_url(url)
    try:
        answer = httpx.post(url, json={"text": text}, timeout=TIMEOUT, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise ChatError(f"{type(exc).__name__}: could not reach the chat", permanent=False) from exc
    if answer.is_success:
        return
    said = answer.text[:200].strip()
    message = f"HTTP {answer.status_code} {said}".strip()
    # The chat's refusal of this message (a bad or revoked URL, say) stands; its trouble passes.
    permanent = 400 <= answer.status_code < 500 and answer.status_code not in (408, 429)
    raise ChatError(message, permanent=permanent)
