"""Every minute, the worker sends what is due: retries whose wait is over, leases run out."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashboard.scheduling import periodic

from . import delivery


@periodic("outbox.sweep", every=timedelta(minutes=1))
def sweep(now: datetime) -> None:
    delivery.deliver_due()
