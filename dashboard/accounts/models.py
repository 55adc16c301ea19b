from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from dashboard.core import sealing

# Refresh an OAuth access token this long before it expires, so no request carries a dying one.
REFRESH_LEEWAY = timedelta(seconds=60)


class WebworkConnection(models.Model):
    """A dashboard user's link to WebWork: encrypted tokens, and the workspace they work in."""

    class Kind(models.TextChoices):
        OAUTH = "oauth", "OAuth2"
        TOKEN = "token", "Personal access token"

    class Status(models.TextChoices):
        OK = "ok", "Connected"
        BROKEN = "broken", "Needs reconnecting"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webwork_connection"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OK)
    broken_reason = models.CharField(max_length=255, blank=True)
    # The WebWork identity behind the token: its user id keys the shared rate budget.
    webwork_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    access_token_encrypted = models.TextField()
    refresh_token_encrypted = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=200, blank=True)
    workspace_id = models.BigIntegerField(null=True, blank=True)
    workspace_name = models.CharField(max_length=255, blank=True)
    workspace_role = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} → WebWork user {self.webwork_user_id} ({self.get_kind_display()})"

    def __repr__(self) -> str:
        # Never the tokens, not even encrypted.
        return f"<WebworkConnection {self.pk} user={self.user_id} kind={self.kind}>"

    @property
    def access_token(self) -> str:
        return sealing.unseal(self.access_token_encrypted)

    @property
    def refresh_token(self) -> str:
        return sealing.unseal(self.refresh_token_encrypted)

    @property
    def budget_key(self) -> str:
        if self.webwork_user_id is not None:
            return f"webwork-user:{self.webwork_user_id}"
        return f"connection:{self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.OK

    def expires_soon(self, now: datetime | None = None) -> bool:
        if self.kind != self.Kind.OAUTH or self.expires_at is None:
            return False
        return self.expires_at - REFRESH_LEEWAY <= (now or timezone.now())

    def set_tokens(
        self, access_token: str, refresh_token: str = "", expires_in: float | None = None
    ) -> None:
        self.access_token_encrypted = sealing.seal(access_token)
        self.refresh_token_encrypted = sealing.seal(refresh_token)
        self.expires_at = timezone.now() + timedelta(seconds=expires_in) if expires_in else None
        self.status, self.broken_reason = self.Status.OK, ""

    def mark_broken(self, reason: str) -> None:
        self.status, self.broken_reason = self.Status.BROKEN, reason[:255]
        self.save(update_fields=["status", "broken_reason", "updated_at"])
