from __future__ import annotations

import threading
import time

import pytest

from dashboard.webwork.transport.gather import gather


def test_it_returns_results_in_the_order_of_the_calls():
    def slow(value: int, delay: float) -> int:
        time.sleep(delay)
        return value

    assert gather(lambda: slow(1, 0.03), lambda: slow(2, 0.0), lambda: slow(3, 0.01)) == (1, 2, 3)


def test_it_runs_the_calls_at_the_same_time():
    barrier = threading.Barrier(4, timeout=5)
    assert gather(*[barrier.wait] * 4) is not None


def test_it_raises_the_first_error_once_every_call_has_finished():
    finished = threading.Event()

    def first() -> None:
        raise KeyError("first")

    def second() -> None:
        raise ValueError("second")

    def last() -> None:
        time.sleep(0.02)
        finished.set()

    with pytest.raises(KeyError):
        gather(first, second, last)
    assert finished.is_set()


def test_nested_gathers_never_deadlock_even_with_every_worker_busy():
    def inner(n: int) -> int:
        return sum(gather(*[lambda: 1] * 20)) + n

    def outer(n: int) -> int:
        return sum(gather(*[lambda n=n: inner(n)] * 20))

    results = gather(*[lambda n=n: outer(n) for n in range(40)])
    assert results == tuple(20 * (20 + n) for n in range(40))


def test_a_single_call_runs_in_the_callers_thread():
    assert gather(threading.get_ident) == (threading.get_ident(),)
