"""pytest plugin: a proxy in front of the sandbox that answers in other shapes WebWork might use.

Load it from the root conftest with ``pytest_plugins = [..., "tests.plugins.reshape"]``.

``reshaped`` (function) is a real HTTP server on 127.0.0.1 (``http.server`` in a thread,
forwarding with httpx) in front of the reset sandbox. Its ``api_url`` stands where the
sandbox's would. Every JSON answer under ``/api/`` is rewritten:

- pagination moves to the top level (out of ``meta`` and out of ``data``);
- every id (``id`` and ``*_id`` keys, at any depth of ``data``) is sent as a string;
- ``reshaped.drop("GET /timesheets", "user_id")`` removes a field, at any depth of ``data``,
  from that operation's answers (``{id}`` in the path stands for any one segment).

``move_pagination`` and ``string_ids`` turn the first two off. Requests, their headers (the
bearer token) and the status and rate-limit headers of the answers pass through unchanged.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

API_PREFIX = "/api/v2"
# Hop-by-hop headers, and those that change when the body is rewritten.
_NOT_FORWARDED = {"connection", "content-length", "content-encoding", "transfer-encoding", "host"}


class Reshape:
    """The proxy's rules, and the server that applies them."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.http = httpx.Client(base_url=self.upstream, timeout=30.0)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Forward)
        self.server.daemon_threads = True
        self.server.reshape = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url = f"{self.url}{API_PREFIX}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.reset()

    def reset(self) -> None:
        self.move_pagination = True
        self.string_ids = True
        self.drops: list[tuple[str, re.Pattern[str], str]] = []

    def drop(self, operation: str, field: str) -> None:
        """Remove ``field`` from the answers of ``operation``, e.g. ``"GET /members/{id}"``."""
        method, _, path = operation.partition(" ")
        parts = (re.escape(part) for part in path.split("{id}"))
        self.drops.append((method.upper(), re.compile("[^/]+".join(parts) + r"\Z"), field))

    def rewrite(self, method: str, path: str, body: Any) -> Any:
        if not isinstance(body, dict):
            return body
        operation = path.removeprefix(API_PREFIX)
        data = body.get("data")
        for drop_method, pattern, field in self.drops:
            if drop_method == method and pattern.match(operation):
                data = _without(data, field)
        if self.string_ids:
            data = _string_ids(data)
        body = {**body, "data": data}
        if self.move_pagination:
            body = _pagination_on_top(body)
        return body

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.http.close()


class _Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _forward(self) -> None:
        reshape: Reshape = self.server.reshape  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _NOT_FORWARDED}
        answer = reshape.http.request(
            self.command, self.path, headers=headers, content=self.rfile.read(length)
        )
        content = answer.content
        json_answer = "json" in answer.headers.get("Content-Type", "")
        if json_answer and self.path.startswith(API_PREFIX) and content:
            path = self.path.split("?", 1)[0]
            body = reshape.rewrite(self.command, path, answer.json())
            content = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(answer.status_code, HTTPStatus(answer.status_code).phrase)
        for name, value in answer.headers.multi_items():
            if name.lower() not in _NOT_FORWARDED:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the sandbox's call log is the record of what was asked."""


def _is_id_key(key: object) -> bool:
    return isinstance(key, str) and (key == "id" or key.endswith("_id"))


def _string_ids(value: Any) -> Any:
    if isinstance(value, list):
        return [_string_ids(item) for item in value]
    if isinstance(value, dict):
        return {k: _string_id(k, v) for k, v in value.items()}
    return value


def _string_id(key: str, value: Any) -> Any:
    if _is_id_key(key) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _string_ids(value)


def _without(value: Any, field: str) -> Any:
    if isinstance(value, list):
        return [_without(item, field) for item in value]
    if isinstance(value, dict):
        return {k: _without(v, field) for k, v in value.items() if k != field}
    return value


def _pagination_on_top(body: dict[str, Any]) -> dict[str, Any]:
    meta, data = body.get("meta"), body.get("data")
    pagination = None
    if isinstance(meta, dict) and "pagination" in meta:
        meta = {k: v for k, v in meta.items() if k != "pagination"}
        pagination = body["meta"]["pagination"]
    if isinstance(data, dict) and "pagination" in data:
        pagination = data["pagination"]
        data = {k: v for k, v in data.items() if k != "pagination"}
    pagination = pagination or body.get("pagination")
    if pagination is None:
        return body
    return {**body, "data": data, "meta": meta, "pagination": pagination}


@pytest.fixture
def reshaped(sandbox: Sandbox) -> Iterator[Reshape]:
    """The proxy in front of the sandbox (reset to its seed), with the default rewrites."""
    proxy = Reshape(sandbox.url)
    proxy.start()
    yield proxy
    proxy.close()
