from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkRateLimited
from dashboard.webwork.transport import budget as budget_module
from dashboard.webwork.transport.budget import InProcessBudget, Rate, RedisBudget, default_budget
from tests.fakes import ok
from tests.webwork.conftest import WORKSPACE, FakeClock

REDIS_URL = "redis://127.0.0.1:6379/15"
RATE = Rate.per_minute(60)
KEY = "webwork-user:1"


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return client


@pytest.fixture
def redis_prefix() -> Iterator[tuple[redis.Redis, str]]:
    client = _redis_or_skip()
    prefix = f"test-webwork-budget:{uuid.uuid4().hex}:"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture(params=["in-process", "redis"])
def make_budget(request: Any, clock: FakeClock) -> Any:
    """Both implementations, on the same fake clock."""

    def build(rate: Rate = RATE, clock: Any = clock) -> Any:
        if request.param == "in-process":
            return InProcessBudget(rate, clock)
        client, prefix = request.getfixturevalue("redis_prefix")
        return RedisBudget(client, rate, prefix=prefix, clock=clock)

    return build


def test_the_documented_limit_gives_a_burst_of_ten_and_a_reserve_of_five():
    assert (RATE.limit, RATE.burst, RATE.reserve) == (60, 10, 5)
    assert RATE.interval == pytest.approx(61 / 50)


def test_it_admits_a_burst_then_paces(make_budget):
    budget = make_budget()
    assert [budget.acquire(KEY) for _ in range(10)] == [0] * 10
    assert budget.acquire(KEY) == pytest.approx(RATE.interval)
    assert budget.acquire(KEY) == pytest.approx(2 * RATE.interval)


def test_background_requests_leave_the_reserve_to_interactive_ones(make_budget):
    budget = make_budget()
    assert [budget.acquire(KEY, "background") for _ in range(5)] == [0] * 5
    assert budget.acquire(KEY, "background", max_wait=0) > 0
    assert [budget.acquire(KEY, "interactive") for _ in range(5)] == [0] * 5
    assert budget.acquire(KEY, "interactive", max_wait=0) > 0


def test_a_slot_beyond_max_wait_is_not_reserved(make_budget):
    budget = make_budget()
    for _ in range(10):
        budget.acquire(KEY)
    first = budget.acquire(KEY, max_wait=0)
    assert first == pytest.approx(RATE.interval)
    assert budget.acquire(KEY, max_wait=0) == pytest.approx(first)


def test_remaining_counts_the_slots_free_now(make_budget, clock):
    budget = make_budget()
    assert budget.remaining(KEY) == 10
    for _ in range(3):
        budget.acquire(KEY)
    assert budget.remaining(KEY) == 7
    clock.advance(RATE.interval)
    assert budget.remaining(KEY) == 8
    clock.advance(60)
    assert budget.remaining(KEY) == 10


def test_identities_have_budgets_of_their_own(make_budget):
    budget = make_budget()
    for _ in range(10):
        budget.acquire(KEY)
    assert budget.acquire("webwork-user:2") == 0


def test_hold_stops_everyone_for_the_retry_after(make_budget, clock):
    budget = make_budget()
    budget.hold(KEY, 20)
    assert budget.remaining(KEY) == 0
    assert budget.acquire(KEY, max_wait=0) == pytest.approx(20)
    clock.advance(20)
    assert budget.acquire(KEY) == 0


class _ThreadClock:
    """Remembers, per thread, the time the budget last read (the moment of each acquire)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.local = threading.local()

    def __call__(self) -> float:
        self.local.now = self.clock()
        return self.local.now


def _busy_workers(
    budget: Any, clock: FakeClock, recorder: _ThreadClock, *, mixed: bool = True
) -> list[float]:
    """Eight threads asking for slots as fast as they can; ``mixed``: of both priorities, some
    willing to wait and some not; otherwise all interactive and patient (a saturating load)."""
    sends: list[float] = []
    lock = threading.Lock()

    start = threading.Barrier(8)

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        for _ in range(60):
            time.sleep(0)  # let the threads interleave
            priority = rng.choice(["interactive", "background"]) if mixed else "interactive"
            max_wait = rng.choice([0.0, 3.0, None, None]) if mixed else None
            wait = budget.acquire(KEY, priority, max_wait)
            if max_wait is None or wait <= max_wait:
                with lock:
                    sends.append(recorder.local.now + wait)
            clock.advance(rng.uniform(0, 0.2))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(sends)


def _busiest_window(sends: list[float], seconds: float = 60.0) -> int:
    busiest, start = 0, 0
    for end, moment in enumerate(sends):
        while moment - sends[start] >= seconds:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


def test_no_60_second_window_ever_holds_more_than_the_limit(make_budget, clock):
    recorder = _ThreadClock(clock)
    budget = make_budget(clock=recorder)
    sends = _busy_workers(budget, clock, recorder)
    assert len(sends) > 200
    busiest = _busiest_window(sends)
    assert busiest <= RATE.limit
    assert busiest >= RATE.limit - RATE.burst  # and the budget is actually used, not wasted


def test_a_saturating_load_fills_a_window_up_to_the_limit_and_no_further(make_budget, clock):
    recorder = _ThreadClock(clock)
    budget = make_budget(clock=recorder)
    sends = _busy_workers(budget, clock, recorder, mixed=False)
    assert len(sends) == 480
    assert RATE.limit - 2 <= _busiest_window(sends) <= RATE.limit


def test_the_redis_budget_is_chosen_when_the_cache_is_redis(settings, monkeypatch):
    _redis_or_skip()
    monkeypatch.setattr(budget_module, "_defaults", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    budget = default_budget()
    assert isinstance(budget, RedisBudget)
    key = f"choose-{uuid.uuid4().hex}"
    assert budget.acquire(key) == 0  # the Redis server's own clock
    assert budget.remaining(key) == RATE.burst - 1


def test_the_in_process_budget_is_chosen_otherwise(settings, monkeypatch):
    monkeypatch.setattr(budget_module, "_defaults", {})
    settings.WEBWORK_RATE_PER_MINUTE = 30
    budget = default_budget()
    assert isinstance(budget, InProcessBudget)
    assert budget.rate == Rate.per_minute(30)
    assert budget_module.remaining("nobody") == budget.rate.burst


def test_the_redis_budget_paces_in_process_when_redis_is_down(clock, caplog):
    client = redis.Redis(host="127.0.0.1", port=1, retry=Retry(NoBackoff(), 0))
    budget = RedisBudget(client, RATE, clock=clock)
    assert [budget.acquire(KEY) for _ in range(10)] == [0] * 10
    assert budget.acquire(KEY) == pytest.approx(RATE.interval)
    assert budget.remaining(KEY) == 0
    assert caplog.text.count("Redis unavailable") == 1  # then it stops asking for a while


@pytest.fixture
def paced(tokens, http, retry, sleeps, clock) -> WebworkClient:
    """A client on the documented budget whose sleeps move the fake clock."""

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)

    budget = InProcessBudget(RATE, clock)
    return WebworkClient(
        tokens, WORKSPACE, http=http, retry=replace(retry, sleep=sleep), budget=budget
    )


def test_the_client_sleeps_until_its_slot(paced, upstream, sleeps):
    upstream.route("GET", "/projects/1", ok({"id": 1, "name": "P"}))
    for _ in range(12):
        paced.projects.get(1)
    assert sleeps == [pytest.approx(RATE.interval)] * 2
    assert paced.remaining() == 0


def test_an_interactive_request_raises_rather_than_wait_long(tokens, http, retry, clock, upstream):
    budget = InProcessBudget(RATE, clock)
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    upstream.route("GET", "/projects/1", ok({"id": 1, "name": "P"}))
    for _ in range(12):
        client.projects.get(1)  # the fake clock stands still: the backlog grows
    with pytest.raises(WebworkRateLimited) as caught:
        client.projects.get(1)
    assert caught.value.retry_after == pytest.approx(3 * RATE.interval)
    assert len(upstream.requests) == 12
    assert len(client.background().projects.get(1).name) == 1  # a job may wait longer
