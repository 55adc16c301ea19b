"""Counting a page's upstream rounds without a clock.

A round is a wait on WebWork: requests sent together cost one, a request sent only once another
has answered costs one more. So each request gets the depth of what it waited on: a request
sent in a flow that has already had answers to ``d`` rounds is in round ``d + 1``, and once it
is answered that flow has had ``d + 1``. Calls run concurrently through the service layer's
gather each start from the depth their batch started from; after the batch, the caller has
waited as long as its deepest call. A page's rounds are the deepest round of any request it
sent: no timing and no thread scheduling changes the count.

Requests are counted where httpx sends them (the fake upstream and the real sandbox alike);
gathers wherever a module of the dashboard holds the service layer's ``gather``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from dashboard.webwork.transport import gather as gathering


class Rounds:
    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.sent: list[tuple[int, str]] = []  # (round, "METHOD /path") of every request

    @property
    def depth(self) -> int:
        return getattr(self._local, "depth", 0)

    @depth.setter
    def depth(self, value: int) -> None:
        self._local.depth = value

    @property
    def count(self) -> int:
        """The rounds of every request since ``start`` (0: nothing was sent)."""
        with self._lock:
            return max((number for number, _ in self.sent), default=0)

    def in_round(self, number: int) -> list[str]:
        with self._lock:
            return sorted(what for n, what in self.sent if n == number)

    def start(self) -> None:
        with self._lock:
            self.sent = []
        self.depth = 0

    @contextmanager
    def counting(self) -> Iterator[Rounds]:
        self.start()
        yield self

    def record(self, request: httpx.Request) -> int:
        number = self.depth + 1
        with self._lock:
            self.sent.append((number, f"{request.method} {request.url.path}"))
        return number

    def traced_gather(self, real: Callable[..., tuple[Any, ...]]) -> Callable[..., tuple[Any, ...]]:
        def gather(*calls: Callable[[], Any], **options: Any) -> tuple[Any, ...]:
            start = self.depth
            reached = [start] * len(calls)

            def traced(index: int, call: Callable[[], Any]) -> Callable[[], Any]:
                def run() -> Any:
                    outer = self.depth
                    self.depth = start
                    try:
                        return call()
                    finally:
                        reached[index] = self.depth
                        self.depth = outer

                return run

            try:
                return real(*(traced(i, call) for i, call in enumerate(calls)), **options)
            finally:
                self.depth = max(reached, default=start)

        return gather

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_gather = gathering.gather
        traced = self.traced_gather(real_gather)
        for name, module in list(sys.modules.items()):
            if name.startswith("dashboard.") and getattr(module, "gather", None) is real_gather:
                monkeypatch.setattr(module, "gather", traced)
        real_send = httpx.Client.send
        rounds = self

        def send(client: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
            number = rounds.record(request)
            try:
                return real_send(client, request, **kwargs)
            finally:
                rounds.depth = max(rounds.depth, number)

        monkeypatch.setattr(httpx.Client, "send", send)


def counted(monkeypatch: pytest.MonkeyPatch) -> Rounds:
    """A counter of rounds, installed for the rest of the test."""
    counter = Rounds()
    counter.install(monkeypatch)
    return counter
