from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Message(models.Model):
    """One e-mail (or chat post) to send, with what became of each attempt."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        CHAT = "chat", "Chat"

    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    # An e-mail address; for a chat post, only the webhook's host (the URL itself is a secret).
    recipient = models.CharField(max_length=254)
    # A chat webhook's URL, encrypted like WebWork tokens; emptied once the message is settled.
    chat_url = models.TextField(blank=True)
    subject = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    html = models.TextField(blank=True)
    purpose = models.CharField(max_length=32, db_index=True)
    key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    workspace_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Who holds the message while it is being sent, and until when (a dead worker's lease runs out).
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} to {self.recipient} ({self.status})"

    @property
    def is_settled(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.FAILED)
