"""The delivery task (run by ``manage.py worker``) and queueing it."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from . import delivery


@task
def deliver_outbox() -> int:
    """Send every message that is due; answers how many were settled or put off."""
    return delivery.deliver_due()


def deliver_soon() -> None:
    """Queue a delivery once the current transaction commits (at once outside one)."""
    transaction.on_commit(deliver_outbox.enqueue)
