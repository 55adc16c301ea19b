"""Expiring and revoking tokens for the control plane, on the sandbox clock."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from oauth2_provider.models import AccessToken, RefreshToken

from sandbox.control.errors import ControlError
from sandbox.oauth.models import PersonalAccessToken, hash_token
from sandbox.runtime import clock

KINDS = ("access", "refresh", "pat", "all")


def apply(action: str, body: dict[str, Any]) -> dict[str, int]:
    """Expire or revoke the tokens chosen by ``body``; answers how many of each kind."""
    kind = body.get("kind", "all")
    if kind not in KINDS:
        raise ControlError(f"kind must be one of {', '.join(KINDS)}")
    token, email = body.get("token"), body.get("email")
    if isinstance(token, str) and token:
        checksum = hashlib.sha256(token.encode()).hexdigest()
        access = AccessToken.objects.filter(token_checksum=checksum)
        refresh = RefreshToken.objects.filter(token_checksum=checksum, revoked__isnull=True)
        pats = PersonalAccessToken.objects.filter(token_hash=hash_token(token))
    elif isinstance(email, str) and email:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ControlError(f"no sandbox user with email {email!r}", 404)
        access = AccessToken.objects.filter(user=user)
        refresh = RefreshToken.objects.filter(user=user, revoked__isnull=True)
        pats = PersonalAccessToken.objects.filter(user=user)
    else:
        raise ControlError("give a token or an email")
    counts = {"access": 0, "refresh": 0, "pat": 0}
    now = clock.now()
    past = now - timedelta(seconds=1)
    if kind in ("access", "all"):
        if action == "expire":
            counts["access"] = access.update(expires=past)
        else:
            counts["access"] = len([t.revoke() for t in access])
    if kind in ("refresh", "all"):
        if action == "expire":
            issued = now - timedelta(seconds=settings.REFRESH_TOKEN_SECONDS + 1)
            counts["refresh"] = refresh.update(created=issued)
        else:
            counts["refresh"] = len([t.revoke() for t in refresh])
    if kind in ("pat", "all"):
        if action == "expire":
            counts["pat"] = pats.update(expires_at=past)
        else:
            counts["pat"] = pats.filter(revoked_at__isnull=True).update(revoked_at=now)
    return counts
