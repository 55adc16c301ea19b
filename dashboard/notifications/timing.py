"""When a user's digest and alerts are due, in the user's own time zone.

A digest is due once per local date, from the local hour the user chose on: a worker that was
down at 08:00 still sends the day's digest when it comes back, and a day whose chosen hour does
not exist (a spring-forward night) has it at the first hour after. Alerts are looked for at most
every ``ALERT_EVERY``, in slots counted from the epoch, so that every worker agrees on a slot.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings

ALERT_EVERY = timedelta(minutes=15)
RETRY_AFTER = timedelta(minutes=30)  # a digest WebWork did not answer is tried again this late
DIGEST_TRIES = 4  # the first one and three more, then the day's digest is given up
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone a person would pick: ``Area/City`` names and ``UTC``, sorted."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return ("UTC", *sorted(names))


def is_zone(name: str) -> bool:
    return name in zone_names() or (name == settings.TIME_ZONE and _loads(name))


def _loads(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone(name: str) -> ZoneInfo:
    """The zone called ``name``; the dashboard's own (``TIME_ZONE``) if there is none by it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def local(now: datetime, zone_name: str) -> datetime:
    return now.astimezone(zone(zone_name))


def digest_date(now: datetime, zone_name: str, hour: int) -> date | None:
    """The local date whose digest is due at ``now``: today's once its ``hour`` has come."""
    here = local(now, zone_name)
    return here.date() if here.hour >= hour else None


def alert_slot(now: datetime) -> datetime:
    """The start of the ``ALERT_EVERY`` slot ``now`` falls in (UTC)."""
    step = ALERT_EVERY // timedelta(seconds=1)
    seconds = (now - EPOCH) // timedelta(seconds=1)
    return EPOCH + timedelta(seconds=seconds - seconds % step)
