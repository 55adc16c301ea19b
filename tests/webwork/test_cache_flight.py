"""Single flight: concurrent misses of one key share one upstream call, in a process (threads)
and between processes that share Redis (two flights' registries, as two processes hold)."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import redis

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkUnavailable
from dashboard.webwork.transport import flight as flight_module
from dashboard.webwork.transport.cache import ResponseCache
from dashboard.webwork.transport.flight import RedisFlights, flights_for
from tests.fakes import fail, ok
from tests.webwork.conftest import WORKSPACE

VIEWER = {"id": 31, "email": "v@x.test", "firstname": "V", "lastname": "X", "projects": []}
REDIS_URL = "redis://127.0.0.1:6379/2"


def eventually(condition: Callable[[], bool], what: str, seconds: float = 10) -> None:
    """Wait for ``condition`` (bounded): threads reach a point, never a sleep of a set length."""
    until = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < until, f"never happened: {what}"
        time.sleep(0.005)


class Held:
    """An upstream answer that waits until released; counts the requests that reached it."""

    def __init__(self, reply: Callable[[httpx.Request], httpx.Response]) -> None:
        self.reply = reply
        self.release = threading.Event()
        self.arrived = 0
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.arrived += 1
        assert self.release.wait(timeout=10)
        return self.reply(request)


def run_tabs(count: int, read: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """``read`` in ``count`` threads at once (tabs opened together); their results and errors."""
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def tab() -> None:
        try:
            value = read()
        except BaseException as exc:
            with lock:
                errors.append(exc)
        else:
            with lock:
                results.append(value)

    threads = [threading.Thread(target=tab) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    return results, errors


def release_when(held: Held, waiting: int) -> threading.Thread:
    """Release ``held`` once ``waiting`` readers wait for the first one's fetch."""

    def watch() -> None:
        eventually(lambda: flights_for().waiting() == waiting, f"{waiting} readers wait")
        held.release.set()

    thread = threading.Thread(target=watch)
    thread.start()
    return thread


@pytest.fixture
def tab(tokens, http, retry, budget) -> Callable[[], WebworkClient]:
    """A page's client of the same user: each tab builds its own, as each request does."""
    return lambda: WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)


def test_tabs_opened_at_once_share_one_upstream_call_per_list(tab, upstream):
    held = Held(ok([VIEWER]))
    upstream.route("GET", "/project-viewers", held)
    release = release_when(held, waiting=4)
    results, errors = run_tabs(5, lambda: tab().viewers.list())
    release.join()
    assert errors == []
    assert len(upstream.requests) == 1 and held.arrived == 1
    assert [len(page) for page in results] == [1] * 5
    assert len({page.fetched_at for page in results}) == 1  # one answer, seen by every tab


def test_the_first_readers_failure_is_every_waiting_readers(tab, upstream):
    held = Held(fail(503, "Maintenance"))
    upstream.route("GET", "/project-viewers", held)
    release = release_when(held, waiting=2)
    results, errors = run_tabs(3, lambda: tab().viewers.list())
    release.join()
    assert results == []
    assert [str(e) for e in errors] == ["Maintenance"] * 3
    assert all(isinstance(e, WebworkUnavailable) for e in errors)
    assert len({id(e) for e in errors}) == 3  # each raised its own copy
    assert len(upstream.requests) == 3  # the first reader's tries, nobody else's


def test_another_list_or_another_user_is_not_shared(tab, tokens, http, retry, budget, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    tab().viewers.list(email="a@x.test")
    tab().viewers.list(email="b@x.test")
    from dashboard.webwork.auth import StaticToken

    other = WebworkClient(StaticToken("t2", "webwork-user:2"), WORKSPACE, http=http, budget=budget)
    other.viewers.list(email="a@x.test")
    assert len(upstream.requests) == 3


def test_a_reader_that_has_waited_long_enough_fetches_for_itself():
    store = ResponseCache("webwork-user:1", WORKSPACE)
    first_in, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("slow")
        first_in.set()
        assert release.wait(timeout=10)
        return "slow answer"

    first = threading.Thread(target=lambda: store.get_or_fetch("viewers", {}, slow))
    first.start()
    assert first_in.wait(timeout=10)
    value = store.get_or_fetch("viewers", {}, lambda: calls.append("own") or "own answer", wait=0)
    release.set()
    first.join(timeout=10)
    assert value == "own answer" and calls == ["slow", "own"]


@pytest.fixture
def redis_cache(settings) -> Iterator[str]:
    """A Redis cache alias of its own (db 2, a fresh key prefix), as production has."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    prefix = f"test-flight-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    yield "shared"
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


def test_the_flights_of_a_redis_cache_are_shared_through_redis(redis_cache):
    assert isinstance(flights_for(redis_cache), RedisFlights)
    assert not isinstance(flights_for("default"), RedisFlights)


@pytest.fixture
def two_processes(redis_cache, monkeypatch) -> Callable[[], None]:
    """Each call makes the cache's flights a new registry on the same Redis: a new process."""

    def next_process() -> None:
        monkeypatch.setattr(flight_module, "_defaults", {})

    return next_process


def _waits_for_another_process(caplog: pytest.LogCaptureFixture) -> bool:
    return any("waiting for another process" in r.getMessage() for r in caplog.records)


def test_a_miss_in_another_process_waits_for_the_value_the_first_one_stores(
    redis_cache, two_processes, caplog
):
    caplog.set_level(logging.DEBUG, logger="dashboard.webwork.transport.flight")
    store = ResponseCache("webwork-user:1", WORKSPACE, redis_cache)
    first_in, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def fetch(name: str) -> Callable[[], str]:
        def run() -> str:
            calls.append(name)
            first_in.set()
            assert release.wait(timeout=10)
            return f"{name}'s answer"

        return run

    answers: dict[str, str] = {}
    two_processes()

    def read(name: str) -> None:
        answers[name] = store.get_or_fetch("v", {}, fetch(name))

    one = threading.Thread(target=read, args=("one",))
    one.start()
    assert first_in.wait(timeout=10)
    two_processes()
    other = threading.Thread(target=read, args=("two",))
    other.start()
    eventually(lambda: _waits_for_another_process(caplog), "the second process waits")
    release.set()
    one.join(timeout=10)
    other.join(timeout=10)
    assert calls == ["one"]
    assert answers == {"one": "one's answer", "two": "one's answer"}


def test_a_failure_in_another_process_is_raised_there_too(redis_cache, two_processes, caplog):
    caplog.set_level(logging.DEBUG, logger="dashboard.webwork.transport.flight")
    store = ResponseCache("webwork-user:1", WORKSPACE, redis_cache)
    first_in, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def failing() -> str:
        calls.append("one")
        first_in.set()
        assert release.wait(timeout=10)
        raise WebworkUnavailable("WebWork did not answer in time.")

    errors: list[BaseException] = []

    def read(fetch: Callable[[], str]) -> None:
        try:
            store.get_or_fetch("v", {}, fetch)
        except WebworkUnavailable as exc:
            errors.append(exc)

    two_processes()
    one = threading.Thread(target=read, args=(failing,))
    one.start()
    assert first_in.wait(timeout=10)
    two_processes()
    other = threading.Thread(target=read, args=(lambda: calls.append("two") or "two's answer",))
    other.start()
    eventually(lambda: _waits_for_another_process(caplog), "the second process waits")
    release.set()
    one.join(timeout=10)
    other.join(timeout=10)
    assert calls == ["one"]
    assert [str(e) for e in errors] == ["WebWork did not answer in time."] * 2


def test_without_redis_each_process_fetches_for_itself(settings, monkeypatch, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    monkeypatch.setattr(flight_module, "_defaults", {})
    store = ResponseCache("webwork-user:1", WORKSPACE, "down")
    assert store.get_or_fetch("v", {}, lambda: "answer") == "answer"
    assert "Redis unavailable" in caplog.text


def test_a_reader_that_missed_just_before_another_stored_the_value_does_not_fetch_again():
    store = ResponseCache("webwork-user:1", WORKSPACE)
    store.get_or_fetch("viewers", {}, lambda: "stored first")
    real = store._call
    entry_gets: list[str] = []

    def call(operation: str, *args: Any, default: Any = None) -> Any:
        found = real(operation, *args, default=default)
        if operation == "get_many" and not entry_gets:
            entry_gets.extend(key for key in args[0] if ":value:" in key)
            # this reader's first look missed: the value came just after
            return {key: value for key, value in found.items() if ":value:" not in key}
        return found

    store._call = call  # type: ignore[method-assign]
    fetched: list[str] = []
    assert store.get_or_fetch("viewers", {}, lambda: fetched.append("x") or "again") == (
        "stored first"
    )
    assert entry_gets and fetched == []


@pytest.fixture
def round_trips(monkeypatch) -> list[str]:
    """Every round trip to Redis from now on: a command's name, or a pipeline's commands."""
    trips: list[str] = []
    command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

    def one(self: redis.Redis, *args: Any, **options: Any) -> Any:
        trips.append(str(args[0]))
        return command(self, *args, **options)

    def several(self: redis.client.Pipeline, raise_on_error: bool = True) -> Any:
        trips.append(",".join(str(args[0]) for args, _ in self.command_stack))
        return pipeline(self, raise_on_error)

    monkeypatch.setattr(redis.Redis, "execute_command", one)
    monkeypatch.setattr(redis.client.Pipeline, "execute", several)
    return trips


def test_a_miss_costs_three_round_trips_and_never_reads_the_copy_it_does_not_need(
    redis_cache, round_trips
):
    from dashboard.webwork.transport.cache import StaleReads

    store = ResponseCache("webwork-user:1", WORKSPACE, redis_cache)
    store.get_or_fetch("v", {}, lambda: "first", stale=StaleReads())  # a copy is kept now
    store.invalidate("v")
    round_trips.clear()
    assert store.get_or_fetch("v", {}, lambda: "second", stale=StaleReads()) == "second"
    # the small values; the lock with "stored meanwhile?"; value, edition and copy with the
    # lock let go: the copy of "first" is not read, since WebWork answered
    assert round_trips == ["MGET", "SET,GET", "SET,SET,SET,SET,EVAL"]


def test_the_copy_is_read_when_webwork_fails_and_says_when_it_was_kept(redis_cache, round_trips):
    from dashboard.webwork.transport.cache import StaleReads

    store = ResponseCache("webwork-user:1", WORKSPACE, redis_cache)
    store.get_or_fetch("v", {}, lambda: "first", stale=StaleReads())
    store.invalidate("v")

    def down() -> str:
        raise WebworkUnavailable("WebWork did not answer in time.")

    stale = StaleReads()
    assert store.get_or_fetch("v", {}, down, stale=stale) == "first"
    [read] = stale.all()
    assert read.reason == "unavailable" and read.namespace == "v"


@pytest.fixture
def two_reads(tab, upstream, redis_cache, settings):
    """Viewers and projects, both answered, read through the Redis cache (as the default)."""
    settings.CACHES = {**settings.CACHES, "default": settings.CACHES[redis_cache]}
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    upstream.route("GET", "/projects", ok([]))
    return tab


def test_a_gathers_reads_look_the_cache_up_together_once(two_reads, upstream, round_trips):
    tab = two_reads
    client = tab()
    round_trips.clear()
    viewers, projects = client.gather(client.viewers.list, client.projects.list)
    assert (len(viewers), len(projects)) == (1, 0)
    # both reads looked up in one round trip; the workers that fetch them do not look again
    assert sum(1 for trip in round_trips if trip == "MGET") == 1
    round_trips.clear()
    again = tab()
    assert again.gather(again.viewers.list, again.projects.list) == (viewers, projects)
    assert round_trips == ["MGET"]  # warm: one round trip for the whole gather
    assert len(upstream.requests) == 2


def test_a_gathers_reads_in_namespaces_never_used_start_them_in_one_round_trip(
    two_reads, round_trips
):
    client = two_reads()
    round_trips.clear()
    client.gather(client.viewers.list, client.projects.list)
    # each read's namespace token and workspace generation, set if absent, then read back (the
    # locks are taken each with a SET and its GET: "SET,GET,SET,GET")
    starts = [trip for trip in round_trips if trip.startswith("SET,SET") and "GET" in trip]
    assert starts == ["SET,SET,SET,SET,GET,GET,GET,GET"]
