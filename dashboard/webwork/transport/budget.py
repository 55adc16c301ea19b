"""The upstream rate budget of each WebWork identity, counted the way WebWork counts it.

WebWork allows ``WEBWORK_RATE_PER_MINUTE`` (60) requests per user in a strict sliding 60-second
window: a request is accepted when fewer than the limit were accepted in the 60 seconds before
it. So the budget is the same count: the calls of the last ``window + slack`` seconds per
identity. A call may go when fewer than ``capacity`` (the limit less a ``margin``) are in it.
``slack`` (half a second) covers a call that reaches WebWork later than it was counted (a slow
connect, a busy thread); ``margin`` covers what the dashboard cannot see (a call in flight on
another host, a clock read a little early).

- Interactive calls (pages) go at once while the window has room: no burst-then-drip.
- Background calls (bulk jobs, long reports) leave ``reserve`` calls of the window to pages, but
  only while the identity is *browsing* (an interactive call in the last ``browsing`` seconds);
  when nobody browses, background may use the whole window. They are also spread over it, on a
  schedule of one per ``interval`` (the window's span over its capacity: 58.5 a minute at 60),
  so the window never fills in one go and a page that comes finds a slot freeing within about
  a second. A call may run up to ``background_burst`` (3) ahead of that schedule, so a few calls
  that belong together (read an item, then send its decision) are not split by a wait: a caller
  that starts such a unit again after a wait would otherwise be refused its second call forever.
- ``acquire`` takes a slot now and answers 0, or answers the seconds until one may be free and
  takes nothing: the caller sleeps (or gives up) and asks again, so a page that comes meanwhile
  is never queued behind a job's reservation. ``remaining`` counts the free slots.
- ``hold`` (a 429's Retry-After) stops every process for that long, at most
  ``WEBWORK_MAX_RETRY_AFTER`` seconds, so no Retry-After can lock an account out for longer nor
  set a Redis key that outlives that.

Two implementations, chosen by ``CACHES['default']``: Redis (a sorted set per identity and an
atomic Lua script on the Redis server's clock, so every process and server shares one count)
and in-process (a lock). Keys are versioned: state of an older algorithm is never read.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from dashboard.webwork.errors import believable
from dashboard.webwork.transport.backend import is_redis, same_server

log = logging.getLogger(__name__)

Priority = Literal["interactive", "background"]
Clock = Callable[[], float]
# Float noise (and Lua's 14-digit numbers) must not turn "exactly on time" into a tiny wait.
EPSILON = 1e-6
REDIS_RETRY_AFTER = 30.0
# v3: a sliding window (v2 was GCRA state under the same names); older keys expire unread.
KEY_PREFIX = "webwork:budget:v3"


@dataclass(frozen=True)
class Rate:
    """WebWork's limit and how much of it the dashboard uses.

    ``limit`` calls per ``window`` seconds is WebWork's rule; ``capacity`` (the limit less
    ``margin``) per ``window + slack`` is what the dashboard sends; ``reserve`` of those are kept
    for pages while the identity is browsing (an interactive call in the last ``browsing`` s).
    """

    limit: int = 60
    reserve: int = 5
    margin: int = 1
    window: float = 60.0
    slack: float = 0.5
    browsing: float = 30.0
    # Background calls may run this many ahead of their schedule: a unit of work of a few calls
    # (read an item, name it, send its decision) then goes together, and a job that starts it
    # again after a wait is not refused its second call forever.
    background_burst: int = 3

    @classmethod
    def per_minute(cls, limit: int) -> Rate:
        """Sensible reserve and margin for a limit: 5 and 1 at the documented 60."""
        return cls(limit=limit, reserve=max(0, min(5, limit // 12)), margin=max(1, limit // 60))

    @property
    def capacity(self) -> int:
        return max(1, self.limit - self.margin)

    @property
    def span(self) -> float:
        """How long a call counts: WebWork's window and the slack."""
        return self.window + self.slack

    @property
    def interval(self) -> float:
        """Seconds per call at the sustained rate (what a long bulk job averages)."""
        return self.span / self.capacity

    @property
    def background_tolerance(self) -> float:
        """How far ahead of its schedule a background call may go."""
        return max(0, self.background_burst - 1) * self.interval

    def next_background(self, scheduled: float, now: float) -> float:
        """When the background call after one sent ``now`` (due at ``scheduled``) may go: on
        schedule, one ``interval`` on, so a call a little late lets the next catch up (by half
        an interval at most; after a pause the pace starts again)."""
        return max(scheduled + self.interval, now + self.interval / 2)

    def allowed(self, priority: Priority, browsing: bool) -> int:
        """Calls the window may hold before one more of ``priority`` must wait."""
        if priority == "background" and browsing:
            return max(1, self.capacity - self.reserve)
        return self.capacity


class Budget(Protocol):
    rate: Rate

    def acquire(
        self, key: str, priority: Priority = "interactive", max_wait: float | None = None
    ) -> float: ...

    def remaining(self, key: str) -> int: ...

    def hold(self, key: str, seconds: float) -> None: ...


@dataclass
class _Window:
    calls: deque[float] = field(default_factory=deque)
    held_until: float = 0.0
    browsing_until: float = 0.0
    paced_until: float = 0.0  # the next background call not before


class InProcessBudget:
    """The windows in this process's memory (one process: development, tests, a single server).

    ``max_wait`` of ``acquire`` is accepted for older callers and changes nothing: a slot is
    taken now or not at all.
    """

    def __init__(self, rate: Rate | None = None, clock: Clock = time.monotonic) -> None:
        self.rate = rate or Rate()
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}

    def acquire(
        self, key: str, priority: Priority = "interactive", max_wait: float | None = None
    ) -> float:
        with self._lock:
            now = self._clock()
            window = self._current(key, now)
            if priority == "interactive":
                window.browsing_until = now + self.rate.browsing
            allowed = self.rate.allowed(priority, window.browsing_until > now)
            wait = self._wait(window, now, allowed)
            if priority == "background":
                wait = max(wait, window.paced_until - self.rate.background_tolerance - now)
            if wait <= EPSILON:
                window.calls.append(now)
                if priority == "background":
                    window.paced_until = self.rate.next_background(window.paced_until, now)
                return 0.0
            return wait

    def remaining(self, key: str) -> int:
        with self._lock:
            now = self._clock()
            window = self._current(key, now)
            if window.held_until > now + EPSILON:
                return 0
            return max(0, self.rate.capacity - len(window.calls))

    def hold(self, key: str, seconds: float) -> None:
        """Nobody sends for ``seconds`` (WebWork answered 429 with Retry-After), within the cap."""
        with self._lock:
            now = self._clock()
            window = self._current(key, now)
            window.held_until = max(window.held_until, now + believable(seconds))

    def _current(self, key: str, now: float) -> _Window:
        window = self._windows.get(key)
        if window is None:
            if len(self._windows) > 1000:
                self._forget_idle(now)
            window = self._windows[key] = _Window()
        while window.calls and window.calls[0] <= now - self.rate.span:
            window.calls.popleft()
        return window

    def _wait(self, window: _Window, now: float, allowed: int) -> float:
        wait = window.held_until - now
        excess = len(window.calls) - allowed
        if excess >= 0:  # the oldest ``excess + 1`` calls must leave the window first
            wait = max(wait, window.calls[excess] + self.rate.span - now)
        return wait

    def _forget_idle(self, now: float) -> None:
        horizon = now - self.rate.span
        self._windows = {
            k: w
            for k, w in self._windows.items()
            if (w.calls and w.calls[-1] > horizon)
            or max(w.held_until, w.browsing_until, w.paced_until) > now
        }


# KEYS[1]: the identity's sorted set: its calls (score: when counted) and three markers, 'hold',
# 'browsing' and 'paced' (score: until when). ARGV: now ('' = the Redis server's clock), span,
# capacity, reserve, browsing seconds, interval, mode ('interactive' | 'background' | 'peek' |
# 'hold'), argument (a unique call id; the seconds of a hold), the background tolerance.
# Answers {wait, calls in the window}: acquiring, a wait of 0 means the call was counted;
# peeking, the wait is the hold's.
_WINDOW = """
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
else
  now = tonumber(ARGV[1])
end
local span, capacity, reserve = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local browsing_for, interval, mode = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
local tolerance = tonumber(ARGV[9] or '0')
local key = KEYS[1]
local function at(t) return string.format('%.6f', t) end
redis.call('ZREMRANGEBYSCORE', key, '-inf', at(now - span))
-- The markers still in force score after now, so after every call: the calls rank first.
local calls = redis.call('ZCARD', key)
local marker = {}
local last_paced = 0
for _, name in ipairs({'hold', 'browsing', 'paced'}) do
  local until_ = tonumber(redis.call('ZSCORE', key, name) or '0')
  if name == 'paced' then last_paced = until_ end
  if until_ ~= 0 then calls = calls - 1 end
  if until_ ~= 0 and until_ <= now then
    redis.call('ZREM', key, name)
    until_ = 0
  end
  marker[name] = until_
end
local function mark(name, until_)
  marker[name] = until_
  redis.call('ZADD', key, at(until_), name)
end
local function expire()
  local last = math.max(marker.hold, marker.browsing, marker.paced, now)
  if calls > 0 then
    local newest = redis.call('ZRANGE', key, calls - 1, calls - 1, 'WITHSCORES')
    last = math.max(last, tonumber(newest[2]) + span)
  end
  redis.call('PEXPIRE', key, math.ceil((last - now) * 1000) + 1000)
end
if mode == 'peek' then
  return {at(math.max(0, marker.hold - now)), calls}
end
if mode == 'hold' then
  local until_ = now + tonumber(ARGV[8])
  if until_ > marker.hold then mark('hold', until_) end
  expire()
  return {'0', calls}
end
if mode == 'interactive' then mark('browsing', now + browsing_for) end
local allowed = capacity
if mode == 'background' and marker.browsing > now then allowed = math.max(1, capacity - reserve) end
local wait = math.max(0, marker.hold - now)
if mode == 'background' then wait = math.max(wait, marker.paced - tolerance - now) end
if calls >= allowed then
  local oldest = redis.call('ZRANGE', key, calls - allowed, calls - allowed, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + span - now)
end
if wait <= 0.000001 then
  redis.call('ZADD', key, at(now), ARGV[8])
  calls = calls + 1
  wait = 0
  if mode == 'background' then
    -- On schedule: a call a little late lets the next one catch up, by half a step at most.
    mark('paced', math.max(last_paced + interval, now + interval / 2))
  end
end
expire()
return {at(wait), calls}
"""


class RedisBudget:
    """The windows in Redis, so that every process and server shares one count per identity.

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
        self._script = client.register_script(_WINDOW)
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
        """Take a slot now (0) or answer the seconds until one may be free; ``max_wait`` is
        accepted for older callers and changes nothing."""
        answer = self._run(key, priority, uuid.uuid4().hex)
        if answer is None:
            return self._fallback.acquire(key, priority)
        return answer[0]

    def remaining(self, key: str) -> int:
        answer = self._run(key, "peek", "")
        if answer is None:
            return self._fallback.remaining(key)
        held, calls = answer
        return 0 if held > EPSILON else max(0, self.rate.capacity - calls)

    def hold(self, key: str, seconds: float) -> None:
        seconds = believable(seconds)
        if self._run(key, "hold", repr(seconds)) is None:
            self._fallback.hold(key, seconds)

    def shares(self, client: Any) -> bool:
        """Whether ``client`` reaches the Redis of these windows (one pipeline may take slots)."""
        return same_server(client, self._script.registered_client)

    def queue_acquire(self, pipe: Any, key: str, priority: Priority) -> str | None:
        """Queue taking a slot on ``pipe`` (of a client this budget ``shares``); answers the
        call's id, whose answer in the pipeline is ``[wait, calls]`` (taken when the wait is 0),
        or None while Redis is taken to be down."""
        if time.monotonic() < self._down_until:
            return None
        call = uuid.uuid4().hex
        pipe.evalsha(self._script.sha, 1, self._prefix + key, *self._args(priority, call))
        return call

    def queue_give_back(self, pipe: Any, key: str, calls: list[str]) -> None:
        """Queue giving back slots taken (``queue_acquire``) for calls that were never sent."""
        if calls:
            pipe.zrem(self._prefix + key, *calls)

    def _args(self, mode: str, argument: str) -> list[Any]:
        now = "" if self._clock is None else repr(self._clock())
        rate = self.rate
        args = [now, repr(rate.span), rate.capacity, rate.reserve, repr(rate.browsing)]
        return [*args, repr(rate.interval), mode, argument, repr(rate.background_tolerance)]

    def _run(self, key: str, mode: str, argument: str) -> tuple[float, int] | None:
        if time.monotonic() < self._down_until:
            return None
        try:
            wait, calls = self._script(keys=[self._prefix + key], args=self._args(mode, argument))
        except RedisError:
            self._down_until = time.monotonic() + REDIS_RETRY_AFTER
            log.warning("rate budget: Redis unavailable, pacing in-process", exc_info=True)
            return None
        return float(wait), int(calls)


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
            if is_redis(config):
                _defaults[ident] = RedisBudget.from_django_cache("default", rate)
            else:
                _defaults[ident] = InProcessBudget(rate)
        return _defaults[ident]


def acquire(key: str, priority: Priority = "interactive") -> float:
    """Take a slot for ``key`` now (0), or answer the seconds until one may be free."""
    return default_budget().acquire(key, priority)


def remaining(key: str) -> int:
    """How many requests ``key`` may send right now without waiting."""
    return default_budget().remaining(key)


def hold(key: str, seconds: float) -> None:
    """Make every process wait ``seconds`` before the next request of ``key``."""
    default_budget().hold(key, seconds)
