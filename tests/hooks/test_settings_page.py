"""/settings/webhooks/ against a fake WebWork: who may, what is sent, what is stored and audited,
and that the secret is never shown, logged or stored in the clear."""

from __future__ import annotations

import logging
import uuid

import pytest

from dashboard.accounts.models import WebworkConnection
from dashboard.audit.models import AuditEntry
from dashboard.hooks import registering
from dashboard.hooks.models import Receipt, Registration
from tests.conftest import VIEW_TEST_WORKSPACE
from tests.fakes import body_of, fail, ok, pages

pytestmark = pytest.mark.django_db

BASE = "https://dashboard.test"
SECRET = "whsec_fresh_0123456789abcdef0123456789"
URL = "/settings/webhooks/"


@pytest.fixture(autouse=True)
def _address(settings):
    settings.DASHBOARD_URL = BASE


def listed(*hooks: dict) -> object:
    return ok(list(hooks), pagination=pages(len(hooks), 100, 1))


def hook(hook_id: str, url: str, events: list[str] | None = None) -> dict:
    return {"id": hook_id, "url": url, "events": events or list(registering.EVENTS)}


def ours(key: uuid.UUID | None = None) -> str:
    return f"{BASE}/hooks/webwork/{key or uuid.uuid4()}/"


def created(upstream, hook_id: str = "wh_new", secret: str | None = SECRET) -> None:
    def answer(request):
        url = body_of(request)["url"]
        data = hook(hook_id, url) | ({"token": secret} if secret else {})
        return ok(data, message="Webhook created successfully")(request)

    upstream.route("POST", "/webhooks", answer)


def registered(key: uuid.UUID | None = None, webhook_id: str = "wh_old") -> Registration:
    row = Registration(
        key=key or uuid.uuid4(),
        workspace_id=VIEW_TEST_WORKSPACE,
        webhook_id=webhook_id,
        events=list(registering.EVENTS),
    )
    row.url = ours(row.key)
    row.set_secret("whsec_old")
    row.save()
    return row


def test_a_workspace_without_the_webhook(connected_client, upstream):
    upstream.route("GET", "/webhooks", listed(hook("wh_9", "https://elsewhere.test/in")))
    response = connected_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not registered" in html and "Register the webhook" in html
    assert "1 other webhook in this workspace" in html
    assert f'href="{URL}"' in html  # in the navigation of an owner


@pytest.mark.parametrize("role", ["Team manager", "Regular User", "Project viewer"])
def test_other_roles_may_not_and_nothing_is_sent(client, manager, connected, upstream, role):
    WebworkConnection.objects.filter(pk=connected.pk).update(workspace_role=role)
    client.force_login(manager)
    for response in (
        client.get(URL),
        client.post(f"{URL}register/"),
        client.get(f"{URL}remove/"),
        client.post(f"{URL}remove/"),
    ):
        assert response.status_code == 403
    assert not upstream.requests
    assert f'href="{URL}"' not in client.get("/audit/").content.decode()


def test_registering_sends_our_address_and_stores_the_secret_sealed(
    connected_client, upstream, caplog
):
    upstream.route("GET", "/webhooks", listed())
    created(upstream)
    caplog.set_level(logging.DEBUG)
    response = connected_client.post(f"{URL}register/")
    assert response.status_code == 302
    sent = body_of(upstream.calls("POST", "/webhooks")[0])
    row = Registration.objects.get()
    assert sent["url"] == row.url == f"{BASE}/hooks/webwork/{row.key}/"
    assert sent["events"] == list(registering.EVENTS)
    assert sent["workspace_id"] == VIEW_TEST_WORKSPACE
    assert row.webhook_id == "wh_new" and row.secret == SECRET
    assert SECRET not in row.secret_sealed
    entry = AuditEntry.objects.get(action="webhook.register")
    assert entry.outcome == "ok" and entry.target_id == "wh_new"
    assert SECRET not in str(entry.summary) + entry.upstream_message
    upstream.route("GET", "/webhooks", listed(hook("wh_new", row.url) | {"token": SECRET}))
    page = connected_client.get(URL).content.decode()
    assert "Registered" in page and row.url in page
    assert SECRET not in page
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("", "DASHBOARD_URL is not set"),
        ("ftp://dashboard.test", "not an http or https address"),
        ("http://dashboard.test", "must use https"),
        ("http://127.0.0.1:8000", "loopback address, which WebWork cannot reach"),
        ("https://dashboard.test/?a=1", "without a query"),
        ("https://dashboard.test/" + "x" * 250, "too long"),
    ],
)
def test_an_address_webwork_could_not_deliver_to_is_never_sent(
    connected_client, upstream, settings, address, why
):
    settings.DASHBOARD_URL = address
    upstream.route("GET", "/webhooks", listed())
    response = connected_client.post(f"{URL}register/")
    assert response.status_code == 200
    assert why in response.content.decode()
    assert not upstream.calls("POST", "/webhooks")
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.exists()


def test_webworks_refusal_is_shown_in_its_words_and_leaves_nothing(connected_client, upstream):
    upstream.route("GET", "/webhooks", listed())
    refusal = fail(422, "The url field must be a valid URL.", errors={"url": ["Bad url."]})
    upstream.route("POST", "/webhooks", refusal)
    response = connected_client.post(f"{URL}register/")
    assert "Bad url." in response.content.decode()
    assert not Registration.objects.exists()
    entry = AuditEntry.objects.get(action="webhook.register")
    assert entry.outcome == "failed"
    assert entry.upstream_message == "The url field must be a valid URL."


def test_webwork_down_is_said_and_leaves_nothing(connected_client, upstream):
    upstream.route("GET", "/webhooks", listed())
    upstream.route("POST", "/webhooks", fail(503, "Maintenance"))
    response = connected_client.post(f"{URL}register/")
    assert "WebWork said: Maintenance" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_webhook_without_a_secret_is_taken_back(connected_client, upstream):
    upstream.route("GET", "/webhooks", listed())
    created(upstream, secret=None)
    upstream.route("DELETE", "/webhooks/wh_new", ok(None, message="Webhook deleted successfully"))
    response = connected_client.post(f"{URL}register/")
    assert "sent no secret" in response.content.decode()
    assert len(upstream.calls("DELETE", "/webhooks/wh_new")) == 1
    assert not Registration.objects.exists()


def test_registering_again_replaces_the_old_webhook_and_strays(connected_client, upstream):
    old = registered()
    stray = hook("wh_stray", ours())
    theirs = hook("wh_theirs", "https://elsewhere.test/in")
    upstream.route("GET", "/webhooks", listed(hook("wh_old", old.url), stray, theirs))
    page = connected_client.get(URL).content.decode()
    assert "Registered" in page and "Register again" in page
    created(upstream)
    upstream.route("DELETE", "/webhooks/wh_old", ok(None, message="Webhook deleted successfully"))
    upstream.route("DELETE", "/webhooks/wh_stray", fail(404, "Webhook not found"))
    response = connected_client.post(f"{URL}register/", follow=True)
    assert [r.webhook_id for r in Registration.objects.all()] == ["wh_new"]
    assert not upstream.calls("DELETE", "/webhooks/wh_theirs")
    removals = AuditEntry.objects.filter(action="webhook.remove").order_by("target_id")
    assert [(e.target_id, e.outcome) for e in removals] == [
        ("wh_old", "ok"),
        ("wh_stray", "failed"),
    ]
    html = response.content.decode()
    assert "Replaced Webhook wh_old" in html and "WebWork no longer had it" in html


def test_a_webhook_at_our_address_without_our_secret_is_said(connected_client, upstream):
    upstream.route("GET", "/webhooks", listed(hook("wh_x", ours())))
    html = connected_client.get(URL).content.decode()
    assert "Secret unknown" in html and "Register again" in html


def test_a_registration_webwork_no_longer_lists_is_said(connected_client, upstream):
    registered()
    upstream.route("GET", "/webhooks", listed())
    assert "Not in WebWork" in connected_client.get(URL).content.decode()


def test_removing_asks_first_then_removes_in_webwork_and_here(connected_client, upstream):
    old = registered()
    upstream.route("GET", "/webhooks", listed(hook("wh_old", old.url)))
    confirm = connected_client.get(f"{URL}remove/")
    assert confirm.status_code == 200 and "wh_old" in confirm.content.decode()
    assert not upstream.calls("DELETE", "/webhooks/wh_old")
    upstream.route("DELETE", "/webhooks/wh_old", ok(None, message="Webhook deleted successfully"))
    response = connected_client.post(f"{URL}remove/", follow=True)
    assert "Removed the webhook" in response.content.decode()
    assert not Registration.objects.exists()
    entry = AuditEntry.objects.get(action="webhook.remove")
    assert entry.outcome == "ok" and entry.upstream_message == "Webhook deleted successfully"


def test_a_removal_webwork_refuses_keeps_the_registration(connected_client, upstream):
    old = registered()
    upstream.route("GET", "/webhooks", listed(hook("wh_old", old.url)))
    upstream.route("DELETE", "/webhooks/wh_old", fail(403, "Not allowed"))
    response = connected_client.post(f"{URL}remove/", follow=True)
    assert "Could not remove Webhook wh_old: WebWork said: Not allowed" in (
        response.content.decode()
    )
    assert Registration.objects.filter(pk=old.pk).exists()


def test_the_last_deliveries_are_listed(connected_client, upstream):
    old = registered()
    Receipt.objects.create(
        workspace_id=VIEW_TEST_WORKSPACE,
        registration=old,
        event="member.updated",
        verified=True,
        status=200,
        reason="accepted",
        detail="Refreshed members, contracts, viewers.",
    )
    Receipt.objects.create(
        workspace_id=VIEW_TEST_WORKSPACE,
        registration=old,
        status=403,
        reason="wrong_signature",
        detail="The signature does not match the body and this secret.",
    )
    Receipt.objects.create(
        workspace_id=VIEW_TEST_WORKSPACE + 1, status=401, reason="unsigned", detail="elsewhere"
    )
    upstream.route("GET", "/webhooks", listed(hook("wh_old", old.url)))
    html = connected_client.get(URL).content.decode()
    assert "Refreshed members, contracts, viewers." in html and "Verified" in html
    assert "The signature does not match" in html and "Refused" in html
    assert "elsewhere" not in html  # another workspace's deliveries


def test_without_a_connection_the_page_sends_you_to_connect(manager_client, upstream):
    response = manager_client.get(URL)
    assert response.status_code == 302 and "/connect/" in response["Location"]
    assert not upstream.requests
