"""The body cap of the receiving endpoint, where Django's ASGI handler would read a body whole.

Django's ASGI handler reads every request body to its end before any view runs, so a cap in the
view comes too late there. ``capped`` wraps the ASGI application: a request to the receiving
endpoint that declares, or sends, more than ``MAX_BODY`` bytes reaches the view with an empty
body and ``TOO_LARGE`` set in its scope, and what is left of its body is never read. Every other
request passes untouched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from .verification import MAX_BODY

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Any], Awaitable[None]]
App = Callable[[Any, Any, Any], Awaitable[None]]

PREFIX = "/hooks/webwork/"
TOO_LARGE = "dashboard.hooks.body_too_large"


def capped(app: App, *, prefix: str = PREFIX, limit: int = MAX_BODY) -> App:
    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(prefix):
            await app(scope, receive, send)
            return
        body, outcome = await _read_at_most(scope, receive, limit)
        if outcome == "gone":
            return  # the client went away before its body ended: nobody to answer
        if outcome == "too_large":
            scope = {**scope, TOO_LARGE: True}
        await app(scope, _replaying(body, receive, more=outcome == "ok"), send)

    return application


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _read_at_most(scope: Scope, receive: Receive, limit: int) -> tuple[bytes, str]:
    """The body and "ok", or nothing and "too_large" as soon as it is known not to fit, or
    "gone" when the client disconnected first."""
    declared = _declared_length(scope)
    if declared is not None and declared > limit:
        return b"", "too_large"
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"", "gone"
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", "too_large"
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), "ok"


def _replaying(body: bytes, receive: Receive, *, more: bool) -> Receive:
    """The body read already, as one message; then whatever the server says next (its
    disconnect), or, after a body cut short, nothing: the rest of it is never asked for."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if not more:
            await asyncio.Event().wait()  # until the handler stops listening
        return await receive()

    return replay
