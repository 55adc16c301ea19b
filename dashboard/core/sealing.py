"""Secrets at rest: Fernet under ``TOKEN_ENCRYPTION_KEYS`` (newest first; older keys still open).

WebWork tokens, webhook secrets and chat webhook URLs (which carry their own credential) are all
sealed here, so that one key list and one rotation cover every secret the dashboard keeps.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class Unreadable(Exception):
    """The value was sealed under a key that is no longer configured."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def seal(value: str) -> str:
    return _current().encrypt(value.encode()).decode() if value else ""


def unseal(sealed: str) -> str:
    """The value ("" for none); ``Unreadable`` when no configured key opens it."""
    if not sealed:
        return ""
    try:
        return _current().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise Unreadable("No configured key can read this value.") from exc


def unseal_or_blank(sealed: str) -> str:
    """The value, or "" when there is none or no configured key opens it any more."""
    try:
        return unseal(sealed)
    except Unreadable:
        return ""


def reseal(sealed: str) -> str:
    """Seal again under the newest key."""
    return _current().rotate(sealed.encode()).decode() if sealed else ""
