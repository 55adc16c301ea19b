"""A fake WebWork at the HTTP boundary: canned envelopes and a (method, path) route table.

Used by the service layer's tests and by every view test (through the ``upstream`` fixture of
the root conftest).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx


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
