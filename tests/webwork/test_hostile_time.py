"""A WebWork that is slow on purpose: one deadline per page, no retried timeouts in a page, and
one account's slow WebWork never holds up another's. Time is a fake clock unless a real socket
matters; then the bound asserted is generous (seconds against a minute of trickling)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import httpx
import pytest

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkRateLimited, WebworkUnavailable
from dashboard.webwork.transport.budget import InProcessBudget, Rate
from dashboard.webwork.transport.http import build_http
from tests import hostile_server
from tests.fakes import FakeUpstream, ok, pages
from tests.webwork.conftest import BASE_URL, WORKSPACE, FakeClock

PROJECT = {"id": 1, "name": "P"}


@pytest.fixture
def deadlines(settings: Any) -> Any:
    settings.WEBWORK_PAGE_DEADLINE = 12.0
    settings.WEBWORK_TIMEOUT = 10.0
    return settings


@pytest.fixture
def timed(retry, clock: FakeClock) -> Any:
    """The retry policy on the fake clock: sleeping advances it (the ``retry`` fixture's)."""
    return replace(retry, clock=clock)


def client(tokens, http, timed, budget, **extra: Any) -> WebworkClient:
    return WebworkClient(tokens, WORKSPACE, http=http, retry=timed, budget=budget, **extra)


class Dripping(httpx.SyncByteStream):
    """A body that arrives a byte per (fake) second, for ever; counts what it gave."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"success": true, "data": ['
        while self.sent < 10_000:
            self.clock.advance(1.0)
            self.sent += 1
            yield b" "


def test_a_trickling_body_ends_at_the_pages_deadline(
    tokens, http, timed, budget, upstream, clock, deadlines
):
    page = client(tokens, http, timed, budget)
    drip = Dripping(clock)
    upstream.route("GET", "/projects", lambda request: httpx.Response(200, stream=drip))
    with pytest.raises(WebworkUnavailable, match="did not answer in time"):
        page.projects.list()
    assert drip.sent <= 11  # one try of at most WEBWORK_TIMEOUT, never retried in a page
    assert len(upstream.requests) == 1
    assert page._api.session.deadline.spent() <= 12


def test_slow_headers_are_a_timeout_once_the_answer_comes_too_late(
    tokens, http, timed, budget, upstream, clock, deadlines
):
    page = client(tokens, http, timed, budget)

    def late(request: httpx.Request) -> httpx.Response:
        clock.advance(11)
        return ok(PROJECT)(request)

    upstream.route("GET", "/projects/1", late)
    with pytest.raises(WebworkUnavailable, match="did not answer in time"):
        page.projects.get(1)
    assert len(upstream.requests) == 1


def test_a_page_never_repeats_a_read_that_timed_out(tokens, http, timed, budget, upstream):
    page = client(tokens, http, timed, budget)
    upstream.route("GET", "/projects/1", httpx.ReadTimeout("slow"), ok(PROJECT))
    with pytest.raises(WebworkUnavailable, match="did not answer in time"):
        page.projects.get(1)
    assert len(upstream.requests) == 1


def test_a_job_tries_again_and_each_try_is_bounded(
    tokens, http, timed, budget, upstream, clock, deadlines
):
    job = client(tokens, http, timed, budget, for_page=False)
    drips = [Dripping(clock) for _ in range(3)]
    answers = [lambda r, d=d: httpx.Response(200, stream=d) for d in drips]
    upstream.route("GET", "/projects", *answers)
    with pytest.raises(WebworkUnavailable, match="did not answer in time"):
        job.background().projects.list()
    assert [d.sent <= 11 for d in drips] == [True, True, True]
    assert len(upstream.requests) == 3


def test_the_deadline_is_shared_by_every_call_of_the_page(
    tokens, http, timed, budget, upstream, clock, deadlines
):
    page = client(tokens, http, timed, budget)
    upstream.route("GET", "/projects/1", ok(PROJECT))
    assert page.fresh().projects.get(1).id == 1
    clock.advance(12)
    with pytest.raises(WebworkUnavailable, match="did not answer in time"):
        page.background().projects.get(1)
    assert len(upstream.requests) == 1  # the late call was not even sent


def test_a_page_never_waits_for_the_budget_past_its_deadline(
    tokens, http, timed, clock, upstream, deadlines, sleeps
):
    budget = InProcessBudget(Rate(limit=60, reserve=5), clock)
    page = client(tokens, http, timed, budget)
    budget.hold(page.budget_key, 20)  # a background request would wait up to 30 s for it
    upstream.route("GET", "/projects/1", ok(PROJECT))
    with pytest.raises(WebworkRateLimited):
        page.background().projects.get(1)
    assert sleeps == [] and upstream.requests == []


def test_a_page_does_not_back_off_past_its_deadline(
    tokens, http, timed, budget, upstream, clock, deadlines, sleeps
):
    page = client(tokens, http, timed, budget)
    clock.advance(11.9)
    upstream.route("GET", "/projects/1", httpx.ConnectError("refused"), ok(PROJECT))
    with pytest.raises(WebworkUnavailable, match="could not be reached"):
        page.projects.get(1)
    assert sleeps == []


@pytest.fixture(scope="module")
def hostile() -> Iterator[hostile_server.Running]:
    with hostile_server.running() as server:
        yield server


@pytest.mark.parametrize("mode", ["trickle-body", "trickle-headers", "silent"])
def test_on_a_real_socket_a_slow_answer_ends_at_the_deadline(hostile, tokens, settings, mode):
    settings.WEBWORK_PAGE_DEADLINE = 0.6
    settings.WEBWORK_TIMEOUT = 0.4
    api = hostile.api(mode)
    http = build_http(base_url=api)
    page = WebworkClient(tokens, WORKSPACE, http=http)
    started = time.monotonic()
    with pytest.raises(WebworkUnavailable, match="did not answer in time"):
        page.projects.list()
    assert time.monotonic() - started < 5  # the server keeps it up for a minute
    assert hostile.stats(api)["calls"] == {"/api/v2/projects": 1}
    http.close()


def test_on_a_real_socket_a_gzip_bomb_is_refused(hostile, tokens, settings):
    settings.WEBWORK_MAX_RESPONSE_BYTES = 1024 * 1024
    settings.WEBWORK_PAGE_DEADLINE = 30.0  # the server makes its bomb on first use
    http = build_http(base_url=hostile.api("gzip-bomb"))
    with pytest.raises(WebworkUnavailable, match="larger than 1 MB"):
        WebworkClient(tokens, WORKSPACE, http=http).projects.list()
    http.close()


class SlowFor:
    """An upstream that keeps one token's calls waiting until released; counts them."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.release = threading.Event()
        self.changed = threading.Condition()
        self.running = self.most = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] != f"Bearer {self.token}":
            if request.url.path.endswith("/projects/1"):
                return ok(PROJECT)(request)
            return ok([PROJECT], pagination=pages(1, 100, 1))(request)
        with self.changed:
            self.running += 1
            self.most = max(self.most, self.running)
            self.changed.notify_all()
        try:
            self.release.wait(timeout=30)
            return ok([])(request)
        finally:
            with self.changed:
                self.running -= 1

    def wait_for(self, running: int) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.running >= running, timeout=10)


def test_one_accounts_slow_reports_never_stall_another_accounts_page(retry, settings):
    settings.WEBWORK_CONCURRENCY_PER_IDENTITY = 4
    slow = SlowFor("x-token")
    upstream = FakeUpstream()
    for path in ("/reports/tracked-hours", "/projects/1", "/projects", "/members"):
        upstream.route("GET", path, slow)
    http = build_http(transport=httpx.MockTransport(upstream), base_url=BASE_URL)
    wide = {"http": http, "retry": retry, "budget": InProcessBudget(Rate(10_000, 1_000, 5))}
    x = WebworkClient(StaticToken("x-token", "user:x"), WORKSPACE, **wide)
    y = WebworkClient(StaticToken("y-token", "user:y"), WORKSPACE, **wide)
    year = (date(2025, 1, 1), date(2025, 12, 31))
    years = [year, (date(2024, 1, 1), date(2024, 12, 31))]  # two reports, no call to share
    reports = [threading.Thread(target=x.reports.tracked_hours, args=span) for span in years]
    for thread in reports:
        thread.start()
    results: list[Any] = []

    def inbox() -> None:
        results.extend(y.gather(*[lambda: y.projects.get(1)] * 4, y.projects.all, y.members.all))

    try:
        assert slow.wait_for(running=4 + 2), "the slow account's reports did not start"
        page = threading.Thread(target=inbox)
        page.start()
        page.join(timeout=10)
        assert not page.is_alive(), "the other account's page waited on the slow account"
        assert len(results) == 6
        assert slow.most <= 4 + 2  # its share of the pool, plus its own two threads
    finally:
        slow.release.set()
        for thread in reports:
            thread.join(timeout=30)
    http.close()
