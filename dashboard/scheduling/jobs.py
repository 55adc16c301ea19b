"""The registry of periodic jobs, their slots, and ``claim()``."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.webwork.client import WebworkClient

JobFunction = Callable[[datetime], None]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_registry: dict[str, Job] = {}


@dataclass(frozen=True)
class Job:
    """A function run once per ``every``, in whichever worker claims the slot first."""

    name: str
    every: timedelta
    function: JobFunction

    def slot(self, now: datetime) -> datetime:
        """The start of the slot ``now`` falls in: ``floor(now / every)``, counted from 1970."""
        step = int(self.every.total_seconds() * 1_000_000)
        elapsed = (now - EPOCH) // timedelta(microseconds=1)
        return EPOCH + timedelta(microseconds=elapsed // step * step)

    def slot_key(self, now: datetime) -> str:
        return f"periodic:{self.name}:{self.slot(now).isoformat()}"


def periodic(name: str, every: timedelta) -> Callable[[JobFunction], JobFunction]:
    """Register ``func(now)`` to run once per ``every`` across all workers."""
    if every < timedelta(seconds=1):
        raise ValueError(f"{name}: a periodic job runs at most once a second.")
    if len(f"periodic:{name}:") + 32 > 255:
        raise ValueError(f"{name}: the name is too long for a slot key.")

    def register(function: JobFunction) -> JobFunction:
        known = _registry.get(name)
        if known is not None and known.function.__qualname__ != function.__qualname__:
            raise ValueError(f"Two periodic jobs are named {name!r}.")
        _registry[name] = Job(name, every, function)
        return function

    return register


def registered() -> list[Job]:
    """Every job registered so far, by name."""
    return [_registry[name] for name in sorted(_registry)]


def unregister(name: str) -> None:
    """Forget a job (for tests that register their own)."""
    _registry.pop(name, None)


def claim(key: str, *, by: str = "") -> bool:
    """Insert ``key``; True only in the one process whose insert it was.

    Keys are at most 255 characters; a claim is never released (a slot that failed stays taken,
    so a failing job is not retried in a tight loop by every worker).
    """
    from .models import Claim

    if not key or len(key) > 255:
        raise ValueError("A claim key is 1 to 255 characters long.")
    try:
        with transaction.atomic():
            Claim.objects.create(key=key, claimed_by=by or default_identity())
    except IntegrityError:
        return False
    return True


def default_identity() -> str:
    """Who claims, when no worker id is given: host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def client_for(user: AbstractBaseUser | AnonymousUser, workspace_id: int) -> WebworkClient:
    """``user``'s WebWork in ``workspace_id`` at background priority: paced, leaving a reserve of
    the user's request budget to their pages. ``WebworkAuthError`` when the connection is gone."""
    from dashboard.core import connections

    return connections.client_for(user, workspace_id).background()
