"""How long to wait before repeating a read, and how long any caller may be kept waiting.

Tests build a policy with a recording ``sleep`` and a fixed ``jitter``, so nothing really sleeps,
and may give it a fake ``clock`` (which the deadlines of its clients then read).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with full jitter, plus the waiting limits of each priority.

    attempts: tries of an idempotent read (GET) on connection errors, timeouts and 5xx.
    base / cap: backoff before retry ``n`` (0-based) is ``jitter() * min(cap, base * 2**n)``.
    max_retry_after: an interactive read that gets a 429 waits and retries once if WebWork asks
        for at most this many seconds; otherwise ``WebworkRateLimited`` is raised at once.
    max_interactive_wait / max_background_wait: the longest pacing sleep before a request; a
        longer wait raises ``WebworkRateLimited`` (a page should not hang, a job should reschedule).
    clock: what deadlines are measured with (``transport.deadline``).
    """

    attempts: int = 3
    base: float = 0.2
    cap: float = 2.0
    max_retry_after: float = 5.0
    max_interactive_wait: float = 3.0
    max_background_wait: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random
    clock: Callable[[], float] = time.monotonic

    def backoff(self, retry: int) -> float:
        return self.jitter() * min(self.cap, self.base * 2**retry)

    def max_wait(self, priority: str) -> float:
        if priority == "background":
            return self.max_background_wait
        return self.max_interactive_wait


DEFAULT_RETRY = RetryPolicy()
