"""Bearer authentication: OAuth2 access tokens (django-oauth-toolkit) and personal tokens."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from oauth2_provider.models import AccessToken

from sandbox.oauth.models import PAT_PREFIX, PersonalAccessToken, hash_token
from sandbox.runtime import clock

ALL_SCOPES = frozenset({"read", "write", "admin"})


@dataclass(frozen=True)
class Principal:
    """Who is calling and what their token allows."""

    user: User
    scopes: frozenset[str]
    kind: str  # "oauth" or "pat"


def bearer_token(header: str) -> str | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate(header: str) -> Principal | None:
    """The principal behind an ``Authorization`` header, or None when it is not valid now."""
    raw = bearer_token(header)
    if raw is None or len(raw) > 512:
        return None
    now = clock.now()
    if raw.startswith(PAT_PREFIX):
        pat = (
            PersonalAccessToken.objects.select_related("user")
            .filter(token_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if pat is None or not pat.user.is_active:
            return None
        return Principal(pat.user, ALL_SCOPES, "pat")
    checksum = hashlib.sha256(raw.encode()).hexdigest()
    token = (
        AccessToken.objects.select_related("user")
        .filter(token_checksum=checksum, expires__gt=now, user__isnull=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return Principal(token.user, frozenset(token.scope.split()), "oauth")
