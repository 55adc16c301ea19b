"""A chat webhook URL at rest: encrypted with ``TOKEN_ENCRYPTION_KEYS`` (newest first; older
keys still read), as WebWork tokens are."""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])


def seal(value: str) -> str:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS)).encrypt(value.encode()).decode()


def unseal(value: str) -> str:
    """The value, or "" when there is none or no configured key reads it any more."""
    if not value:
        return ""
    try:
        return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS)).decrypt(value.encode()).decode()
    except InvalidToken:
        return ""
