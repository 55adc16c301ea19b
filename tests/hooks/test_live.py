"""End to end against the sandbox process: a manager registers the webhook on the settings page,
a member or a project changes in WebWork itself, the sandbox delivers to the live dashboard
server, and every manager's next page shows the change without ``refresh=1``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.contrib.auth.models import User
from django.test import Client

from dashboard.accounts.connecting import establish
from dashboard.hooks.models import Receipt, Registration
from dashboard.webwork.oauth import TokenSet
from tests.plugins.sandbox import Sandbox

pytestmark = pytest.mark.django_db(transaction=True)
FAST = 6000


@pytest.fixture
def webwork(sandbox: Sandbox, settings, live_server) -> Sandbox:
    sandbox.set_rate_limit(FAST)
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    settings.DASHBOARD_URL = live_server.url
    return sandbox


def signed_in(sandbox: Sandbox, username: str, email: str) -> Client:
    user = User.objects.create_user(username, f"{username}@example.test", "pw")
    establish(user, "token", TokenSet(sandbox.token(email), "", None, ""))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner(webwork: Sandbox) -> Client:
    return signed_in(webwork, "owner", "owner@acme.test")


@pytest.fixture
def executive(webwork: Sandbox) -> Client:
    return signed_in(webwork, "executive", "exec@acme.test")


@pytest.fixture
def upstream_owner(webwork: Sandbox) -> Iterator[httpx.Client]:
    """WebWork itself, changed by its owner outside the dashboard."""
    with webwork.api("owner@acme.test") as api:
        yield api


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def delivered(count: int) -> list[Receipt]:
    """The receipts once ``count`` deliveries have been taken (the sandbox sends after commit)."""
    deadline = time.monotonic() + 15
    while Receipt.objects.count() < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(Receipt.objects.all())


def register(client: Client, workspace: int) -> Registration:
    response = client.post("/settings/webhooks/register/")
    assert response.status_code == 302, response.content.decode()
    registration = Registration.current(workspace)
    assert registration is not None
    return registration


def a_member(api: httpx.Client, workspace: int) -> dict[str, Any]:
    rows = api.get("members", params={"workspace_id": workspace, "per_page": 100}).json()["data"]
    return next(m for m in rows if m["current_role"] == "Regular User")


@pytest.mark.parametrize("variant", ["api", "v2"])
def test_a_member_changed_in_webwork_shows_at_once_for_every_manager(
    webwork: Sandbox, owner: Client, executive: Client, upstream_owner, variant
):
    webwork.set_variant(variant)
    workspace = webwork.workspace_id("Acme Studio")
    member = a_member(upstream_owner, workspace)
    path = f"members/{member['id']}"
    listed = f"/members/?q={member['email']}"  # found in the cached list of every member
    for client in (owner, executive):
        assert member["lastname"] in page(client, listed)

    # Without the webhook, a change made in WebWork waits for the cache to expire.
    upstream_owner.put(path, json={"workspace_id": workspace, "lastname": "Cachedson"})
    assert "Cachedson" not in page(owner, listed)

    registration = register(owner, workspace)
    hooks = upstream_owner.get("webhooks", params={"workspace_id": workspace}).json()["data"]
    assert [h["url"] for h in hooks] == [registration.url]
    upstream_owner.put(path, json={"workspace_id": workspace, "lastname": "Hookfield"})
    (receipt,) = delivered(1)
    assert (receipt.verified, receipt.event) == (True, "member.updated")
    for client in (owner, executive):
        assert "Hookfield" in page(client, listed)
    assert [d["status"] for d in webwork.webhook_deliveries()] == [200]

    settings_page = page(owner, "/settings/webhooks/")
    assert "Registered" in settings_page and "member.updated" in settings_page


def test_a_project_renamed_in_webwork_shows_at_once(
    webwork: Sandbox, owner: Client, executive: Client, upstream_owner
):
    workspace = webwork.workspace_id("Acme Studio")
    project = upstream_owner.get("projects", params={"workspace_id": workspace}).json()["data"][0]
    path = f"projects/{project['id']}"
    for client in (owner, executive):
        assert project["name"] in page(client, f"/projects/?q={project['name']}")
    body = {"workspace_id": workspace, "name": "Cached name"}
    assert upstream_owner.put(path, json=body).status_code == 200
    assert "Cached name" not in page(owner, "/projects/?q=Cached")

    register(owner, workspace)
    body = {"workspace_id": workspace, "name": "Renamed in WebWork"}
    assert upstream_owner.put(path, json=body).status_code == 200
    (receipt,) = delivered(1)
    assert receipt.event == "project.updated" and receipt.verified
    for client in (owner, executive):
        assert "Renamed in WebWork" in page(client, "/projects/?q=Renamed")


def test_removing_stops_the_deliveries(webwork: Sandbox, owner: Client, upstream_owner):
    workspace = webwork.workspace_id("Acme Studio")
    register(owner, workspace)
    assert owner.post("/settings/webhooks/remove/").status_code == 302
    hooks = upstream_owner.get("webhooks", params={"workspace_id": workspace}).json()["data"]
    assert hooks == []
    member = a_member(upstream_owner, workspace)
    body = {"workspace_id": workspace, "lastname": "Unheard"}
    upstream_owner.put(f"members/{member['id']}", json=body)
    # The sandbox queues deliveries while it answers: with no webhook left, none is queued.
    assert webwork.webhook_deliveries() == []
    assert not Receipt.objects.exists()
