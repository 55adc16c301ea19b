from __future__ import annotations

from django.db import models


class Claim(models.Model):
    """A key taken once: the one process that inserted it runs what it stands for."""

    key = models.CharField(max_length=255, unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    # For a periodic job's slot: when its run ended, and how (an empty error is success).
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]

    def __str__(self) -> str:
        return self.key
