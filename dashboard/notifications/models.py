"""Each dashboard user's notification settings, and how far today's digest has come."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from dashboard.core import sealing

from . import timing

MAX_ALERT_HOURS = 720  # thirty days


class NotificationSettings(models.Model):
    """What one dashboard user is told, when, and where (their e-mail, and a chat webhook)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    digest_enabled = models.BooleanField(default=False)
    digest_hour = models.PositiveSmallIntegerField(default=8, validators=[MaxValueValidator(23)])
    time_zone = models.CharField(max_length=64)
    # None is no alerts: otherwise an item is alerted once it has waited longer than this.
    alert_after_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ALERT_HOURS)],
    )
    # A chat incoming webhook carries its own credential: kept encrypted, shown only masked.
    chat_url_encrypted = models.TextField(blank=True)
    chat_url_hint = models.CharField(max_length=80, blank=True)
    # The local date whose digest was sent (or found empty, or given up): none is due again.
    digest_done_on = models.DateField(null=True, blank=True)
    # Tries of the digest of ``digest_tried_on`` that WebWork did not answer.
    digest_tried_on = models.DateField(null=True, blank=True)
    digest_tries = models.PositiveSmallIntegerField(default=0)
    digest_tried_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notification settings of {self.user}"

    def __repr__(self) -> str:
        # Never the chat URL, not even encrypted.
        return f"<NotificationSettings {self.pk} user={self.user_id}>"

    @property
    def chat_url(self) -> str:
        return sealing.unseal_or_blank(self.chat_url_encrypted)

    def set_chat_url(self, url: str) -> None:
        self.chat_url_encrypted = sealing.seal(url) if url else ""
        self.chat_url_hint = masked(url) if url else ""

    @property
    def has_chat(self) -> bool:
        return bool(self.chat_url_encrypted)

    @property
    def alerts_enabled(self) -> bool:
        return self.alert_after_hours is not None

    @property
    def email(self) -> str:
        return str(getattr(self.user, "email", "") or "")

    def digest_due(self, now: datetime) -> date | None:
        """The local date whose digest is due now, if one is (and may be tried now)."""
        if not self.digest_enabled:
            return None
        day = timing.digest_date(now, self.time_zone, self.digest_hour)
        if day is None or day == self.digest_done_on:
            return None
        if self.digest_tried_on == day and self.digest_tried_at is not None:
            if self.digest_tries >= timing.DIGEST_TRIES:
                return None
            if now < self.digest_tried_at + timing.RETRY_AFTER:
                return None
        return day

    def digest_try(self, day: date) -> int:
        """How many tries of ``day``'s digest went before this one."""
        return self.digest_tries if self.digest_tried_on == day else 0

    def skip_today_if_past(self, now: datetime) -> None:
        """The first digest after turning it on (or moving its hour) comes at the next such
        hour, not at once."""
        if self.digest_enabled:
            day = timing.digest_date(now, self.time_zone, self.digest_hour)
            if day is not None:
                self.digest_done_on = day


def masked(url: str) -> str:
    """Enough of a webhook URL to recognise it, none of its secret: the host and the last four
    characters, e.g. ``https://hooks.slack.com/…wxyz``."""
    parts = urlsplit(url)
    tail = url.rstrip("/")[-4:]
    return f"{parts.scheme}://{parts.hostname or ''}/…{tail}"[:80]
