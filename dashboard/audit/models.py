from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """One action taken through the dashboard that changed (or tried to change) WebWork."""

    class Outcome(models.TextChoices):
        OK = "ok", "Succeeded"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text too, so the log still says who acted after a user is deleted.
    username = models.CharField(max_length=150)
    workspace_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    workspace_name = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=32, blank=True)
    target_id = models.CharField(max_length=128, blank=True, db_index=True)
    target_label = models.CharField(max_length=255, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, db_index=True)
    upstream_message = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    request_id = models.CharField(max_length=64, blank=True)
    job_id = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return (
            f"{self.username} {self.action} {self.target_label or self.target_id} ({self.outcome})"
        )

    @property
    def created_iso(self) -> str:
        """When, in ISO 8601 and the current time zone: what ``|date:'c'`` writes."""
        return timezone.localtime(self.created_at).isoformat()

    @property
    def created_shown(self) -> str:
        """When, as the log shows it (``|date:"Y-m-d H:i:s"``), cheaper than the filter."""
        return timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M:%S")
