"""Injected latency and faults for the API, deterministic under a seed."""

from __future__ import annotations

import random
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

FAULT_KINDS = ("error", "timeout", "malformed", "rate_limit")


class FaultConfigError(ValueError):
    """A control-plane request described an impossible fault or latency."""


@dataclass(frozen=True)
class FaultRule:
    """One kind of failure, injected into a share ``rate`` of the matching API calls."""

    kind: str
    rate: float = 1.0
    method: str | None = None
    path: str | None = None
    status: int = 500
    after_ms: int = 30_000
    then: str = "504"
    retry_after: int = 30
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> FaultRule:
        if not isinstance(data, dict):
            raise FaultConfigError("each fault must be an object")
        kind = data.get("kind")
        if kind not in FAULT_KINDS:
            raise FaultConfigError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        rate = _number(data.get("rate", 1.0), "rate", 0.0, 1.0)
        status = int(_number(data.get("status", 500), "status", 400, 599))
        after_ms = int(_number(data.get("after_ms", 30_000), "after_ms", 0, 600_000))
        retry_after = int(_number(data.get("retry_after", 30), "retry_after", 0, 3600))
        then = data.get("then", "504")
        if then not in ("504", "drop"):
            raise FaultConfigError("then must be '504' or 'drop'")
        method = data.get("method")
        if method is not None and not isinstance(method, str):
            raise FaultConfigError("method must be a string")
        path = data.get("path")
        pattern = None
        if path is not None:
            if not isinstance(path, str):
                raise FaultConfigError("path must be a regular expression string")
            try:
                pattern = re.compile(path)
            except re.error as exc:
                raise FaultConfigError(f"path is not a valid regular expression: {exc}") from exc
        return cls(
            kind=kind,
            rate=rate,
            method=method.upper() if method else None,
            path=path,
            status=status,
            after_ms=after_ms,
            then=then,
            retry_after=retry_after,
            _pattern=pattern,
        )

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method != method:
            return False
        return self._pattern is None or self._pattern.search(path) is not None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_pattern")
        return data


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FaultConfigError(f"{name} must be a number")
    if not low <= value <= high:
        raise FaultConfigError(f"{name} must be between {low:g} and {high:g}")
    return float(value)


@dataclass(frozen=True)
class Latency:
    min_ms: int = 0
    max_ms: int = 0

    @classmethod
    def from_json(cls, data: Any) -> Latency:
        if not isinstance(data, dict):
            raise FaultConfigError("latency must be an object")
        if "ms" in data:
            ms = int(_number(data["ms"], "ms", 0, 120_000))
            return cls(ms, ms)
        low = int(_number(data.get("min_ms", 0), "min_ms", 0, 120_000))
        high = int(_number(data.get("max_ms", low), "max_ms", 0, 120_000))
        if high < low:
            raise FaultConfigError("max_ms must not be below min_ms")
        return cls(low, high)


class Injector:
    """Holds the latency and fault plan and draws from one seeded generator."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latency = Latency()
        self.rules: list[FaultRule] = []
        self.seed = 0
        self._random = random.Random(0)

    def configure(self, rules: list[FaultRule], seed: int) -> None:
        with self._lock:
            self.rules = rules
            self.seed = seed
            self._random = random.Random(seed)

    def set_latency(self, latency: Latency) -> None:
        with self._lock:
            self.latency = latency

    def clear(self) -> None:
        self.configure([], 0)
        self.set_latency(Latency())

    def delay_ms(self) -> int:
        with self._lock:
            low, high = self.latency.min_ms, self.latency.max_ms
            return low if high <= low else self._random.randint(low, high)

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The fault to inject into this call, if any (one draw per matching rule)."""
        with self._lock:
            for rule in self.rules:
                if rule.matches(method, path) and self._random.random() < rule.rate:
                    return rule
        return None
