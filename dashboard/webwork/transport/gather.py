"""Run independent upstream calls concurrently on shared thread pools.

Threads, not asyncio: pages are rendered by sync views, and the browser tests run Playwright's
sync API in the same process, which keeps an event loop running (``asyncio.run`` would fail).

Calls may gather in turn (a report gathers its 31-day chunks, each chunk its pages). To rule out
the classic deadlock of a pool whose workers all wait on work queued behind them, each nesting
level has its own pool, and a third level runs inline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, overload

_WORKERS_PER_LEVEL = 16
_LEVELS = 2
_lock = threading.Lock()
_pools: dict[int, ThreadPoolExecutor] = {}
_local = threading.local()


def _enter_level(level: int) -> None:
    _local.level = level


def _pool(level: int) -> ThreadPoolExecutor:
    with _lock:
        pool = _pools.get(level)
        if pool is None:
            pool = ThreadPoolExecutor(
                max_workers=_WORKERS_PER_LEVEL,
                thread_name_prefix=f"webwork-{level}",
                initializer=_enter_level,
                initargs=(level + 1,),
            )
            _pools[level] = pool
        return pool


@overload
def gather[A](a: Callable[[], A], /) -> tuple[A]: ...
@overload
def gather[A, B](a: Callable[[], A], b: Callable[[], B], /) -> tuple[A, B]: ...
@overload
def gather[A, B, C](
    a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], /
) -> tuple[A, B, C]: ...
@overload
def gather[A, B, C, D](
    a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], d: Callable[[], D], /
) -> tuple[A, B, C, D]: ...
@overload
def gather(*calls: Callable[[], Any]) -> tuple[Any, ...]: ...
def gather(*calls: Callable[[], Any]) -> tuple[Any, ...]:
    """Run ``calls`` concurrently; results in order. After all finish, the first error is raised."""
    level = getattr(_local, "level", 0)
    if len(calls) <= 1 or level >= _LEVELS:
        return tuple(_run_inline(calls))
    pool = _pool(level)
    futures: list[Future[Any]] = [pool.submit(call) for call in calls]
    wait(futures)
    for future in futures:
        error = future.exception()
        if error is not None:
            raise error
    return tuple(future.result() for future in futures)


def _run_inline(calls: tuple[Callable[[], Any], ...]) -> list[Any]:
    results: list[Any] = []
    first_error: BaseException | None = None
    for call in calls:
        try:
            results.append(call())
        except Exception as exc:
            first_error = first_error or exc
            results.append(None)
    if first_error is not None:
        raise first_error
    return results
