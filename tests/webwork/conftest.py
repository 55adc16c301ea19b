"""A fake WebWork at the HTTP boundary, and a client wired to it that never really sleeps."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.budget import InProcessBudget, Rate
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.retry import RetryPolicy
from dashboard.webwork.transport import build_http

BASE_URL = "https://webwork.test/api/v2"
TOKEN = "pat-7f3a9c-SECRET-do-not-log"
WORKSPACE = 7


@dataclass
class Reply:
    """One canned answer; a fresh httpx.Response is built for every request."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.raw is not None:
            return httpx.Response(self.status, content=self.raw, headers=self.headers)
        return httpx.Response(self.status, json=self.body, headers=self.headers)


def ok(
    data: Any = None,
    *,
    message: str = "",
    pagination: dict[str, int] | None = None,
    top_level: bool = False,
    status: int = 200,
) -> Reply:
    """A success envelope; ``top_level`` puts pagination where the contracts example has it."""
    body: dict[str, Any] = {"success": True, "data": data, "meta": {"api_version": "2.0.0"}}
    if message:
        body["message"] = message
    if pagination is not None:
        if top_level:
            body["pagination"] = pagination
        else:
            body["meta"]["pagination"] = pagination
    return Reply(status, body)


def fail(status: int, message: str = "It went wrong", **extra: Any) -> Reply:
    headers = extra.pop("headers", {})
    return Reply(status, {"success": False, "message": message, "meta": {}, **extra}, headers)


def pages(total: int, per_page: int, page: int) -> dict[str, int]:
    last = max(1, -(-total // per_page))
    return {"total": total, "per_page": per_page, "current_page": page, "last_page": last}


Handler = Callable[[httpx.Request], httpx.Response]


class FakeUpstream:
    """A (method, path) route table. Records every request; fails loudly on any other request.

    Each route holds a queue of replies (responses, handlers or exceptions to raise); the last
    one repeats.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Handler | Exception]] = {}
        self.requests: list[httpx.Request] = []
        self.unexpected: list[str] = []
        self._lock = threading.Lock()

    def route(self, method: str, path: str, *replies: Handler | Exception) -> None:
        self.routes[(method, path)] = list(replies)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2")
        with self._lock:
            self.requests.append(request)
            queue = self.routes.get((request.method, path))
            if queue is None:
                self.unexpected.append(f"{request.method} {path}")
                raise AssertionError(f"unexpected request: {request.method} {path}")
            reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(reply, Exception):
            raise reply
        return reply(request)

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        full = "/api/v2" + path
        return [r for r in self.requests if r.method == method and r.url.path == full]

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


class FakeClock:
    """A settable clock for the rate budget (thread-safe)."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    def advance_to(self, moment: float) -> None:
        with self._lock:
            self.now = max(self.now, moment)


@pytest.fixture(autouse=True)
def _private_cache(settings: Any) -> Iterator[None]:
    """A local-memory cache of its own, whatever CACHE_URL says, emptied around each test."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "webwork-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def upstream() -> Iterator[FakeUpstream]:
    fake = FakeUpstream()
    yield fake
    assert not fake.unexpected, f"requests nobody expected: {fake.unexpected}"


@pytest.fixture
def http(upstream: FakeUpstream) -> Iterator[httpx.Client]:
    client = build_http(transport=httpx.MockTransport(upstream), base_url=BASE_URL, timeout=5)
    yield client
    client.close()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def retry(sleeps: list[float]) -> RetryPolicy:
    """Backoff without jitter (always the full delay), recorded instead of slept."""
    return RetryPolicy(sleep=sleeps.append, jitter=lambda: 1.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def budget(clock: FakeClock) -> InProcessBudget:
    """A budget so generous that it never paces unless a test spends it on purpose."""
    return InProcessBudget(Rate(limit=10_000, burst=1_000, reserve=5), clock)


@pytest.fixture
def tokens() -> StaticToken:
    return StaticToken(TOKEN, "webwork-user:1")


@pytest.fixture
def webwork(
    tokens: StaticToken, http: httpx.Client, retry: RetryPolicy, budget: InProcessBudget
) -> WebworkClient:
    return WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
