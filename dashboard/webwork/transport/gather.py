"""Run independent upstream calls concurrently on shared thread pools, fairly between accounts.

Threads, not asyncio: pages are rendered by sync views, and the browser tests run Playwright's
sync API in the same process, which keeps an event loop running (``asyncio.run`` would fail).

Calls may gather in turn (a report gathers its 31-day chunks, each chunk its pages). To rule out
the classic deadlock of a pool whose workers all wait on work queued behind them, each nesting
level has its own pool, and a third level runs inline.

The pools serve the whole process, so nobody may wait behind somebody else's calls: a call goes
to a pool only if a worker is free for it *and* its identity (the WebWork account's budget key;
the calling thread's when none is known) has fewer than ``WEBWORK_CONCURRENCY_PER_IDENTITY``
calls running at that level. Otherwise it runs in the calling thread. Nothing ever queues, so
one account's slow WebWork slows only that account's own pages.

A gathered call runs in a copy of the caller's context (``contextvars``), so what the caller
said about waiting (``deadline.impatient``) holds for it too.
"""

from __future__ import annotations

import contextvars
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, overload

from django.conf import settings

_WORKERS_PER_LEVEL = 32
_LEVELS = 2
_lock = threading.Lock()
_pools: dict[int, ThreadPoolExecutor] = {}
_local = threading.local()


class _Slots:
    """Calls running in the pools, per level and per (level, identity). Never waited on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: Counter[tuple[int, str | None]] = Counter()

    def take(self, level: int, key: str, per_key: int) -> bool:
        with self._lock:
            if self._running[level, None] >= _WORKERS_PER_LEVEL:
                return False
            if self._running[level, key] >= per_key:
                return False
            self._running[level, None] += 1
            self._running[level, key] += 1
            return True

    def give(self, level: int, key: str) -> None:
        with self._lock:
            for slot in ((level, None), (level, key)):
                self._running[slot] -= 1
                if self._running[slot] <= 0:
                    del self._running[slot]

    def running(self, level: int, key: str | None = None) -> int:
        with self._lock:
            return self._running[level, key]


_slots = _Slots()


def _pool(level: int) -> ThreadPoolExecutor:
    with _lock:
        pool = _pools.get(level)
        if pool is None:
            pool = ThreadPoolExecutor(
                max_workers=_WORKERS_PER_LEVEL, thread_name_prefix=f"webwork-{level}"
            )
            _pools[level] = pool
        return pool


@overload
def gather[A](a: Callable[[], A], /, *, key: str | None = None) -> tuple[A]: ...
@overload
def gather[A, B](
    a: Callable[[], A], b: Callable[[], B], /, *, key: str | None = None
) -> tuple[A, B]: ...
@overload
def gather[A, B, C](
    a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], /, *, key: str | None = None
) -> tuple[A, B, C]: ...
@overload
def gather(*calls: Callable[[], Any], key: str | None = None) -> tuple[Any, ...]: ...
def gather(*calls: Callable[[], Any], key: str | None = None) -> tuple[Any, ...]:
    """Run ``calls`` concurrently; results in order. After all finish, the first error is raised.

    ``key`` is the identity the calls are made for; inside a gathered call it is inherited.
    """
    level = getattr(_local, "level", 0)
    owner = key or getattr(_local, "key", None) or f"thread:{threading.get_ident()}"
    if len(calls) <= 1 or level >= _LEVELS:
        return tuple(_run_inline(calls, level, owner))
    per_key = int(getattr(settings, "WEBWORK_CONCURRENCY_PER_IDENTITY", 8))
    futures: dict[int, Future[Any]] = {}
    # The calling thread takes the last call itself: it would only wait otherwise.
    for index, call in enumerate(calls[:-1]):
        if _slots.take(level, owner, per_key):
            context = contextvars.copy_context()
            futures[index] = _pool(level).submit(context.run, _task, call, level, owner)
    here = [(i, call) for i, call in enumerate(calls) if i not in futures]
    outcomes: dict[int, tuple[Any, BaseException | None]] = {}
    for index, call in here:
        outcomes[index] = _outcome(call, level, owner)
    wait(futures.values())
    for index, future in futures.items():
        error = future.exception()
        outcomes[index] = (None if error else future.result(), error)
    for index in range(len(calls)):
        error = outcomes[index][1]
        if error is not None:
            raise error
    return tuple(outcomes[index][0] for index in range(len(calls)))


def _task(call: Callable[[], Any], level: int, owner: str) -> Any:
    try:
        return _as(call, level + 1, owner)
    finally:
        _slots.give(level, owner)


def _as(call: Callable[[], Any], level: int, owner: str) -> Any:
    """``call()`` at nesting ``level`` on behalf of ``owner`` (what its own gathers inherit)."""
    before = getattr(_local, "level", 0), getattr(_local, "key", None)
    _local.level, _local.key = level, owner
    try:
        return call()
    finally:
        _local.level, _local.key = before


def _outcome(call: Callable[[], Any], level: int, owner: str) -> tuple[Any, BaseException | None]:
    try:
        return _as(call, level, owner), None
    except Exception as exc:
        return None, exc


def _run_inline(calls: tuple[Callable[[], Any], ...], level: int, owner: str) -> list[Any]:
    results: list[Any] = []
    first_error: BaseException | None = None
    for call in calls:
        value, error = _outcome(call, level, owner)
        first_error = first_error or error
        results.append(value)
    if first_error is not None:
        raise first_error
    return results
