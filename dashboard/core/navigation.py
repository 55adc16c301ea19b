"""Where a page may send the user next: ``safe_next``, the one check of a ``next`` address."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str, value: str | None = None) -> str:
    """``next`` from the form (then the query, or ``value`` when given) if it is a local path.

    Only a path of this site is accepted: one leading ``/``, no scheme, no host, no backslash and
    no control character, before or after percent-decoding (``//evil``, ``/\\evil``,
    ``https:evil``, ``%2F%2Fevil`` and ``javascript:`` all fall back to ``default``).
    """
    target = value if value is not None else request.POST.get("next") or request.GET.get("next")
    return target if target and is_local_path(request, target) else default


def is_local_path(request: HttpRequest, target: str) -> bool:
    for candidate in (target, unquote(target)):
        if not candidate.startswith("/") or candidate.startswith("//"):
            return False
        if "\\" in candidate or any(ord(c) < 32 or ord(c) == 127 for c in candidate):
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
