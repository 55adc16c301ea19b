"""The dashboard's webhook in each workspace, the deliveries it has seen and what it received."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from dashboard.core import sealing


class Registration(models.Model):
    """The dashboard's webhook in one WebWork workspace: where WebWork delivers, and its secret.

    ``key`` is the opaque part of the receiving URL. A row exists from just before WebWork is
    asked to create the webhook; until WebWork has answered, ``webhook_id`` is empty and no
    delivery is accepted for it. The newest complete row of a workspace is its registration;
    registering again replaces the older ones.
    """

    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    workspace_id = models.BigIntegerField(db_index=True)
    workspace_name = models.CharField(max_length=255, blank=True)
    webhook_id = models.CharField(max_length=255, blank=True)  # WebWork's (opaque) id
    url = models.CharField(max_length=500)
    events = models.JSONField(default=list)
    secret_sealed = models.TextField(blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-registered_at", "-pk"]

    def __str__(self) -> str:
        return f"Webhook {self.webhook_id or '(pending)'} of workspace {self.workspace_id}"

    def __repr__(self) -> str:
        # Never the secret, not even sealed.
        return f"<Registration {self.pk} workspace={self.workspace_id} webhook={self.webhook_id}>"

    @property
    def is_complete(self) -> bool:
        return bool(self.webhook_id and self.secret_sealed)

    @property
    def secret(self) -> str:
        return sealing.unseal(self.secret_sealed)

    def set_secret(self, secret: str) -> None:
        self.secret_sealed = sealing.seal(secret)

    @classmethod
    def current(cls, workspace_id: int) -> Registration | None:
        """The workspace's registration: its newest complete row."""
        rows = cls.objects.filter(workspace_id=workspace_id).exclude(webhook_id="")
        return rows.exclude(secret_sealed="").first()


class SeenDelivery(models.Model):
    """A delivery id accepted once: a second delivery with it is a replay.

    Kept while a replay could still pass the age check: rows whose delivery ``created_at`` is
    older than the tolerance are pruned, since any delivery that old is refused anyway.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    delivery_id = models.CharField(max_length=128)
    created_at = models.DateTimeField(db_index=True)  # the delivery's own, signed, time

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "delivery_id"], name="hooks_delivery_accepted_once"
            )
        ]

    def __str__(self) -> str:
        return f"Delivery {self.delivery_id}"


class Receipt(models.Model):
    """A delivery as the settings page lists it: verified, or refused and why.

    Every verified delivery has one; refusals at most one a minute for each reason, so a flood
    of forged requests cannot fill the table. The newest ``KEEP`` of a workspace are kept.
    """

    KEEP = 200

    # None for a delivery to an address no registration has (kept only to pace its refusals).
    workspace_id = models.BigIntegerField(null=True, blank=True)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    event = models.CharField(max_length=64, blank=True)
    delivery_id = models.CharField(max_length=128, blank=True)
    verified = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=32)  # "accepted", or why it was refused: "stale", …
    detail = models.CharField(max_length=255, blank=True)  # the sentence the sender was answered

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace_id", "-received_at"]),
            models.Index(fields=["registration", "reason", "-received_at"]),
        ]

    def __str__(self) -> str:
        outcome = "verified" if self.verified else f"refused ({self.reason})"
        return f"{self.event or 'delivery'} at {self.received_at:%Y-%m-%d %H:%M:%S}: {outcome}"
