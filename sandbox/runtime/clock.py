"""The sandbox's notion of "now": real time plus an offset the control plane can advance."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta

from django.utils import timezone

_lock = threading.Lock()
_offset = timedelta(0)


def now() -> datetime:
    """The current sandbox time (aware, UTC)."""
    return timezone.now() + _offset


def today() -> date:
    return now().date()


def monotonic() -> float:
    """A monotonic clock that also moves when the sandbox clock is advanced."""
    return time.monotonic() + _offset.total_seconds()


def offset() -> timedelta:
    return _offset


def advance(delta: timedelta) -> None:
    """Move the clock forward (a negative delta moves it back, never before real time)."""
    global _offset
    with _lock:
        _offset = max(timedelta(0), _offset + delta)


def reset() -> None:
    global _offset
    with _lock:
        _offset = timedelta(0)
