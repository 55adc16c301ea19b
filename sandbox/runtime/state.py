"""The process-wide switches: variant, rate limiter, injector, call log, webhook deliveries."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from sandbox.runtime import clock
from sandbox.runtime.faults import Injector
from sandbox.runtime.ratelimit import SlidingWindowLimiter

VARIANTS = ("api", "v2")


@dataclass
class SandboxState:
    variant: str = "api"
    limiter: SlidingWindowLimiter = field(default_factory=lambda: SlidingWindowLimiter(60))
    injector: Injector = field(default_factory=Injector)
    calls: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record_call(self, call: dict[str, Any]) -> None:
        with self.lock:
            self.calls.append(call)

    def record_delivery(self, delivery: dict[str, Any]) -> None:
        with self.lock:
            self.deliveries.append(delivery)

    def reset(self) -> None:
        """Back to the configured defaults, with empty logs."""
        with self.lock:
            self.variant = default_variant()
            self.calls.clear()
            self.deliveries.clear()
        self.limiter.clear(settings.SANDBOX_RATE_LIMIT)
        self.injector.clear()
        clock.reset()


def default_variant() -> str:
    variant = settings.SANDBOX_VARIANT
    return variant if variant in VARIANTS else "api"


STATE = SandboxState(
    variant=default_variant(), limiter=SlidingWindowLimiter(settings.SANDBOX_RATE_LIMIT)
)
