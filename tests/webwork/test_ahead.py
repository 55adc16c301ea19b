"""A gather's misses take their flights' locks and budget slots ahead, in one round trip, and
nothing taken ahead outlives the gather: on a real Redis, as production runs it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.transport import ahead
from dashboard.webwork.transport.ahead import stop_ahead, taking_ahead, used_ahead
from dashboard.webwork.transport.budget import RedisBudget
from dashboard.webwork.transport.flight import KEY_PREFIX, Miss, flights_for
from tests.fakes import ok
from tests.webwork.conftest import WORKSPACE
from tests.webwork.test_cache_flight import VIEWER, redis_cache, round_trips  # noqa: F401

KEY = "webwork-user:1"


@pytest.fixture
def shared(redis_cache, settings) -> str:  # noqa: F811
    """The Redis cache as the default one, as production has it."""
    settings.CACHES = {**settings.CACHES, "default": settings.CACHES[redis_cache]}
    return "default"


@pytest.fixture
def redis_budget(shared) -> RedisBudget:
    """The budget on the cache's Redis, as ``default_budget`` makes it there."""
    return RedisBudget.from_django_cache(shared)


@pytest.fixture
def page(tokens, http, retry, redis_budget) -> Callable[[], WebworkClient]:
    return lambda: WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=redis_budget)


@pytest.fixture
def two_lists(upstream) -> None:
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    upstream.route("GET", "/projects", ok([]))


def _calls_counted(budget: RedisBudget) -> int:
    return budget.rate.capacity - budget.remaining(KEY)


def test_a_gathers_misses_take_their_locks_and_slots_in_one_round_trip(
    page,
    two_lists,
    upstream,
    redis_budget,
    round_trips,  # noqa: F811
):
    client = page()
    round_trips.clear()
    client.gather(client.viewers.list, client.projects.list)
    assert len(upstream.requests) == 2
    taken = [trip for trip in round_trips if "EVALSHA" in trip]
    # each lock with its "stored meanwhile?" look, then a slot for each read
    assert taken == ["SET,GET,SET,GET,EVALSHA,EVALSHA"]
    assert "SET,GET" not in round_trips  # no read took a lock of its own
    assert _calls_counted(redis_budget) == 2  # one slot per request sent, none left over


def test_nothing_taken_ahead_outlives_the_gather(shared, redis_budget):
    flights = flights_for(shared)
    locks = [f"ahead-test:{uuid.uuid4().hex}" for _ in range(2)]
    misses = [Miss(shared, key, None) for key in locks]
    with taking_ahead(misses, redis_budget, KEY, "interactive"):
        assert _calls_counted(redis_budget) == 2
        assert all(flights.client.get(_lock_key(shared, key)) for key in locks)
        assert used_ahead(redis_budget, KEY, "interactive")  # one request went on its slot
    # no read led the flights and one slot was not used: let go of and given back
    assert not any(flights.client.get(_lock_key(shared, key)) for key in locks)
    assert _calls_counted(redis_budget) == 1


def test_a_flight_another_process_leads_gives_its_slot_back_at_once(shared, redis_budget):
    flights = flights_for(shared)
    held, free = f"ahead-test:{uuid.uuid4().hex}", f"ahead-test:{uuid.uuid4().hex}"
    flights.client.set(_lock_key(shared, held), "another-process", px=10_000)
    misses = [Miss(shared, held, None), Miss(shared, free, None)]
    with taking_ahead(misses, redis_budget, KEY, "interactive"):
        assert _calls_counted(redis_budget) == 1  # only the flight this process leads
        assert used_ahead(redis_budget, KEY, "interactive")
        assert not used_ahead(redis_budget, KEY, "interactive")
    assert flights.client.get(_lock_key(shared, held)) == b"another-process"  # not ours


def test_a_slot_goes_to_its_own_identity_and_priority_only(shared, redis_budget):
    misses = [Miss(shared, f"ahead-test:{uuid.uuid4().hex}", None)]
    with taking_ahead(misses, redis_budget, KEY, "interactive"):
        assert not used_ahead(redis_budget, "webwork-user:2", "interactive")
        assert not used_ahead(redis_budget, KEY, "background")
        assert used_ahead(redis_budget, KEY, "interactive")
    assert not used_ahead(redis_budget, KEY, "interactive")  # outside the gather: none


def test_after_a_429_or_a_while_no_request_goes_on_a_slot_taken_before(
    shared, redis_budget, monkeypatch
):
    misses = [Miss(shared, f"ahead-test:{uuid.uuid4().hex}", None) for _ in range(2)]
    with taking_ahead(misses, redis_budget, KEY, "interactive"):
        stop_ahead()
        assert not used_ahead(redis_budget, KEY, "interactive")
    assert _calls_counted(redis_budget) == 0  # given back, never sent
    with taking_ahead(misses, redis_budget, KEY, "interactive"):
        later = time.monotonic() + ahead.FRESH_SECONDS + 1
        monkeypatch.setattr(ahead.time, "monotonic", lambda: later)
        assert not used_ahead(redis_budget, KEY, "interactive")  # WebWork would count it later


def test_without_redis_nothing_is_taken_ahead(budget):
    with taking_ahead([Miss("default", "k", None)], budget, KEY, "interactive"):
        assert not used_ahead(budget, KEY, "interactive")


def _lock_key(alias: str, key: str) -> str:
    from django.core.cache import caches

    return f"{caches[alias].make_key(KEY_PREFIX)}:{key}"
