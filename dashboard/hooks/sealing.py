"""The webhook's secret at rest: Fernet under ``TOKEN_ENCRYPTION_KEYS``, as WebWork tokens are.

Newest key first; a secret sealed under an older key still opens, and ``rotate_webhook_keys``
seals it again under the newest.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class UnreadableSecret(Exception):
    """The secret was sealed under a key that is no longer configured."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def seal(secret: str) -> str:
    return _current().encrypt(secret.encode()).decode() if secret else ""


def unseal(sealed: str) -> str:
    if not sealed:
        return ""
    try:
        return _current().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise UnreadableSecret("No configured key can read this webhook's secret.") from exc


def reseal(sealed: str) -> str:
    return _current().rotate(sealed.encode()).decode() if sealed else ""
