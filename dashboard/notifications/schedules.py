"""The worker looks for due digests and alerts every few minutes (``manage.py worker``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashboard.scheduling import periodic

from . import notify

EVERY = timedelta(minutes=5)


@periodic("notifications", every=EVERY)
def notifications(now: datetime) -> None:
    notify.run(now)
