"""The outbox's periodic jobs: the sweep of what is due, and forgetting what was long settled."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashboard.scheduling import periodic

from . import delivery
from .models import Message

# Settled messages (their bodies are personal: a digest names people and hours) are kept this long
# for the outbox page and then deleted; the audit log keeps that each was sent.
RETENTION = timedelta(days=30)


@periodic("outbox.sweep", every=timedelta(minutes=1))
def sweep(now: datetime) -> None:
    """Send retries whose wait is over and messages whose worker died mid-send."""
    delivery.deliver_due()


@periodic("outbox.prune", every=timedelta(hours=6))
def prune(now: datetime) -> None:
    settled = [Message.Status.SENT, Message.Status.FAILED]
    Message.objects.filter(status__in=settled, created_at__lt=now - RETENTION).delete()
