"""A fake WebWork at the HTTP boundary, and a client wired to it that never really sleeps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.transport.budget import InProcessBudget, Rate
from dashboard.webwork.transport.http import build_http
from dashboard.webwork.transport.retry import RetryPolicy
from tests.fakes import FakeUpstream

BASE_URL = "https://webwork.test/api/v2"
TOKEN = "pat-7f3a9c-SECRET-do-not-log"
WORKSPACE = 7


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
def retry(sleeps: list[float], clock: FakeClock) -> RetryPolicy:
    """Backoff without jitter (always the full delay), recorded instead of slept; the fake
    clock (the budget's) moves on by what was slept, as time would."""

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)

    return RetryPolicy(sleep=sleep, jitter=lambda: 1.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def budget(clock: FakeClock) -> InProcessBudget:
    """A budget so generous that it never paces unless a test spends it on purpose."""
    return InProcessBudget(Rate(limit=10_000, reserve=5), clock)


@pytest.fixture
def tokens() -> StaticToken:
    return StaticToken(TOKEN, "webwork-user:1")


@pytest.fixture
def webwork(
    tokens: StaticToken, http: httpx.Client, retry: RetryPolicy, budget: InProcessBudget
) -> WebworkClient:
    return WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
