"""Tokens at rest: Fernet with ``TOKEN_ENCRYPTION_KEYS`` (newest first; older keys still read)."""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class UnreadableToken(Exception):
    """A stored token was encrypted with a key that is no longer configured."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return _current().encrypt(value.encode()).decode() if value else ""


def decrypt(value: str) -> str:
    if not value:
        return ""
    try:
        return _current().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise UnreadableToken("No configured key can read this token.") from exc


def rotate(value: str) -> str:
    """Re-encrypt under the newest key."""
    return _current().rotate(value.encode()).decode() if value else ""
