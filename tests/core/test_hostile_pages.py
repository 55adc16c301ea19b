"""Every dashboard page against a hostile or broken WebWork: never a Django 500, always within
the deadline, and the body read stops at the cap.

The pages are found in the URL configuration (every GET route, ids filled in), so a new page is
covered the day it is added. WebWork is the generic fake of ``hostile_world`` at the HTTP
boundary, and each of its cases turns every answer hostile; the cases where the socket matters
(trickling, silence, an endless body) run against the small real server of
``tests.hostile_server``.
"""

from __future__ import annotations

import re
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
import pytest

from tests import hostile_server
from tests.conftest import VIEW_TEST_API
from tests.core.hostile_world import CASES, STREAMS, Answer, World

MB = 1024 * 1024
DEADLINE = 0.15
SKIPPED = ("admin/", "accounts/login/", "accounts/logout/", "readyz")


def dashboard_pages() -> list[str]:
    """A GET address for every route of the dashboard, ids filled in (reports: each kind)."""
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import RoutePattern

    from dashboard.reports.kinds import KINDS

    routes: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern.pattern, RoutePattern):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    addresses = []
    for route in routes:
        if "<slug:kind>" in route:
            addresses += [
                "/" + route.replace("<slug:kind>", slug) + "?inline=1&period=last_90_days"
                for slug in KINDS
            ]
            continue
        route = re.sub(r"<int:\w+>", "1", route)
        route = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), route)
        addresses.append("/" + re.sub(r"<(?:str|slug|path):\w+>", "1", route))
    return addresses


@dataclass
class Outcome:
    path: str
    status: int | None
    seconds: float
    problem: str = ""


def visit(client: Any, path: str, check: Callable[[Any], str] | None = None) -> Outcome:
    """GET ``path`` as a new visitor would (no cache, a full budget); what went wrong, if any."""
    from django.core.cache import cache

    from dashboard.webwork.transport import budget

    cache.clear()
    budget._defaults.clear()
    started = time.monotonic()
    try:
        response = client.get(path)
    except Exception as exc:  # a view that let an exception through: Django's 500
        return Outcome(path, None, time.monotonic() - started, f"raised {exc!r}"[:300])
    seconds = time.monotonic() - started
    problem = "" if response.status_code < 500 or response.status_code == 503 else "a 5xx"
    if not problem and check is not None:
        problem = check(response)
    return Outcome(path, response.status_code, seconds, problem)


@contextmanager
def behind(answer: Answer) -> Iterator[Callable[[Answer], World]]:
    """Every page talks to ``World``s (the latest one given); like the ``upstream`` fixture."""
    from django.test import override_settings

    from dashboard.webwork import client
    from dashboard.webwork.transport import retry
    from dashboard.webwork.transport.http import using_transport

    worlds = [World(answer)]
    router = World(lambda request, path: worlds[-1](request))
    no_wait = retry.RetryPolicy(sleep=lambda seconds: None)
    with (
        override_settings(WEBWORK_API_BASE_URL=VIEW_TEST_API),
        pytest.MonkeyPatch.context() as patch,
        using_transport(httpx.MockTransport(router)),
    ):
        patch.setattr(client, "DEFAULT_RETRY", no_wait)

        def serve(answer: Answer) -> World:
            worlds.append(World(answer))
            return worlds[-1]

        yield serve


_ASKING: list[str] = []


@pytest.fixture
def pages(connected_client: Any) -> list[str]:
    """Every page that asks WebWork anything (found once, against a benign WebWork)."""
    if not _ASKING:
        with behind(CASES["benign"].answer) as world:
            for path in dashboard_pages():
                served = world(CASES["benign"].answer)
                visit(connected_client, path)
                if served.requests:
                    _ASKING.append(path)
    assert len(_ASKING) >= 20, _ASKING
    return list(_ASKING)


@pytest.fixture
def caps(settings: Any) -> Any:
    settings.WEBWORK_MAX_RESPONSE_BYTES = MB
    return settings


@pytest.fixture
def world(caps: Any) -> Iterator[Callable[[Answer], World]]:
    with behind(CASES["benign"].answer) as world:
        yield world


def failures(outcomes: list[Outcome]) -> list[str]:
    return [f"{o.path} -> {o.status}: {o.problem}" for o in outcomes if o.problem]


@pytest.mark.parametrize("case", list(CASES))
def test_every_page_survives(case, pages, world, connected_client):
    spec = CASES[case]
    outcomes = []
    for path in pages:
        served = world(spec.answer)
        outcomes.append(visit(connected_client, path, partial(spec.check, served)))
    assert failures(outcomes) == []
    if spec.renders:
        rendered = [o.path for o in outcomes if o.status == 200]
        assert len(rendered) >= len(pages) // 2, rendered


@pytest.mark.parametrize("case", list(STREAMS))
def test_every_page_stops_reading_at_the_cap(case, pages, world, connected_client):
    stream = STREAMS[case]()
    outcomes = []
    for path in pages:
        world(stream)
        tracemalloc.start()
        try:
            outcome = visit(connected_client, path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        if peak > 32 * MB:  # 64 or 128 MB if read whole, per answer
            outcome.problem = f"{peak // MB} MB in memory"
        outcomes.append(outcome)
    assert failures(outcomes) == []
    assert stream.most <= MB + 65536 + 100


@pytest.fixture(scope="module")
def hostile() -> Iterator[hostile_server.Running]:
    with hostile_server.running() as server:
        yield server


# Reads every operation once on purpose, unhurried (``for_page=False``: accounts/checking.py).
UNHURRIED = {"/connect/check/"}


def one_per_view(pages: list[str]) -> list[str]:
    """A page for each view: time is spent in the transport, which every view shares."""
    from django.urls import resolve

    seen: dict[Any, str] = {}
    for path in pages:
        if path not in UNHURRIED:
            seen.setdefault(resolve(path.split("?")[0]).func, path)
    return list(seen.values())


@pytest.mark.parametrize("mode", ["trickle-body", "trickle-headers", "silent", "huge"])
def test_every_page_answers_within_the_deadline_of_a_slow_webwork(
    mode, pages, caps, hostile, connected_client
):
    caps.WEBWORK_PAGE_DEADLINE = caps.WEBWORK_TIMEOUT = DEADLINE
    caps.WEBWORK_API_BASE_URL = api = hostile.api(mode)
    outcomes = [visit(connected_client, path) for path in one_per_view(pages)]
    assert failures(outcomes) == []
    # One deadline per client, and a page builds one (the workspace page a second): seconds
    # against the minute that each slow answer would otherwise last.
    assert [o.path for o in outcomes if o.seconds > 2 * DEADLINE + 3] == []
    stats = hostile.stats(api)
    calls = sum(stats["calls"].values())
    assert calls >= len(outcomes) // 2, stats
    assert stats["sent"] <= calls * (MB + 8 * MB)  # the cap, plus what the sockets buffer
