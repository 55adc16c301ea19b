"""Single flight: concurrent misses of one cache key share one upstream call.

- In a process, the first reader of a key fetches and the others wait for its outcome (its
  value, or a copy of its error) on an event.
- With Redis, that reader also takes a short lock (``SET NX PX``) for every process: a reader
  in another process that finds the lock taken polls for the value the holder stores (the cache
  passes ``peek``) or for the failure it leaves behind, and takes the lock itself if the holder
  let go without either.
- ``also``: a cache key the leader reads in the same round trip as it takes the lock (the
  cache's "was it stored meanwhile?"), handed to ``fetch`` with the flight's id; ``NOT_READ``
  when nothing was read with the lock.
- The holder lets go of the lock in the round trip that stores the value, when the cache says
  so (``let_go_with``): no reader then finds the lock gone and the value not yet there.
- ``noting_misses()``/``note_miss``: a gather's first try names the flights its misses will
  lead; ``transport.ahead`` takes their locks in one round trip (``queue_take``), and each
  read that then fetches leads with the lock taken for it (``holding_ahead``).
- Every wait is bounded (``wait``: a page's time left, at most ``FLIGHT_WAIT``); a reader that
  has waited that long fetches for itself. If Redis fails, readers fetch for themselves.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from dashboard.webwork.errors import WebworkError
from dashboard.webwork.transport.backend import is_redis, raw_redis

log = logging.getLogger(__name__)

LOCK_SECONDS = 15.0  # longer than a fetch should take; a reader that died lets go by then
FAILURE_SECONDS = 10.0  # how long a failure is left for the processes that waited for it
POLL_FIRST, POLL_MOST = 0.02, 0.2
KEY_PREFIX = "webwork:flight:v1"

NOT_READ: Any = object()  # what ``fetch`` is given when nothing was read with the lock

Fetch = Callable[[str, Any], Any]
Peek = Callable[[str], tuple[bool, Any]]

# Compare-and-delete: let go of the lock only if it is still this flight's.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass
class _Holding:
    """The lock a fetch holds while it runs: its key and this flight's token."""

    lock: str
    token: str
    let_go: bool = False


_holding: ContextVar[_Holding | None] = ContextVar("webwork_flight_holding", default=None)


@dataclass(frozen=True)
class Miss:
    """A read that will fetch: the cache alias, its flight's key, what to read with the lock."""

    alias: str
    key: str
    also: str | None


@dataclass(frozen=True)
class TakenAhead:
    """A flight's lock taken ahead for the read that will lead it, and what was read with it."""

    lock: str
    token: str
    read: Any


_noted: ContextVar[list[Miss] | None] = ContextVar("webwork_flight_noted", default=None)
_ahead: ContextVar[dict[tuple[str, str], TakenAhead] | None] = ContextVar(
    "webwork_flight_ahead", default=None
)


@contextmanager
def noting_misses() -> Iterator[list[Miss]]:
    """Within it, every read that would fetch names its flight (``note_miss``), once each."""
    noted: list[Miss] = []
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def note_miss(alias: str, key: str, also: str | None) -> None:
    noted = _noted.get()
    if noted is not None and all(m.key != key or m.alias != alias for m in noted):
        noted.append(Miss(alias, key, also))


@contextmanager
def holding_ahead(taken: dict[tuple[str, str], TakenAhead]) -> Iterator[None]:
    """Within it (and in the gathered calls it starts), the read that leads the flight of a key
    in ``taken`` leads with that lock; each lock goes to one read, and leaves ``taken``."""
    token = _ahead.set(taken)
    try:
        yield
    finally:
        _ahead.reset(token)


def _queue_release(pipe: Any, lock: str, token: str) -> None:
    pipe.eval(_RELEASE, 1, lock, token)


def let_go_with(pipe: Any, flight: str) -> Callable[[], None] | None:
    """Queue letting go of the lock of ``flight``, if this fetch holds it, on ``pipe`` (a Redis
    pipeline of the cache's store); answers what to call once the pipeline has run."""
    holding = _holding.get()
    if holding is None or holding.token != flight or holding.let_go:
        return None
    _queue_release(pipe, holding.lock, holding.token)

    def done() -> None:
        holding.let_go = True

    return done


class _Flight:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None
        self.waiting = 0

    def outcome(self) -> Any:
        if self.error is not None:
            raise copy.copy(self.error)  # each reader raises its own, with its own traceback
        return self.value


class Flights:
    """One fetch per key at a time in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flying: dict[str, _Flight] = {}

    def run(
        self, key: str, fetch: Fetch, *, wait: float, peek: Peek, also: str | None = None
    ) -> Any:
        """``fetch(flight_id, read)``, or the outcome of the fetch of ``key`` already under way.

        ``peek(flight_id)`` answers ``(True, value)`` once that flight has stored its value;
        ``read`` is the value of the cache key ``also`` as the lock was taken, or ``NOT_READ``.
        """
        with self._lock:
            flight = self._flying.get(key)
            leads = flight is None
            if flight is None:
                flight = self._flying[key] = _Flight()
            else:
                flight.waiting += 1
        if not leads:
            try:
                if flight.done.wait(timeout=max(0.0, wait)):
                    return flight.outcome()
            finally:
                with self._lock:
                    flight.waiting -= 1
            log.info("single flight: waited %.1f s for %s; fetching it too", wait, key)
            return fetch(uuid.uuid4().hex, NOT_READ)
        return self._leading(key, flight, lambda: self._lead(key, fetch, wait, peek, also))

    def _leading(self, key: str, flight: _Flight, lead: Callable[[], Any]) -> Any:
        """``lead()`` as the flight of ``key``: its outcome is every waiting reader's."""
        try:
            flight.value = lead()
            return flight.value
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            flight.done.set()
            with self._lock:
                if self._flying.get(key) is flight:
                    del self._flying[key]

    def waiting(self, key: str | None = None) -> int:
        """How many readers in this process wait for the fetch of ``key`` (of any key)."""
        with self._lock:
            if key is None:
                return sum(flight.waiting for flight in self._flying.values())
            flight = self._flying.get(key)
            return flight.waiting if flight else 0

    def _lead(self, key: str, fetch: Fetch, wait: float, peek: Peek, also: str | None) -> Any:
        return fetch(uuid.uuid4().hex, NOT_READ)


class RedisFlights(Flights):
    """One fetch per key at a time across every process that shares the Redis cache."""

    def __init__(self, alias: str) -> None:
        super().__init__()
        self._alias = alias
        self._cache = caches[alias]
        self._client = self._cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        self._prefix = self._cache.make_key(KEY_PREFIX) + ":"
        self._release = self._client.register_script(_RELEASE)

    @property
    def client(self) -> Any:
        """The Redis client of the flights' locks (a pipeline of it may take several)."""
        return self._client

    def run(
        self, key: str, fetch: Fetch, *, wait: float, peek: Peek, also: str | None = None
    ) -> Any:
        ahead = _ahead.get()
        taken = None if ahead is None else ahead.pop((self._alias, key), None)
        if taken is None:
            return super().run(key, fetch, wait=wait, peek=peek, also=also)
        # The lock is this read's: it leads, and readers in this process wait for it.
        flight = _Flight()
        with self._lock:
            self._flying.setdefault(key, flight)
        lead = partial(self._fetch_holding, taken.lock, taken.token, fetch, taken.read)
        return self._leading(key, flight, lead)

    def queue_take(self, pipe: Any, key: str, also: str | None) -> Callable[[Iterator[Any]], Any]:
        """Queue taking the lock of ``key`` (and reading ``also`` after it) on ``pipe``; answers
        what makes of the pipeline's answers (an iterator, read from) the ``TakenAhead`` or None."""
        lock, token = f"{self._prefix}{key}", uuid.uuid4().hex
        pipe.set(lock, token, nx=True, px=int(LOCK_SECONDS * 1000))
        redis = None if also is None else raw_redis(self._alias)
        if also is not None and redis is not None:
            pipe.get(redis.key(also))

        def taken(answers: Iterator[Any]) -> TakenAhead | None:
            got = next(answers)
            raw = next(answers) if also is not None and redis is not None else NOT_READ
            if got is not True:  # held by another reader, or an error
                return None
            if redis is None or raw is NOT_READ or isinstance(raw, Exception):
                return TakenAhead(lock, token, NOT_READ)
            return TakenAhead(lock, token, None if raw is None else redis.loads(raw))

        return taken

    def queue_let_go(self, pipe: Any, taken: TakenAhead) -> None:
        """Queue letting go of a lock taken ahead that no read led with."""
        _queue_release(pipe, taken.lock, taken.token)

    def _lead(self, key: str, fetch: Fetch, wait: float, peek: Peek, also: str | None) -> Any:
        lock = f"{self._prefix}{key}"
        until = time.monotonic() + max(0.0, wait)
        read = NOT_READ
        while True:
            token = uuid.uuid4().hex
            try:
                taken, read = self._take(lock, token, also)
                if taken:
                    break
                holder = self._client.get(lock)
                if holder is None:
                    continue  # let go of just now: try again to take it
                found, value = self._await(lock, holder.decode(), until, peek)
            except RedisError:
                log.warning("single flight: Redis unavailable, fetching alone", exc_info=True)
                return fetch(uuid.uuid4().hex, NOT_READ)
            if found:
                return value
            if time.monotonic() >= until:
                log.info("single flight: waited for another process; fetching %s too", key)
                return fetch(uuid.uuid4().hex, NOT_READ)
        return self._fetch_holding(lock, token, fetch, read)

    def _take(self, lock: str, token: str, also: str | None) -> tuple[bool, Any]:
        """Take the lock, and read ``also`` in the same round trip (after the lock)."""
        px = int(LOCK_SECONDS * 1000)
        redis = None if also is None else raw_redis(self._alias)
        if also is None or redis is None:
            return bool(self._client.set(lock, token, nx=True, px=px)), NOT_READ
        pipe = self._client.pipeline(transaction=False)
        pipe.set(lock, token, nx=True, px=px)
        pipe.get(redis.key(also))
        taken, raw = pipe.execute()
        if not taken:
            return False, NOT_READ
        return True, None if raw is None else redis.loads(raw)

    def _fetch_holding(self, lock: str, token: str, fetch: Fetch, read: Any) -> Any:
        holding = _Holding(lock, token)
        context = _holding.set(holding)
        try:
            return fetch(token, read)
        except WebworkError as exc:
            self._leave_failure(lock, token, exc)
            raise
        finally:
            _holding.reset(context)
            try:
                if not holding.let_go:  # the store did not (it failed, or there was none)
                    self._release(keys=[lock], args=[token])
            except RedisError:
                log.warning("single flight: the lock could not be let go (it expires)")

    def _await(self, lock: str, holder: str, until: float, peek: Peek) -> tuple[bool, Any]:
        """Poll for what ``holder`` stores; ``(False, None)`` once it let go without a value
        (or the wait is over). Its failure is raised here."""
        log.debug("single flight: waiting for another process's fetch of %s", lock)
        pause = POLL_FIRST
        while True:
            found, value = peek(holder)
            if found:
                return True, value
            current = self._client.get(lock)
            if current is None or current.decode() != holder:
                failure = self._cache.get(_failure_key(lock, holder))
                if isinstance(failure, WebworkError):
                    raise failure
                return peek(holder)  # it may have stored the value just before letting go
            left = until - time.monotonic()
            if left <= 0:
                return False, None
            time.sleep(min(pause, left))
            pause = min(POLL_MOST, pause * 1.5)

    def _leave_failure(self, lock: str, token: str, exc: WebworkError) -> None:
        try:
            self._cache.set(_failure_key(lock, token), copy.copy(exc), FAILURE_SECONDS)
        except Exception:  # unpicklable, or the cache is down: the others fetch themselves
            log.warning("single flight: a failure could not be left for the other processes")


def _failure_key(lock: str, token: str) -> str:
    return f"webwork:flight:failed:{hashlib.sha256(lock.encode()).hexdigest()[:24]}:{token}"


_lock = threading.Lock()
_defaults: dict[tuple[str, str], Flights] = {}


def flights_for(alias: str = "default") -> Flights:
    """The flights of this process for a cache: shared through Redis when the cache is Redis."""
    config = settings.CACHES.get(alias, {})
    where = f"{alias}:{config.get('LOCATION', '')}:{config.get('KEY_PREFIX', '')}"
    ident = (str(config.get("BACKEND", "")), where)
    with _lock:
        if ident not in _defaults:
            if is_redis(config):
                _defaults[ident] = RedisFlights(alias)
            else:
                _defaults[ident] = Flights()
        return _defaults[ident]
