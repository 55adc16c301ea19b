"""Last good data: a page's cached read whose entry has expired answers its kept copy when
WebWork fails it or the budget would keep the page waiting; otherwise the error, as before."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkForbidden, WebworkUnavailable
from dashboard.webwork.transport.budget import InProcessBudget, Rate
from dashboard.webwork.transport.cache import LIST_TTL, STALE_AFTER, STALE_TTL
from dashboard.webwork.transport.http import build_http
from tests import hostile_server
from tests.fakes import fail, ok, pages
from tests.webwork.conftest import WORKSPACE

VIEWER = {"id": 31, "email": "v@x.test", "firstname": "V", "lastname": "X", "projects": []}
PROJECT = {"id": 100, "name": "Website"}
RATE = Rate.per_minute(60)


@pytest.fixture
def later(monkeypatch) -> Callable[[float], None]:
    """Move the cache's clock on by some seconds: its entries expire as they would by then."""
    import django.core.cache.backends.base as base
    import django.core.cache.backends.locmem as locmem

    offset = [0.0]

    class Shifted:
        @staticmethod
        def time() -> float:
            return time.time() + offset[0]

    monkeypatch.setattr(locmem, "time", Shifted)
    monkeypatch.setattr(base, "time", Shifted)

    def move(seconds: float) -> None:
        offset[0] += seconds

    return move


@pytest.fixture
def tab(tokens, http, retry, budget) -> Callable[..., WebworkClient]:
    """A new page's client (each request builds one), on the same cache."""

    def build(**extra: Any) -> WebworkClient:
        options: dict[str, Any] = {"http": http, "retry": retry, "budget": budget, **extra}
        return WebworkClient(tokens, WORKSPACE, **options)

    return build


def test_an_expired_list_that_webwork_fails_answers_its_last_good_copy(tab, upstream, later):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(503, "Maintenance"))
    before = tab()
    first = before.viewers.list()
    later(LIST_TTL + 1)
    client = tab()
    again = client.viewers.list()
    assert again.items == first.items and again.fetched_at == first.fetched_at
    [stale] = client.served_stale
    assert (stale.namespace, stale.reason, stale.fetched_at) == (
        "viewers",
        "unavailable",
        first.fetched_at,
    )
    assert "Maintenance" in stale.message
    assert len(upstream.requests) == 2  # the 503 was not tried again: the copy was shown
    assert before.served_stale == ()


def test_a_read_that_times_out_answers_the_copy_without_trying_again(tab, upstream, later):
    upstream.route("GET", "/projects", ok([PROJECT], pagination=pages(1, 100, 1)))
    tab().projects.all()
    later(300 + 1)
    upstream.route("GET", "/projects", httpx.ReadTimeout("slow"))
    client = tab()
    assert [p.name for p in client.projects.all()] == ["Website"]
    assert [s.reason for s in client.served_stale] == ["unavailable"]
    assert len(upstream.requests) == 2


def test_without_a_copy_the_error_is_as_before(tab, upstream, sleeps):
    upstream.route("GET", "/project-viewers", fail(503, "Maintenance"))
    client = tab()
    with pytest.raises(WebworkUnavailable, match="Maintenance"):
        client.viewers.list()
    assert len(upstream.requests) == 3 and sleeps == [0.2, 0.4]  # retried, as pages always were
    assert client.served_stale == ()


def test_a_fresh_entry_is_answered_as_usual(tab, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(503))
    tab().viewers.list()
    client = tab()
    client.viewers.list()
    assert client.served_stale == () and len(upstream.requests) == 1


def test_refresh_that_webwork_fails_shows_the_copy_too(tab, upstream):
    upstream.route("GET", "/projects", ok([PROJECT], pagination=pages(1, 100, 1)), fail(502))
    tab().projects.all()
    client = tab()
    assert len(client.projects.all(refresh=True)) == 1
    assert len(client.fresh().projects.all()) == 1
    assert [s.reason for s in client.served_stale] == ["unavailable", "unavailable"]


def test_an_answer_that_is_not_a_failure_of_webwork_is_never_hidden(tab, upstream, later):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(403, "Not allowed"))
    tab().viewers.list()
    later(LIST_TTL + 1)
    with pytest.raises(WebworkForbidden):
        tab().viewers.list()


def test_a_full_window_answers_the_copy_at_once_rather_than_keep_the_page_waiting(
    tokens, http, retry, clock, upstream, later, sleeps
):
    budget = InProcessBudget(RATE, clock)
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    upstream.route("GET", "/projects/1", ok(PROJECT))
    page = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    page.viewers.list()
    for _ in range(RATE.capacity - 1):
        page.projects.get(1)  # the rest of the window, spent by other pages
    later(LIST_TTL + 1)
    clock.advance(30)
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    assert len(client.viewers.list()) == 1
    [stale] = client.served_stale
    assert stale.reason == "budget"
    assert stale.retry_after == pytest.approx(RATE.span - 30)  # when fresh data may come
    assert sleeps == [] and len(upstream.calls("GET", "/project-viewers")) == 1


def test_a_short_wait_for_the_window_is_waited_for_fresh_data(
    tokens, http, retry, clock, upstream, later, sleeps
):
    budget = InProcessBudget(RATE, clock)
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    upstream.route("GET", "/projects/1", ok(PROJECT))
    page = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    page.viewers.list()
    for _ in range(RATE.capacity - 1):
        page.projects.get(1)
    later(LIST_TTL + 1)
    clock.advance(RATE.span - STALE_AFTER + 0.5)
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    client.viewers.list()
    assert client.served_stale == ()
    assert sleeps == [pytest.approx(STALE_AFTER - 0.5)]
    assert len(upstream.calls("GET", "/project-viewers")) == 2


def test_a_429_answers_the_copy(tab, upstream, later):
    upstream.route(
        "GET", "/project-viewers", ok([VIEWER]), fail(429, headers={"Retry-After": "30"})
    )
    tab().viewers.list()
    later(LIST_TTL + 1)
    client = tab()
    assert len(client.viewers.list()) == 1
    [stale] = client.served_stale
    assert (stale.reason, stale.retry_after) == ("budget", 30)
    assert len(upstream.requests) == 2


def test_a_job_never_answers_old_data(tab, upstream, later):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(503, "Maintenance"))
    tab().viewers.list()
    later(LIST_TTL + 1)
    job = tab(for_page=False).background()
    with pytest.raises(WebworkUnavailable):
        job.viewers.list()


def test_the_copy_is_the_users_own(tab, http, budget, upstream, later):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(503, "Maintenance"))
    tab().viewers.list()
    later(LIST_TTL + 1)
    other = WebworkClient(StaticToken("t2", "webwork-user:2"), WORKSPACE, http=http, budget=budget)
    with pytest.raises(WebworkUnavailable):
        other.viewers.list()


def test_after_a_write_the_copy_is_still_the_last_thing_webwork_said(tab, upstream, later):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(503, "Maintenance"))
    upstream.route("DELETE", "/project-viewers/31", ok(message="Archived"))
    client = tab()
    first = client.viewers.list()
    client.viewers.archive(31)  # the list's entry is orphaned at once, not its copy
    after = tab()
    assert after.viewers.list().fetched_at == first.fetched_at
    [stale] = after.served_stale  # shown with its age, as out of date as it is
    assert stale.fetched_at == first.fetched_at
    assert len(upstream.calls("GET", "/project-viewers")) == 2  # WebWork was asked first


def test_the_copy_is_kept_for_a_day(tab, upstream, later):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(503, "Maintenance"))
    tab().viewers.list()
    later(STALE_TTL - 60)
    assert len(tab().viewers.list()) == 1
    later(120)
    with pytest.raises(WebworkUnavailable):
        tab().viewers.list()


def test_every_read_of_a_page_says_when_it_was_old_data(tab, upstream, later):
    upstream.route("GET", "/project-viewers", ok([VIEWER]), fail(503))
    upstream.route("GET", "/projects", ok([PROJECT], pagination=pages(1, 100, 1)), fail(503))
    first = tab()
    first.gather(first.viewers.list, first.projects.all)
    later(REFERENCE_AND_LIST := 301)
    client = tab()
    viewers, projects = client.gather(client.viewers.list, client.projects.all)
    assert (len(viewers), len(projects)) == (1, 1)
    assert sorted(s.namespace for s in client.served_stale) == ["projects", "viewers"]
    assert REFERENCE_AND_LIST > LIST_TTL


@pytest.fixture(scope="module")
def hostile() -> Iterator[hostile_server.Running]:
    with hostile_server.running() as server:
        yield server


def test_on_a_real_socket_a_silent_webwork_ends_the_page_at_its_deadline_with_the_copy(
    hostile, tokens, upstream, http, later, settings
):
    settings.WEBWORK_PAGE_DEADLINE = 1.0
    settings.WEBWORK_TIMEOUT = 10.0
    upstream.route("GET", "/projects", ok([PROJECT], pagination=pages(1, 100, 1)))
    WebworkClient(tokens, WORKSPACE, http=http).projects.all()  # the last good answer
    later(300 + 1)
    api = hostile.api("silent")
    silent = build_http(base_url=api)
    page = WebworkClient(tokens, WORKSPACE, http=silent)
    started = time.monotonic()
    assert [p.name for p in page.projects.all()] == ["Website"]
    assert time.monotonic() - started < 5  # the server stays silent for a minute
    assert [s.reason for s in page.served_stale] == ["unavailable"]
    assert hostile.stats(api)["calls"] == {"/api/v2/projects": 1}  # never tried again
    silent.close()


def test_on_a_real_socket_a_job_tries_a_silent_webwork_again(hostile, tokens, settings):
    settings.WEBWORK_TIMEOUT = 0.3
    api = hostile.api("silent")
    silent = build_http(base_url=api)
    job = WebworkClient(tokens, WORKSPACE, http=silent, for_page=False)
    with pytest.raises(WebworkUnavailable, match="did not answer in time"):
        job.projects.list()
    assert hostile.stats(api)["calls"] == {"/api/v2/projects": 3}
    silent.close()
