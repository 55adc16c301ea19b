"""Personal access tokens, the second way to call the API. Only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models

PAT_PREFIX = "wwpat_"


def hash_token(raw: str) -> str:
    """SHA-256 of a token: enough for high-entropy random tokens, and fast to look up."""
    return hashlib.sha256(raw.encode()).hexdigest()


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_tokens"
    )
    name = models.CharField(max_length=255, default="sandbox")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"personal token {self.pk} of {self.user}"

    @classmethod
    def issue(
        cls, user: Any, *, now: datetime, lifetime: timedelta
    ) -> tuple[PersonalAccessToken, str]:
        """Create a token for ``user``; the raw value is returned once and never stored."""
        raw = PAT_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=now + lifetime,
        )
        return token, raw
