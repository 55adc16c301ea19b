"""Which changes the sandbox announces: every member, viewer and project change, in both doc
variants, each delivery signed and shaped as ``WebhookDelivery``, and nothing for what failed."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1
MEMBER_EVENTS = [
    "member.invited",
    "member.updated",
    "member.deleted",
    "member.activated",
    "member.archived",
]
PROJECT_EVENTS = ["project.created", "project.updated", "project.deleted"]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


class Inbox:
    """A real HTTP server on loopback that keeps every POST it is sent."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                inbox.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def events(self, count: int) -> list[str]:
        """The events of the first ``count`` deliveries, once that many have arrived."""
        deadline = time.monotonic() + 10
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return [json.loads(r["body"])["event"] for r in self.received]


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    found = Inbox()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture(params=["api", "v2"])
def variant(request: pytest.FixtureRequest, sandbox: Sandbox) -> str:
    sandbox.set_variant(request.param)
    return request.param


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def register(owner: httpx.Client, url: str, events: list[str]) -> str:
    answer = owner.post("webhooks", json={"workspace_id": ACME, "url": url, "events": events})
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["token"]


def members(owner: httpx.Client) -> list[dict[str, Any]]:
    return owner.get("members", params={"workspace_id": ACME, "per_page": 100}).json()["data"]


def a_regular_member(owner: httpx.Client) -> dict[str, Any]:
    return next(m for m in members(owner) if m["current_role"] == "Regular User")


def a_viewer(owner: httpx.Client) -> dict[str, Any]:
    params = {"workspace_id": ACME, "status": "active"}
    return owner.get("project-viewers", params=params).json()["data"][0]


def invite(owner: httpx.Client) -> None:
    body = {"email": "new@acme.test", "firstname": "N", "lastname": "W", "role": "Regular User"}
    assert owner.post("members", json={"workspace_id": ACME, **body}).status_code == 200


def update(owner: httpx.Client) -> None:
    member = a_regular_member(owner)
    body = {"workspace_id": ACME, "weekly_hours_limit": 21}
    assert owner.put(f"members/{member['id']}", json=body).status_code == 200


def archive(owner: httpx.Client) -> None:
    member = a_regular_member(owner)
    path = f"members/{member['id']}"
    assert owner.request("DELETE", path, params={"workspace_id": ACME}).status_code == 200


def create_viewer(owner: httpx.Client) -> None:
    body = {"workspace_id": ACME, "email": "client@else.test", "firstname": "C", "lastname": "L"}
    assert owner.post("project-viewers", json=body).status_code == 201


def archive_viewer(owner: httpx.Client) -> None:
    path = f"project-viewers/{a_viewer(owner)['id']}"
    assert owner.request("DELETE", path, params={"workspace_id": ACME}).status_code == 200


def restore_viewer(owner: httpx.Client) -> None:
    viewer = a_viewer(owner)
    path = f"project-viewers/{viewer['id']}"
    assert owner.request("DELETE", path, params={"workspace_id": ACME}).status_code == 200
    # The archive is delivered too; the test counts on the restore coming after it.
    restored = owner.post(f"{path}/restore", json={"workspace_id": ACME})
    assert restored.status_code == 200


def create_project(owner: httpx.Client) -> None:
    body = {"workspace_id": ACME, "name": "Announced"}
    assert owner.post("projects", json=body).status_code == 201


def a_project(owner: httpx.Client) -> dict[str, Any]:
    return owner.get("projects", params={"workspace_id": ACME}).json()["data"][0]


def update_project(owner: httpx.Client) -> None:
    body = {"workspace_id": ACME, "notes": "Announced"}
    assert owner.put(f"projects/{a_project(owner)['id']}", json=body).status_code == 200


def archive_project(owner: httpx.Client) -> None:
    path = f"projects/{a_project(owner)['id']}"
    assert owner.request("DELETE", path, params={"workspace_id": ACME}).status_code == 200


Change = Callable[[httpx.Client], None]
CHANGES: list[tuple[Change, list[str]]] = [
    (invite, ["member.invited"]),
    (update, ["member.updated"]),
    (archive, ["member.archived"]),
    (create_viewer, ["member.invited"]),
    (archive_viewer, ["member.archived"]),
    (restore_viewer, ["member.archived", "member.activated"]),
    (create_project, ["project.created"]),
    (update_project, ["project.updated"]),
    (archive_project, ["project.deleted"]),
]


@pytest.mark.parametrize(("change", "expected"), CHANGES, ids=[c.__name__ for c, _ in CHANGES])
def test_every_member_and_project_change_is_delivered_in_both_variants(
    variant: str, owner: httpx.Client, inbox: Inbox, change: Change, expected: list[str]
) -> None:
    token = register(owner, inbox.url, MEMBER_EVENTS + PROJECT_EVENTS)
    change(owner)
    assert inbox.events(len(expected)) == expected
    time.sleep(0.2)  # and nothing after them
    assert len(inbox.received) == len(expected)
    for delivery in inbox.received:
        headers, raw = delivery["headers"], delivery["body"]
        payload = json.loads(raw)
        assert set(payload) == {"id", "event", "workspace_id", "created_at", "data"}
        assert headers["X-Webwork-Event"] == payload["event"]
        assert headers["X-Webwork-Delivery"] == payload["id"]
        assert headers["Content-Type"] == "application/json"
        signature = hmac.new(token.encode(), raw, hashlib.sha256).hexdigest()
        assert headers["X-Webwork-Signature"] == f"sha256={signature}"
        assert payload["workspace_id"] == ACME
        assert ISO_UTC.match(payload["created_at"])
        assert isinstance(payload["data"]["id"], int)


def test_a_delivery_carries_no_rates_whoever_made_the_change(
    owner: httpx.Client, inbox: Inbox
) -> None:
    register(owner, inbox.url, ["member.updated", "project.updated"])
    update(owner)  # the owner sees rates in the answer
    update_project(owner)
    inbox.events(2)
    member, project = (json.loads(r["body"])["data"] for r in inbox.received)
    assert member["weekly_hours_limit"] == 21
    assert not {"rate", "rate_type", "rate_status"} & set(member)
    assert "rate" not in project and project["notes"] == "Announced"


def test_each_event_has_its_own_delivery_id(owner: httpx.Client, inbox: Inbox) -> None:
    register(owner, inbox.url, ["member.updated"])
    update(owner)
    update(owner)
    inbox.events(2)
    assert len({r["headers"]["X-Webwork-Delivery"] for r in inbox.received}) == 2


def test_a_refused_change_and_an_unsubscribed_event_deliver_nothing(
    sandbox: Sandbox, owner: httpx.Client, inbox: Inbox
) -> None:
    register(owner, inbox.url, ["member.updated"])
    member = a_regular_member(owner)
    too_many = owner.put(
        f"members/{member['id']}", json={"workspace_id": ACME, "weekly_hours_limit": 999}
    )
    assert too_many.status_code == 422
    create_project(owner)  # not subscribed
    update(owner)  # the one that counts, delivered after the others would have been
    assert inbox.events(1) == ["member.updated"]
    time.sleep(0.2)
    assert len(inbox.received) == 1
    assert [d["event"] for d in sandbox.webhook_deliveries()] == ["member.updated"]
