from __future__ import annotations

import math
import random
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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

REDIS_URL = "redis://127.0.0.1:6379/2"
RATE = Rate.per_minute(60)
KEY = "webwork-user:1"
ROOM = RATE.capacity  # calls a rested identity may send at once


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


def test_the_documented_limit_leaves_one_call_and_half_a_second_of_slack_and_reserves_five():
    assert (RATE.limit, RATE.capacity, RATE.reserve, RATE.span) == (60, 59, 5, 60.5)
    assert RATE.interval == pytest.approx(60.5 / 59)  # a long job's pace: 58.5 a minute
    assert 60 / RATE.interval >= 0.95 * RATE.limit


def test_interactive_calls_go_at_once_while_the_window_has_room(make_budget, clock):
    budget = make_budget()
    assert [budget.acquire(KEY) for _ in range(ROOM)] == [0] * ROOM
    assert budget.acquire(KEY) == pytest.approx(RATE.span)  # until the first call leaves
    clock.advance(RATE.span)
    assert budget.acquire(KEY) == 0


def test_each_call_leaves_the_window_on_its_own(make_budget, clock):
    budget = make_budget()
    for _ in range(ROOM - 1):
        assert budget.acquire(KEY) == 0
    clock.advance(30)
    assert budget.acquire(KEY) == 0  # the last of the window
    assert budget.acquire(KEY) == pytest.approx(RATE.span - 30)
    clock.advance(RATE.span - 30)
    assert [budget.acquire(KEY) for _ in range(ROOM - 1)] == [0] * (ROOM - 1)
    assert budget.acquire(KEY) == pytest.approx(30)  # the one sent 30 s later leaves later


def test_background_requests_leave_the_reserve_to_pages_while_someone_browses(make_budget):
    budget = make_budget()
    assert [budget.acquire(KEY) for _ in range(ROOM - RATE.reserve)] == [0] * 54
    assert budget.acquire(KEY, "background") == pytest.approx(RATE.span)
    assert [budget.acquire(KEY) for _ in range(RATE.reserve)] == [0] * 5
    assert budget.acquire(KEY) == pytest.approx(RATE.span)


def test_background_requests_use_the_whole_window_when_nobody_browses(make_budget, clock):
    budget = make_budget()
    for _ in range(ROOM - RATE.reserve):
        budget.acquire(KEY)
    clock.advance(RATE.browsing)  # the last page was that long ago
    for _ in range(RATE.reserve):
        assert budget.acquire(KEY, "background") == 0
        clock.advance(RATE.interval)
    left = RATE.span - RATE.browsing - RATE.reserve * RATE.interval
    assert budget.acquire(KEY, "background") == pytest.approx(left)


def test_background_requests_are_spread_over_the_window(make_budget, clock):
    budget = make_budget()
    burst = RATE.background_burst
    for _ in range(burst):  # a few calls that belong together go at once
        assert budget.acquire(KEY, "background") == 0
    half = RATE.interval / 2
    assert budget.acquire(KEY, "background") == pytest.approx(half, abs=1e-5)  # then the schedule
    assert budget.acquire(KEY, "interactive") == 0  # pages are not spread
    clock.advance(half)
    assert budget.acquire(KEY, "background") == 0
    assert budget.acquire(KEY, "background") == pytest.approx(RATE.interval, abs=1e-5)
    clock.advance(RATE.interval + 0.2)  # a call a little late...
    assert budget.acquire(KEY, "background") == 0
    assert budget.acquire(KEY, "background") == pytest.approx(
        RATE.interval - 0.2, abs=1e-5
    )  # catches up
    assert budget.remaining(KEY) == ROOM - burst - 3


def test_a_unit_of_background_calls_started_again_after_each_wait_gets_through(make_budget, clock):
    """A job that reads an item, names it and sends its decision, and starts the item again
    when a call must wait (waiting until a whole burst fits, as bulk jobs do), is not refused
    its later calls forever."""
    budget = make_budget()
    done, start = 0, clock()
    while done < 30 and clock() - start < 300:
        for _ in range(3):
            wait = budget.acquire(KEY, "background")
            if wait:
                clock.advance(wait + RATE.background_tolerance)
                break
        else:
            done += 1
    assert done == 30
    # and at about the sustained pace: three calls an item, an interval each
    assert clock() - start <= 30 * 3 * RATE.interval * 1.1


def test_a_call_that_must_wait_takes_nothing(make_budget, clock):
    budget = make_budget()
    for _ in range(ROOM):
        budget.acquire(KEY)
    first = budget.acquire(KEY, max_wait=0)
    assert first == pytest.approx(RATE.span)
    assert budget.acquire(KEY) == pytest.approx(first)  # asking again did not queue anything
    assert budget.remaining(KEY) == 0
    clock.advance(first)
    assert budget.remaining(KEY) == ROOM
    assert budget.acquire(KEY) == 0


def test_remaining_counts_the_slots_free_now(make_budget, clock):
    budget = make_budget()
    assert budget.remaining(KEY) == ROOM
    for _ in range(3):
        budget.acquire(KEY)
    assert budget.remaining(KEY) == ROOM - 3
    clock.advance(10)
    budget.acquire(KEY)
    assert budget.remaining(KEY) == ROOM - 4
    clock.advance(RATE.span - 10)
    assert budget.remaining(KEY) == ROOM - 1  # the three have left, the fourth has not
    clock.advance(60)
    assert budget.remaining(KEY) == ROOM


def test_identities_have_budgets_of_their_own(make_budget):
    budget = make_budget()
    for _ in range(ROOM):
        budget.acquire(KEY)
    assert budget.acquire("webwork-user:2") == 0
    assert budget.remaining("webwork-user:2") == ROOM - 1


def test_hold_stops_everyone_for_the_retry_after(make_budget, clock):
    budget = make_budget()
    budget.hold(KEY, 20)
    assert budget.remaining(KEY) == 0
    assert budget.acquire(KEY, max_wait=0) == pytest.approx(20)
    assert budget.acquire(KEY, "background") == pytest.approx(20)
    clock.advance(20)
    assert budget.acquire(KEY) == 0
    assert budget.remaining(KEY) == ROOM - 1


def test_a_hold_is_believed_only_up_to_the_cap_and_never_shortened(make_budget, clock):
    budget = make_budget()
    budget.hold(KEY, 999_999_999)
    assert budget.acquire(KEY) == pytest.approx(120)
    budget.hold(KEY, 5)  # a shorter hold later does not end the longer one
    assert budget.acquire(KEY) == pytest.approx(120)


def test_redis_keys_expire_with_the_window_or_the_hold(redis_prefix, clock):
    client, prefix = redis_prefix
    budget = RedisBudget(client, RATE, prefix=prefix)  # the Redis server's clock
    budget.acquire(KEY)
    assert 0 < client.pttl(prefix + KEY) <= (RATE.span + 1) * 1000
    budget.hold("held", 999_999_999)
    assert 0 < client.pttl(prefix + "held") <= (120 + 1) * 1000


class _Moment:
    """The fake clock as the budget reads it: it stands still while any budget call is under
    way (as the Redis server's clock does within a script), and remembers, per thread, the time
    of that thread's last call. Workers move it on between calls."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.local = threading.local()
        self._changed = threading.Condition()
        self._inside = 0

    def __call__(self) -> float:
        self.local.now = self.clock()
        return self.local.now

    @contextmanager
    def still(self) -> Iterator[None]:
        with self._changed:
            self._inside += 1
        try:
            yield
        finally:
            with self._changed:
                self._inside -= 1
                self._changed.notify_all()

    def advance_to(self, moment: float) -> None:
        """Move on to ``moment``, in whole microseconds: what the Redis server's clock tells."""
        with self._changed:
            self._changed.wait_for(lambda: self._inside == 0)
            _to_the_microsecond(self.clock, moment)


def _busy_workers(budget: Any, moment: _Moment, *, mixed: bool = True) -> list[float]:
    """Eight threads asking for slots as fast as they can; ``mixed``: of both priorities, some
    giving up when told to wait and some sleeping (moving the clock on) and asking again;
    otherwise all interactive and patient (a saturating load). Answers when each call went."""
    sends: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        for _ in range(60):
            time.sleep(0)  # let the threads interleave
            priority = rng.choice(["interactive", "background"]) if mixed else "interactive"
            patient = rng.choice([False, True, True]) if mixed else True
            while True:
                with moment.still():
                    wait = budget.acquire(KEY, priority)
                if wait == 0:
                    with lock:
                        sends.append(moment.local.now)
                if wait == 0 or not patient:
                    break
                moment.advance_to(moment.local.now + wait)
            moment.advance_to(moment.clock() + rng.uniform(0, 0.2))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(sends)


def _busiest_window(sends: list[float], seconds: float) -> int:
    busiest, start = 0, 0
    for end, moment in enumerate(sends):
        while moment - sends[start] >= seconds:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


def _as_webwork_counts(sends: list[float], seed: int = 1) -> int:
    """The busiest 60 s as WebWork counts them, each call arriving up to the slack late."""
    rng = random.Random(seed)
    arrivals = sorted(moment + rng.uniform(0, RATE.slack) for moment in sends)
    return _busiest_window(arrivals, RATE.window)


def test_no_window_ever_holds_more_than_the_capacity(make_budget, clock):
    moment = _Moment(clock)
    sends = _busy_workers(make_budget(clock=moment), moment)
    assert len(sends) > 200
    busiest = _busiest_window(sends, RATE.span)
    assert busiest <= RATE.capacity
    assert _as_webwork_counts(sends) <= RATE.capacity  # WebWork never sees more than 59
    assert busiest >= RATE.capacity - RATE.reserve  # and the budget is actually used


def test_a_saturating_load_fills_a_window_up_to_the_capacity_and_no_further(make_budget, clock):
    moment = _Moment(clock)
    sends = _busy_workers(make_budget(clock=moment), moment, mixed=False)
    assert len(sends) == 480
    assert _busiest_window(sends, RATE.span) == RATE.capacity
    assert _as_webwork_counts(sends) <= RATE.capacity


def _job(
    budget: Any, clock: FakeClock, items: int, page_every: float | None = None
) -> tuple[list[float], list[float]]:
    """A bulk job sending ``items`` calls one after another (each taking 50 ms, sleeping when
    told to wait); with ``page_every``, a person opens a page of two calls that often. Answers
    when the job's calls went and how long each page call was told to wait."""
    job: list[float] = []
    page_waits: list[float] = []
    next_page = clock() if page_every else float("inf")
    while len(job) < items:
        if page_every and clock() >= next_page:
            page_waits += [budget.acquire(KEY, "interactive") for _ in range(2)]
            next_page += page_every
        wait = budget.acquire(KEY, "background")
        if wait > 0:
            _to_the_microsecond(clock, min(clock() + wait, next_page))
            continue
        job.append(clock())
        _to_the_microsecond(clock, clock() + 0.05)
    return job, page_waits


def _to_the_microsecond(clock: FakeClock, moment: float) -> None:
    """Move on to ``moment``, in whole microseconds: what the Redis server's clock tells."""
    clock.advance_to(math.ceil(round(moment * 1e6, 3)) / 1e6)


def _per_minute(sends: list[float]) -> float:
    """Calls a minute, from the first to the last."""
    return (len(sends) - 1) / (sends[-1] - sends[0]) * 60


def test_a_bulk_job_alone_runs_at_95_percent_of_the_limit(make_budget, clock):
    budget = make_budget()
    job, _ = _job(budget, clock, items=600)
    assert _per_minute(job) >= 0.95 * RATE.limit
    assert RATE.capacity - 1 <= _busiest_window(job, RATE.span) <= RATE.capacity


def test_pages_never_wait_for_a_bulk_job(make_budget, clock):
    budget = make_budget()
    job, page_waits = _job(budget, clock, items=300, page_every=10)
    assert len(page_waits) > 40 and set(page_waits) == {0}
    assert _per_minute(job) + 2 * 6 >= 0.85 * RATE.limit  # the reserve, and no more, is lost
    assert _busiest_window(sorted(job), RATE.span) <= RATE.capacity


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
    assert budget.remaining(key) == ROOM - 1


def test_the_in_process_budget_is_chosen_otherwise(settings, monkeypatch):
    monkeypatch.setattr(budget_module, "_defaults", {})
    settings.WEBWORK_RATE_PER_MINUTE = 30
    budget = default_budget()
    assert isinstance(budget, InProcessBudget)
    assert budget.rate == Rate.per_minute(30)
    assert budget_module.remaining("nobody") == budget.rate.capacity == 29


def test_the_redis_budget_paces_in_process_when_redis_is_down(clock, caplog):
    client = redis.Redis(host="127.0.0.1", port=1, retry=Retry(NoBackoff(), 0))
    budget = RedisBudget(client, RATE, clock=clock)
    assert [budget.acquire(KEY) for _ in range(ROOM)] == [0] * ROOM
    assert budget.acquire(KEY) == pytest.approx(RATE.span)
    assert budget.remaining(KEY) == 0
    assert caplog.text.count("Redis unavailable") == 1  # then it stops asking for a while


@pytest.fixture
def paced(tokens, http, retry, clock) -> WebworkClient:
    """A client on the documented budget whose sleeps move the fake clock."""
    budget = InProcessBudget(RATE, clock)
    return WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)


def test_the_client_sends_at_once_while_the_window_has_room(paced, upstream, sleeps):
    upstream.route("GET", "/projects/1", ok({"id": 1, "name": "P"}))
    for _ in range(ROOM):
        paced.projects.get(1)
    assert sleeps == []
    assert paced.remaining() == 0


def test_the_client_sleeps_until_a_slot_is_free(paced, upstream, sleeps, clock):
    upstream.route("GET", "/projects/1", ok({"id": 1, "name": "P"}))
    for _ in range(ROOM):
        paced.projects.get(1)
    clock.advance(RATE.span - 1.5)
    paced.projects.get(1)
    assert sleeps == [pytest.approx(1.5)]
    assert len(upstream.requests) == ROOM + 1


def test_an_interactive_request_raises_rather_than_wait_long(
    tokens, http, retry, clock, upstream, sleeps
):
    budget = InProcessBudget(RATE, clock)
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    upstream.route("GET", "/projects/1", ok({"id": 1, "name": "P"}))
    for _ in range(ROOM):
        client.projects.get(1)  # the fake clock stands still: the window fills
    clock.advance(RATE.browsing + 10)
    with pytest.raises(WebworkRateLimited) as caught:
        client.projects.get(1)
    assert caught.value.retry_after == pytest.approx(RATE.span - RATE.browsing - 10)
    assert len(upstream.requests) == ROOM and sleeps == []
    job = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget, for_page=False)
    assert job.background().projects.get(1).name == "P"  # a job may wait longer
    assert sleeps == [pytest.approx(RATE.span - RATE.browsing - 10)]


def test_a_waiting_request_asks_again_and_waits_no_longer_than_it_may(
    tokens, http, retry, clock, upstream, sleeps
):
    """Someone else takes each slot that frees while it sleeps: it gives up within its limit."""
    budget = InProcessBudget(RATE, clock)

    class Crowded:
        rate = RATE

        def acquire(self, key: str, priority: Any = "interactive", max_wait: Any = None) -> float:
            return 1.0  # always taken by someone just before

        def remaining(self, key: str) -> int:
            return 0

        def hold(self, key: str, seconds: float) -> None:
            budget.hold(key, seconds)

    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=Crowded())
    with pytest.raises(WebworkRateLimited):
        client.projects.get(1)
    assert sleeps == [1.0, 1.0, 1.0]  # the interactive limit: 3 s in all
    assert upstream.requests == []
    assert replace(retry).max_interactive_wait == 3.0
