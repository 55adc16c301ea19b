from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkAuthError, WebworkRateLimited, WebworkUnavailable
from tests.fakes import fail, ok
from tests.webwork.conftest import WORKSPACE


def test_a_jobs_reads_are_retried_on_timeouts(tokens, http, retry, budget, upstream, sleeps):
    job = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget, for_page=False)
    upstream.route("GET", "/projects/1", httpx.ReadTimeout("slow"), ok({"id": 1, "name": "P"}))
    assert job.projects.get(1).name == "P"
    assert len(upstream.requests) == 2
    assert sleeps == [0.2]


def test_it_retries_reads_on_connection_errors_and_5xx_with_exponential_backoff(
    webwork, upstream, sleeps
):
    upstream.route(
        "GET", "/projects/1", httpx.ConnectError("refused"), fail(502), ok({"id": 1, "name": "P"})
    )
    assert webwork.projects.get(1).id == 1
    assert sleeps == [0.2, 0.4]


def test_it_gives_up_on_reads_after_three_attempts(webwork, upstream, sleeps):
    upstream.route("GET", "/projects/1", fail(503, "Maintenance"))
    with pytest.raises(WebworkUnavailable, match="Maintenance") as caught:
        webwork.projects.get(1)
    assert caught.value.status == 503
    assert len(upstream.requests) == 3
    assert sleeps == [0.2, 0.4]


def test_backoff_is_capped_and_jittered_over_the_whole_range(retry):
    from dataclasses import replace

    policy = replace(retry, jitter=lambda: 0.5)
    assert [policy.backoff(n) for n in range(6)] == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]


def test_it_never_repeats_a_write_after_a_timeout(webwork, upstream, sleeps):
    upstream.route("PUT", "/timesheets/t/approve", httpx.ReadTimeout("slow"))
    with pytest.raises(WebworkUnavailable, match="outcome is unknown"):
        webwork.timesheets.approve("t")
    assert len(upstream.requests) == 1
    assert sleeps == []


def test_it_never_repeats_a_write_after_a_5xx(webwork, upstream):
    upstream.route("POST", "/project-viewers/1/restore", fail(500, "Internal Server Error"))
    with pytest.raises(WebworkUnavailable):
        webwork.viewers.restore(1)
    assert len(upstream.requests) == 1


def test_a_write_cut_off_mid_way_has_an_unknown_outcome(webwork, upstream):
    upstream.route("PUT", "/leaves/l/approve", httpx.RemoteProtocolError("disconnected"))
    with pytest.raises(WebworkUnavailable, match=r"broke off\. The outcome is unknown"):
        webwork.leaves.approve("l")
    assert len(upstream.requests) == 1


def test_a_write_that_could_not_connect_says_so(webwork, upstream):
    upstream.route("POST", "/project-viewers/1/restore", httpx.ConnectError("refused"))
    with pytest.raises(WebworkUnavailable, match="could not be reached"):
        webwork.viewers.restore(1)


def test_an_interactive_read_waits_for_a_short_retry_after_and_retries_once(
    webwork, upstream, sleeps
):
    upstream.route(
        "GET", "/projects/1", fail(429, headers={"Retry-After": "3"}), ok({"id": 1, "name": "P"})
    )
    assert webwork.projects.get(1).id == 1
    assert sleeps == [3.0]


def test_an_interactive_read_does_not_wait_for_a_second_429(webwork, upstream, sleeps):
    upstream.route("GET", "/projects/1", fail(429, headers={"Retry-After": "2"}))
    with pytest.raises(WebworkRateLimited) as caught:
        webwork.projects.get(1)
    assert caught.value.retry_after == 2
    assert len(upstream.requests) == 2


def test_an_interactive_read_does_not_wait_for_a_long_retry_after(webwork, upstream, sleeps):
    upstream.route("GET", "/projects/1", fail(429, headers={"Retry-After": "40"}))
    with pytest.raises(WebworkRateLimited) as caught:
        webwork.projects.get(1)
    assert caught.value.retry_after == 40
    assert sleeps == [] and len(upstream.requests) == 1


def test_background_callers_get_the_429_with_its_retry_after(webwork, upstream, sleeps):
    upstream.route("GET", "/projects/1", fail(429, headers={"Retry-After": "2"}))
    with pytest.raises(WebworkRateLimited) as caught:
        webwork.background().projects.get(1)
    assert caught.value.retry_after == 2
    assert sleeps == [] and len(upstream.requests) == 1


def test_a_429_holds_the_identitys_budget_for_everyone(webwork, upstream, budget, clock):
    upstream.route("PUT", "/timesheets/t/approve", fail(429, headers={"Retry-After": "30"}))
    with pytest.raises(WebworkRateLimited):
        webwork.timesheets.approve("t")
    assert budget.remaining(webwork.budget_key) == 0
    assert budget.acquire(webwork.budget_key, max_wait=0) == pytest.approx(30)
    clock.advance(30)
    assert budget.acquire(webwork.budget_key, max_wait=0) == 0


@dataclass
class RotatingTokens:
    """A token source whose tokens expire on demand; counts refreshes."""

    budget_key: str = "webwork-user:2"
    tokens: list[str] = field(default_factory=lambda: ["old-token", "new-token"])
    refreshes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def access_token(self) -> str:
        return self.tokens[0]

    def refreshed_token(self, stale: str) -> str:
        with self.lock:
            self.refreshes.append(stale)
            if len(self.tokens) < 2:
                raise WebworkAuthError("Your WebWork sign-in expired.")
            self.tokens.pop(0)
            return self.tokens[0]


def _by_token(good: str, reply: Any) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] != f"Bearer {good}":
            return fail(401, "Token expired")(request)
        return reply(request)

    return handler


def test_a_401_refreshes_the_token_once_and_repeats_the_request(http, retry, budget, upstream):
    tokens = RotatingTokens()
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    upstream.route("PUT", "/timesheets/t/approve", _by_token("new-token", ok(message="Approved")))
    assert client.timesheets.approve("t") == "Approved"
    assert tokens.refreshes == ["old-token"]
    assert [r.headers["Authorization"] for r in upstream.requests] == [
        "Bearer old-token",
        "Bearer new-token",
    ]


def test_a_second_401_is_an_auth_error(http, retry, budget, upstream):
    tokens = RotatingTokens()
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    upstream.route("GET", "/projects/1", fail(401, "Revoked"))
    with pytest.raises(WebworkAuthError, match="Revoked") as caught:
        client.projects.get(1)
    assert caught.value.status == 401
    assert len(upstream.requests) == 2 and len(tokens.refreshes) == 1


def test_a_token_that_cannot_be_refreshed_is_an_auth_error(webwork, upstream):
    upstream.route("GET", "/projects/1", fail(401, "Expired"))
    with pytest.raises(WebworkAuthError) as caught:
        webwork.projects.get(1)
    assert (caught.value.method, caught.value.path) == ("GET", "/projects/1")
    assert len(upstream.requests) == 1


def test_concurrent_401s_refresh_the_token_only_once(http, retry, budget, upstream):
    tokens = RotatingTokens()
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    barrier = threading.Barrier(3, timeout=5)
    expired = _by_token("new-token", ok({"id": 1, "name": "P"}))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == "Bearer old-token":
            barrier.wait()  # all three requests fail with the old token together
        return expired(request)

    upstream.route("GET", "/projects/1", handler)
    results = client.gather(*[lambda: client.projects.get(1)] * 3)
    assert [p.name for p in results] == ["P", "P", "P"]
    assert tokens.refreshes == ["old-token"]


def test_a_static_token_refuses_to_refresh():
    with pytest.raises(WebworkAuthError):
        StaticToken("t", "k").refreshed_token("t")
    assert "secret-value" not in repr(StaticToken("secret-value", "k"))
