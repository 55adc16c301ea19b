"""A strict sliding-window rate limit per WebWork user.

Each user has a log of the times of their accepted requests. A request is accepted only
if fewer than ``limit`` requests were accepted in the 60 seconds before it, so no 60 s
span ever holds more than ``limit`` accepted requests (a fixed window would allow twice
that across a window boundary).
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass

from sandbox.runtime import clock

WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int


class SlidingWindowLimiter:
    def __init__(self, limit: int) -> None:
        self._lock = threading.Lock()
        self._log: dict[str, deque[float]] = {}
        self.limit = limit

    def set_limit(self, limit: int) -> None:
        with self._lock:
            self.limit = limit

    def clear(self, limit: int | None = None) -> None:
        with self._lock:
            self._log.clear()
            if limit is not None:
                self.limit = limit

    def hit(self, key: str) -> Decision:
        """Record a request by ``key`` if it is allowed, and say how it went."""
        with self._lock:
            now = clock.monotonic()
            log = self._log.setdefault(key, deque())
            while log and log[0] <= now - WINDOW_SECONDS:
                log.popleft()
            if len(log) >= self.limit:
                # The oldest accepted request in the window frees the next slot.
                index = len(log) - self.limit
                wait = log[index] + WINDOW_SECONDS - now
                return Decision(False, self.limit, 0, max(1, math.ceil(wait)))
            log.append(now)
            return Decision(True, self.limit, self.limit - len(log), 0)

    def peek(self, key: str) -> Decision:
        """The current budget of ``key`` without spending any of it."""
        with self._lock:
            now = clock.monotonic()
            used = sum(1 for t in self._log.get(key, ()) if t > now - WINDOW_SECONDS)
            return Decision(True, self.limit, max(0, self.limit - used), 0)
