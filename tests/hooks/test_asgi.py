"""The ASGI entry point: a delivery's body is capped before Django's handler would read it whole.

The application is ``dashboard.asgi.application`` itself, driven over the ASGI protocol: a
body that says or turns out to be too long is answered 413 by the view after at most the cap
has been received; every other request passes as it came.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.urls import reverse

from dashboard.asgi import application
from dashboard.hooks.models import Receipt

from .conftest import Sender, payload, sign

pytestmark = pytest.mark.django_db(transaction=True)
KIB = 1024


class Client:
    """Sends one request in chunks and counts how many of them the application asked for."""

    def __init__(self, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> None:
        self.chunks, self.headers = chunks, headers
        self.received = 0
        self.status: int | None = None
        self.body = b""

    async def receive(self) -> dict[str, Any]:
        if self.received >= len(self.chunks):
            await asyncio.sleep(3600)  # a client that sends nothing more
        chunk = self.chunks[self.received]
        self.received += 1
        return {
            "type": "http.request",
            "body": chunk,
            "more_body": self.received < len(self.chunks),
        }

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    def run(self, path: str) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"127.0.0.1"), *self.headers],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }
        asyncio.run(asyncio.wait_for(application(scope, self.receive, self.send), 30))


def headers_for(raw: bytes, delivery: dict[str, Any], length: int | None) -> list:
    found = [
        (b"content-type", b"application/json"),
        (b"x-webwork-event", delivery["event"].encode()),
        (b"x-webwork-delivery", delivery["id"].encode()),
        (b"x-webwork-signature", sign("whsec_0123456789abcdef0123456789abcdef", raw).encode()),
    ]
    if length is not None:
        found.append((b"content-length", str(length).encode()))
    return found


def test_a_delivery_in_chunks_is_accepted(sender: Sender):
    delivery = payload()
    raw = json.dumps(delivery).encode()
    client = Client([raw[:10], raw[10:]], headers_for(raw, delivery, len(raw)))
    client.run(sender.url)
    assert client.status == 200, client.body


def test_a_declared_length_over_the_cap_is_refused_before_any_body_is_read(sender: Sender):
    delivery = payload()
    chunks = [b"x" * KIB] * 1000
    client = Client(chunks, headers_for(b"", delivery, 1000 * KIB))
    client.run(sender.url)
    assert client.status == 413
    assert client.received == 0
    assert Receipt.objects.get().reason == "too_large"


def test_a_body_without_a_length_is_read_only_until_it_passes_the_cap(sender: Sender):
    delivery = payload()
    chunks = [b"x" * (16 * KIB)] * 100  # 1.6 MB, sent without Content-Length
    client = Client(chunks, headers_for(b"", delivery, None))
    client.run(sender.url)
    assert client.status == 413
    assert client.received == 5  # 80 KiB: the first chunk past 64 KiB


def test_other_paths_pass_untouched(db):
    path = reverse("accounts:login")
    client = Client([b"username=a&password=b"], [(b"content-type", b"text/plain")])
    client.run(path)
    assert client.status in (200, 403)  # the sign-in page's own answer (a CSRF refusal)
    assert client.received == 1
