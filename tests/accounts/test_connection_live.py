"""Connecting to the real sandbox process: OAuth2 with PKCE, refresh, revocation, tokens."""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

import pytest

from dashboard.accounts.models import WebworkConnection
from dashboard.accounts.tokens import ConnectionTokens
from dashboard.webwork import oauth
from dashboard.webwork.client import WebworkClient
from tests.oauth_flow import connect_with_oauth, point_at_sandbox, sign_in_and_consent

pytestmark = pytest.mark.django_db(transaction=True)

CALLBACK = "http://testserver/connect/callback/"


@pytest.fixture
def webwork(settings, sandbox):
    """The dashboard pointed at the sandbox, registered there as an OAuth2 client."""
    return point_at_sandbox(settings, sandbox, CALLBACK)


def test_a_manager_connects_with_oauth_and_lands_where_they_started(
    manager_client, manager, webwork
):
    response, _ = connect_with_oauth(manager_client)
    assert response.status_code == 302
    assert response["Location"] == "/audit/"
    connection = WebworkConnection.objects.get(user=manager)
    assert connection.kind == "oauth"
    assert connection.workspace_name == "Acme Studio"  # the owner's only workspace
    assert connection.expires_at is not None and connection.refresh_token


def test_an_expired_token_is_refreshed_transparently(manager_client, manager, webwork):
    connect_with_oauth(manager_client)
    before = WebworkConnection.objects.get(user=manager).access_token
    webwork.expire_token(email="owner@acme.test", kind="access")
    assert manager_client.get("/workspace/").status_code == 200
    after = WebworkConnection.objects.get(user=manager)
    assert after.access_token != before and after.refreshed_at is not None
    statuses = [call["status"] for call in webwork.calls()]
    assert statuses[-2:] == [401, 200]


def test_twenty_concurrent_requests_with_an_expired_token_refresh_once(
    manager_client, manager, webwork, monkeypatch, settings
):
    # A budget that lets 20 requests go at once: this test is about the refresh, not pacing.
    settings.WEBWORK_RATE_PER_MINUTE = 600
    webwork.set_rate_limit(600)
    connect_with_oauth(manager_client)
    webwork.expire_token(email="owner@acme.test", kind="access")
    refreshes: list[str] = []
    real_refresh = oauth.refresh
    monkeypatch.setattr(
        oauth, "refresh", lambda token: refreshes.append("x") or real_refresh(token)
    )
    results: list[object] = []
    start = threading.Barrier(20)

    def page_view() -> None:
        connection = WebworkConnection.objects.get(user=manager)  # as each request reads it
        client = WebworkClient(ConnectionTokens(connection), connection.workspace_id)
        start.wait()
        try:
            results.append(len(client.workspaces.list(refresh=True).items))
        except Exception as exc:
            results.append(exc)

    threads = [threading.Thread(target=page_view) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [1] * 20
    assert len(refreshes) == 1


def test_a_revoked_token_leads_to_the_reconnect_prompt(manager_client, manager, webwork):
    connect_with_oauth(manager_client)
    webwork.revoke_token(email="owner@acme.test")
    response = manager_client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/connect/?next=%2Fworkspace%2F&reason=expired"
    assert WebworkConnection.objects.get(user=manager).status == "broken"
    page = manager_client.get(response["Location"]).content.decode()
    assert "WebWork no longer accepts your sign-in" in page


def test_a_personal_token_works_the_same_way(manager_client, manager, webwork):
    token = webwork.token("exec@acme.test")
    response = manager_client.post("/connect/", {"token": token, "next": "/audit/"})
    assert response["Location"] == "/audit/"
    connection = WebworkConnection.objects.get(user=manager)
    assert (connection.kind, connection.workspace_role) == ("token", "Executive manager")
    webwork.revoke_token(token)
    assert manager_client.get("/workspace/")["Location"].startswith("/connect/?next=")


def test_a_refused_personal_token_is_explained_and_nothing_is_stored(manager_client, webwork):
    response = manager_client.post("/connect/", {"token": "not-a-real-token"})
    assert "WebWork refused this token" in response.content.decode()
    assert not WebworkConnection.objects.exists()


def test_a_replayed_code_fails_safely(manager_client, manager, webwork):
    _, query = connect_with_oauth(manager_client)
    old_code = dict(pair.split("=", 1) for pair in query.split("&"))["code"]
    manager_client.get("/connect/?method=oauth")
    state = manager_client.session["webwork_oauth"]["state"]
    response = manager_client.get(f"/connect/callback/?code={old_code}&state={state}")
    assert response.status_code == 400
    assert "WebWork refused the sign-in" in response.content.decode()


def test_a_wrong_pkce_verifier_fails_safely(manager_client, manager, webwork):
    start = manager_client.get("/connect/?method=oauth")
    session = manager_client.session
    session["webwork_oauth"]["verifier"] = "x" * 64
    session.save()
    parts = urlsplit(sign_in_and_consent(start["Location"]))
    response = manager_client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 400
    assert not WebworkConnection.objects.filter(user=manager).exists()


def test_a_webwork_account_cannot_be_connected_by_two_dashboard_users(
    client, manager, outsider, webwork
):
    token = webwork.token("owner@acme.test")
    client.force_login(manager)
    client.post("/connect/", {"token": token})
    client.force_login(outsider)
    response = client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    assert "already connected by another dashboard user" in response.content.decode()
    assert not WebworkConnection.objects.filter(user=outsider).exists()


def test_a_user_with_several_workspaces_chooses_one(manager_client, manager, webwork):
    manager_client.post("/connect/", {"token": webwork.token("owner@globex.test")})
    connection = WebworkConnection.objects.get(user=manager)
    page = manager_client.get("/workspace/").content.decode()
    choices = [w for w in ("Acme Studio", "Globex") if w in page]
    assert choices, page
    if connection.workspace_id is None:
        globex = webwork.workspace_id("Globex")
        response = manager_client.post("/workspace/", {"workspace": globex, "next": "/audit/"})
        assert response["Location"] == "/audit/"
        assert WebworkConnection.objects.get(user=manager).workspace_name == "Globex"


def test_a_workspace_not_offered_is_refused(manager_client, manager, webwork):
    manager_client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    response = manager_client.post("/workspace/", {"workspace": webwork.workspace_id("Globex")})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_no_token_appears_in_the_logs(manager_client, manager, webwork, caplog):
    caplog.set_level(logging.DEBUG)
    connect_with_oauth(manager_client)
    webwork.expire_token(email="owner@acme.test", kind="access")
    manager_client.get("/workspace/")
    connection = WebworkConnection.objects.get(user=manager)
    for secret in (connection.access_token, connection.refresh_token):
        assert secret not in caplog.text
    assert "refreshed the WebWork token" in caplog.text


def test_disconnecting_deletes_the_tokens(manager_client, manager, webwork):
    manager_client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    response = manager_client.post("/connect/disconnect/")
    assert response["Location"] == "/connect/"
    assert not WebworkConnection.objects.exists()
