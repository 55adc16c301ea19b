"""The upstream rate budget of each WebWork identity, shared by every process.

WebWork allows about ``WEBWORK_RATE_PER_MINUTE`` (60) requests per user in a strict sliding
60-second window. Requests are paced *before* they are sent, with GCRA (the generic cell rate
algorithm): emission interval ``T = window / (limit - burst)`` and tolerance ``(burst - 1) * T``,
which admits a burst and then a steady rate, and never more than ``limit`` requests in any window.
``window`` is 60 s plus a little slack, so a request that leaves a bit later than planned (a slow
connect, a busy thread) still cannot crowd the upstream's window.

Background requests (bulk jobs) get a smaller tolerance: they only take a slot when ``reserve``
burst slots would remain for interactive pages.

``acquire`` reserves the next slot and answers how long the caller must sleep before sending;
with ``max_wait``, a slot further away than that is not reserved (the caller raises instead).

Two implementations, chosen by ``CACHES['default']``: Redis (an atomic Lua script; every process
shares the state, and the Redis server's clock is the one clock) and in-process (a lock).

A hold (429) is believed for at most ``WEBWORK_MAX_RETRY_AFTER`` seconds, so no Retry-After
can lock an account out for longer, nor set a Redis key that outlives that (its TTL follows
the state). Keys are versioned: state written before holds were capped is never read.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from dashboard.webwork.errors import believable

log = logging.getLogger(__name__)

Priority = Literal["interactive", "background"]
Clock = Callable[[], float]
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
# Float noise (and Lua's 14-digit numbers) must not turn "exactly on time" into a tiny wait.
EPSILON = 1e-6
REDIS_RETRY_AFTER = 30.0
# v2: holds are capped; a v1 key may hold a Retry-After of years, and is left to expire unread.
KEY_PREFIX = "webwork:budget:v2"


@dataclass(frozen=True)
class Rate:
    limit: int = 60
    burst: int = 10
    reserve: int = 5
    window: float = 60.0
    slack: float = 1.0

    @classmethod
    def per_minute(cls, limit: int) -> Rate:
        """Sensible burst and reserve for a limit: 10 and 5 at the documented 60."""
        burst = max(1, min(10, limit // 6))
        return cls(limit=limit, burst=burst, reserve=min(5, burst // 2))

    @property
    def interval(self) -> float:
        return (self.window + self.slack) / max(1, self.limit - self.burst)

    def tolerance(self, priority: Priority) -> float:
        spare = self.burst - 1 - (self.reserve if priority == "background" else 0)
        return max(0, spare) * self.interval

    def slots(self, backlog: float) -> int:
        """Requests that may go at once when the theoretical arrival time is ``backlog`` ahead."""
        if backlog <= 0:
            return self.burst
        free = math.floor((self.tolerance("interactive") - backlog) / self.interval + EPSILON) + 1
        return max(0, min(self.burst, free))


class Budget(Protocol):
    rate: Rate

    def acquire(
        self, key: str, priority: Priority = "interactive", max_wait: float | None = None
    ) -> float: ...

    def remaining(self, key: str) -> int: ...

    def hold(self, key: str, seconds: float) -> None: ...


class InProcessBudget:
    """GCRA state in this process's memory (one process: development, tests, a single server)."""

    def __init__(self, rate: Rate | None = None, clock: Clock = time.monotonic) -> None:
        self.rate = rate or Rate()
        self._clock = clock
        self._lock = threading.Lock()
        self._tat: dict[str, float] = {}

    def acquire(
        self, key: str, priority: Priority = "interactive", max_wait: float | None = None
    ) -> float:
        with self._lock:
            now = self._clock()
            tat = max(self._tat.get(key, now), now)
            wait = tat - self.rate.tolerance(priority) - now
            wait = wait if wait > EPSILON else 0.0
            if max_wait is None or wait <= max_wait:
                self._tat[key] = tat + self.rate.interval
            self._forget_idle(now)
            return wait

    def remaining(self, key: str) -> int:
        with self._lock:
            now = self._clock()
            return self.rate.slots(self._tat.get(key, now) - now)

    def hold(self, key: str, seconds: float) -> None:
        """Nobody sends for ``seconds`` (WebWork answered 429 with Retry-After), within the cap."""
        with self._lock:
            now = self._clock()
            held = now + believable(seconds) + self.rate.tolerance("interactive")
            self._tat[key] = max(self._tat.get(key, now), held)

    def _forget_idle(self, now: float) -> None:
        if len(self._tat) > 1000:
            self._tat = {k: v for k, v in self._tat.items() if v > now}


# KEYS[1]: the key's theoretical arrival time. ARGV: now ('' = the Redis server's clock),
# interval, tolerance, argument (max_wait for acquire, <0 = none; seconds for hold), mode.
_GCRA = """
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
else
  now = tonumber(ARGV[1])
end
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local arg = tonumber(ARGV[4])
local mode = ARGV[5]
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
if mode == 'peek' then return tostring(tat - now) end
local result = 0
if mode == 'hold' then
  if now + arg + tolerance > tat then tat = now + arg + tolerance end
else
  result = tat - tolerance - now
  if result < 0.000001 then result = 0 end
  if arg >= 0 and result > arg then return tostring(result) end
  tat = tat + interval
end
redis.call('SET', KEYS[1], string.format('%.6f', tat), 'PX', math.ceil((tat - now) * 1000) + 1000)
return tostring(result)
"""


class RedisBudget:
    """GCRA state in Redis, so that every process and server shares one budget per identity.

    If Redis fails, pacing continues in-process (logged) rather than failing the page, and
    Redis is not asked again for ``REDIS_RETRY_AFTER`` seconds (its client retries slowly).
    """

    def __init__(
        self,
        client: Any,
        rate: Rate | None = None,
        *,
        prefix: str = KEY_PREFIX + ":",
        clock: Clock | None = None,
    ) -> None:
        self.rate = rate or Rate()
        self._script = client.register_script(_GCRA)
        self._prefix = prefix
        self._clock = clock
        self._fallback = InProcessBudget(self.rate, clock or time.time)
        self._down_until = 0.0

    @classmethod
    def from_django_cache(cls, alias: str = "default", rate: Rate | None = None) -> RedisBudget:
        cache = caches[alias]
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        return cls(client, rate, prefix=cache.make_key(KEY_PREFIX) + ":")

    def acquire(
        self, key: str, priority: Priority = "interactive", max_wait: float | None = None
    ) -> float:
        limit = -1.0 if max_wait is None else max_wait
        tolerance = self.rate.tolerance(priority)
        result = self._run(key, tolerance, limit, "acquire")
        if result is None:
            return self._fallback.acquire(key, priority, max_wait)
        return result

    def remaining(self, key: str) -> int:
        backlog = self._run(key, 0.0, 0.0, "peek")
        if backlog is None:
            return self._fallback.remaining(key)
        return self.rate.slots(backlog)

    def hold(self, key: str, seconds: float) -> None:
        seconds = believable(seconds)
        if self._run(key, self.rate.tolerance("interactive"), seconds, "hold") is None:
            self._fallback.hold(key, seconds)

    def _run(self, key: str, tolerance: float, arg: float, mode: str) -> float | None:
        if time.monotonic() < self._down_until:
            return None
        now = "" if self._clock is None else repr(self._clock())
        args = [now, repr(self.rate.interval), repr(tolerance), repr(arg), mode]
        try:
            return float(self._script(keys=[self._prefix + key], args=args))
        except RedisError:
            self._down_until = time.monotonic() + REDIS_RETRY_AFTER
            log.warning("rate budget: Redis unavailable, pacing in-process", exc_info=True)
            return None


_lock = threading.Lock()
_defaults: dict[tuple[str, str, int], Budget] = {}


def default_budget() -> Budget:
    """The budget for the configured cache: Redis when the default cache is Redis."""
    config = settings.CACHES["default"]
    limit = int(getattr(settings, "WEBWORK_RATE_PER_MINUTE", 60))
    ident = (config["BACKEND"], str(config.get("LOCATION", "")), limit)
    with _lock:
        if ident not in _defaults:
            rate = Rate.per_minute(limit)
            if config["BACKEND"] == REDIS_BACKEND:
                _defaults[ident] = RedisBudget.from_django_cache("default", rate)
            else:
                _defaults[ident] = InProcessBudget(rate)
        return _defaults[ident]


def acquire(key: str, priority: Priority = "interactive", max_wait: float | None = None) -> float:
    """Reserve a slot for ``key``; answers the seconds to sleep before sending."""
    return default_budget().acquire(key, priority, max_wait)


def remaining(key: str) -> int:
    """Approximately how many requests ``key`` may send right now without waiting."""
    return default_budget().remaining(key)


def hold(key: str, seconds: float) -> None:
    """Make every process wait ``seconds`` before the next request of ``key``."""
    default_budget().hold(key, seconds)
