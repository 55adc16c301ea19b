"""Webhooks: registration, and signed deliveries of member and project events."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1


class Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append({"headers": dict(self.headers), "body": body})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", Receiver.received
    server.shutdown()


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def _wait_for(received: list[dict[str, Any]], count: int) -> None:
    deadline = time.monotonic() + 5
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def test_webhook_crud(owner: httpx.Client) -> None:
    body = {"workspace_id": ACME, "url": "https://example.com/hook", "events": ["project.created"]}
    created = owner.post("webhooks", json=body)
    assert created.status_code == 200
    hook = created.json()["data"]
    assert hook["token"].startswith("whsec_")
    path = f"webhooks/{hook['id']}"
    changed = owner.put(
        path,
        json={"workspace_id": ACME, "url": "https://example.com/v2", "events": ["member.updated"]},
    )
    assert changed.json()["data"]["events"] == ["member.updated"]
    assert (
        owner.get(path, params={"workspace_id": ACME}).json()["data"]["url"]
        == "https://example.com/v2"
    )
    assert owner.request("DELETE", path, params={"workspace_id": ACME}).status_code == 200
    assert owner.get(path, params={"workspace_id": ACME}).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://example.com", "events": ["project.created"]},
        {"url": "https://example.com", "events": []},
        {"url": "https://example.com", "events": ["nope"]},
        {"url": "https://example.com"},
    ],
)
def test_bad_webhooks_are_refused(owner: httpx.Client, body: dict[str, Any]) -> None:
    assert owner.post("webhooks", json={"workspace_id": ACME, **body}).status_code == 422


def test_a_form_encoded_webhook_is_accepted(owner: httpx.Client) -> None:
    response = owner.post(
        "webhooks",
        data={
            "workspace_id": str(ACME),
            "url": "https://example.com/f",
            "events[]": ["member.invited"],
        },
    )
    assert response.status_code == 200
    assert response.json()["data"]["events"] == ["member.invited"]


def test_events_are_delivered_signed_with_the_token(
    sandbox: Sandbox, owner: httpx.Client, receiver: tuple[str, list[dict[str, Any]]]
) -> None:
    url, received = receiver
    events = ["project.created", "project.updated", "member.invited", "member.updated"]
    hook = owner.post("webhooks", json={"workspace_id": ACME, "url": url, "events": events}).json()
    token = hook["data"]["token"]
    project = owner.post("projects", json={"workspace_id": ACME, "name": "Hooked"}).json()["data"]
    owner.put(f"projects/{project['id']}", json={"workspace_id": ACME, "notes": "changed"})
    owner.post(
        "members",
        json={
            "workspace_id": ACME,
            "email": "hook@acme.test",
            "firstname": "H",
            "lastname": "K",
            "role": "Regular User",
        },
    )
    owner.request("DELETE", f"projects/{project['id']}", params={"workspace_id": ACME})
    _wait_for(received, 3)
    time.sleep(0.2)
    assert [json.loads(r["body"])["event"] for r in received] == [
        "project.created",
        "project.updated",
        "member.invited",
    ]
    for delivery in received:
        expected = (
            "sha256=" + hmac.new(token.encode(), delivery["body"], hashlib.sha256).hexdigest()
        )
        assert delivery["headers"]["X-Webwork-Signature"] == expected
    payload = json.loads(received[0]["body"])
    assert payload["workspace_id"] == ACME and payload["data"]["name"] == "Hooked"
    assert len(sandbox.webhook_deliveries()) == 3
