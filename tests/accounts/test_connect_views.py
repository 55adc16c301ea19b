from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry


@pytest.fixture
def oauth_settings(settings):
    settings.WEBWORK_CLIENT_ID = "dash-client"
    settings.WEBWORK_CLIENT_SECRET = "dash-secret"
    settings.WEBWORK_OAUTH_AUTHORIZE_URL = "https://webwork.example/oauth/authorize"
    settings.WEBWORK_OAUTH_TOKEN_URL = "https://webwork.example/oauth/token"
    return settings


def test_a_page_that_needs_webwork_sends_the_unconnected_to_connect(manager_client):
    from dashboard.accounts.middleware import ConnectionRequired, WebworkMiddleware

    request = manager_client.get("/").wsgi_request
    response = WebworkMiddleware(lambda r: None).process_exception(request, ConnectionRequired())
    assert response.status_code == 302
    assert response["Location"] == "/connect/?next=%2F"


def test_the_connect_page_offers_both_ways(manager_client, oauth_settings):
    html = manager_client.get("/connect/").content.decode()
    assert "Connect with WebWork" in html
    assert 'name="token"' in html


def test_starting_oauth_redirects_to_webwork_with_pkce_and_state(manager_client, oauth_settings):
    response = manager_client.get("/connect/?method=oauth&next=/viewers/")
    location = response["Location"]
    assert location.startswith("https://webwork.example/oauth/authorize?")
    assert "code_challenge_method=S256" in location
    assert "client_id=dash-client" in location
    pending = manager_client.session["webwork_oauth"]
    assert f"state={pending['state']}" in location
    assert pending["verifier"] not in location
    assert pending["next"] == "/viewers/"


def test_starting_oauth_refuses_an_offsite_next(manager_client, oauth_settings):
    manager_client.get("/connect/?method=oauth&next=https://evil.example/steal")
    assert manager_client.session["webwork_oauth"]["next"] == "/"


def test_a_callback_with_a_tampered_state_fails_safely(manager_client, oauth_settings):
    manager_client.get("/connect/?method=oauth")
    response = manager_client.get("/connect/callback/?code=abc&state=forged")
    assert response.status_code == 400
    assert "not started here" in response.content.decode()
    assert "webwork_oauth" not in manager_client.session  # the state cannot be tried twice
    assert AuditEntry.objects.get().outcome == "failed"


def test_a_callback_started_by_another_user_fails_safely(client, manager, outsider, oauth_settings):
    client.force_login(manager)
    client.get("/connect/?method=oauth")
    state = client.session["webwork_oauth"]["state"]
    session = client.session
    session["webwork_oauth"]["user"] = outsider.pk
    session.save()
    response = client.get(f"/connect/callback/?code=abc&state={state}")
    assert response.status_code == 400


def test_a_callback_without_a_started_flow_fails_safely(manager_client, oauth_settings):
    response = manager_client.get("/connect/callback/?code=abc&state=xyz")
    assert response.status_code == 400


def test_a_declined_consent_is_explained(manager_client, oauth_settings):
    manager_client.get("/connect/?method=oauth")
    state = manager_client.session["webwork_oauth"]["state"]
    response = manager_client.get(f"/connect/callback/?error=access_denied&state={state}")
    assert response.status_code == 400
    assert "did not grant access: access_denied" in response.content.decode()


def test_a_token_form_with_spaces_is_refused_before_anything_is_sent(manager_client):
    response = manager_client.post("/connect/", {"token": "two words"})
    assert "A token has no spaces" in response.content.decode()


def test_an_empty_token_form_is_refused(manager_client):
    response = manager_client.post("/connect/", {"token": ""})
    assert "This field is required." in response.content.decode()


def test_disconnect_needs_post(manager_client):
    assert manager_client.get("/connect/disconnect/").status_code == 405


def test_the_workspace_page_sends_the_unconnected_to_connect(manager_client):
    response = manager_client.get("/workspace/?next=/approvals/leaves/")
    assert response["Location"] == "/connect/?next=%2Fapprovals%2Fleaves%2F"


WORKSPACES = [
    {
        "id": 7,
        "owner_id": 1,
        "user_id": 100,
        "workspace_name": "Acme Studio",
        "role": "Owner",
        "status": "active",
        "created_at": "2024-01-15T10:30:00Z",
        "activated_at": "2024-01-15 10:30:00",
    },
    {
        "id": 9,
        "owner_id": 2,
        "user_id": 100,
        "workspace_name": "Globex <b>&</b>",
        "role": "Team manager",
        "status": "active",
        "created_at": "2024-01-15T10:30:00Z",
        "activated_at": "2024-01-15 10:30:00",
    },
]


def test_the_workspace_page_lists_the_users_workspaces(connected_client, upstream):
    from tests.fakes import ok

    upstream.route("GET", "/workspaces", ok(WORKSPACES))
    html = connected_client.get("/workspace/").content.decode()
    assert "Acme Studio (Owner)" in html
    assert "Globex &lt;b&gt;&amp;&lt;/b&gt; (Team manager)" in html


def test_switching_workspace_is_kept_and_announced(connected_client, connected, upstream):
    from tests.fakes import ok

    upstream.route("GET", "/workspaces", ok(WORKSPACES))
    response = connected_client.post("/workspace/", {"workspace": 9, "next": "/audit/"})
    assert response["Location"] == "/audit/"
    connected.refresh_from_db()
    assert (connected.workspace_id, connected.workspace_role) == (9, "Team manager")


def test_the_workspace_page_explains_an_upstream_outage(connected_client, upstream):
    from tests.fakes import fail

    upstream.route("GET", "/workspaces", fail(503, "Service Unavailable"))
    response = connected_client.get("/workspace/")
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()
    assert len(upstream.requests) == 3  # reads are retried, within bounds


def test_an_htmx_request_without_a_connection_returns_to_the_page_not_the_fragment(
    manager_client,
):
    response = manager_client.get(
        "/viewers/?page=2",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/viewers/?q=ada"},
    )
    assert response["HX-Redirect"] == "/connect/?next=%2Fviewers%2F%3Fq%3Dada"
