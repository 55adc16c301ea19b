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


MEMBER = {
    "id": 100,
    "email": "amelia@acme.test",
    "firstname": "Amelia",
    "lastname": "Stone",
    "role": "Owner",
    "status": "active",
}


@pytest.fixture
def held_by_outsider(outsider):
    """The outsider already connected WebWork user 100, the one every token below belongs to."""
    from dashboard.accounts.models import WebworkConnection

    connection = WebworkConnection(
        user=outsider, kind="token", webwork_user_id=100, workspace_id=7, workspace_name="Acme"
    )
    connection.set_tokens("outsider-token")
    connection.save()
    return connection


def test_a_taken_account_is_named_with_who_holds_it_and_the_way_out(
    manager_client, held_by_outsider, upstream
):
    from tests.fakes import ok

    upstream.route("GET", "/workspaces", ok(WORKSPACES))
    upstream.route("GET", "/members/100", ok(MEMBER))
    html = manager_client.post("/connect/", {"token": "wwpat_abc"}).content.decode()
    assert (
        "The WebWork account Amelia Stone (amelia@acme.test) is already connected by another"
        " dashboard user (outsider)." in html
    )
    assert "Connect a different WebWork account, or ask outsider to disconnect it" in html
    assert upstream.calls("GET", "/members/100")[0].url.params["workspace_id"] == "7"


def test_a_taken_account_is_still_named_when_webwork_will_not_show_the_member(
    manager_client, held_by_outsider, upstream
):
    from tests.fakes import fail, ok

    upstream.route("GET", "/workspaces", ok(WORKSPACES))
    upstream.route("GET", "/members/100", fail(403, "Insufficient permissions"))
    html = manager_client.post("/connect/", {"token": "wwpat_abc"}).content.decode()
    assert "The WebWork account #100 in Acme Studio is already connected" in html


def test_no_extra_call_is_made_when_the_account_is_free(manager_client, upstream):
    from tests.fakes import ok

    upstream.route("GET", "/workspaces", ok(WORKSPACES))
    response = manager_client.post("/connect/", {"token": "wwpat_abc"})
    assert response.status_code == 302
    assert [r.url.path for r in upstream.requests] == ["/api/v2/workspaces"]


@pytest.fixture
def sign_out_settings(oauth_settings):
    oauth_settings.WEBWORK_LOGOUT_URL = "https://webwork.example/logout"
    return oauth_settings


def test_using_another_account_signs_out_at_webwork_and_comes_back_to_authorize(
    manager_client, sign_out_settings
):
    from urllib.parse import parse_qs, urlsplit

    response = manager_client.get("/connect/?method=oauth&account=another&next=/viewers/")
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://webwork.example/logout"
    )
    back = parse_qs(location.query)["next"][0]
    assert back.startswith("https://webwork.example/oauth/authorize?")
    pending = manager_client.session["webwork_oauth"]
    assert f"state={pending['state']}" in back
    assert pending["next"] == "/viewers/"


def test_using_another_account_without_a_sign_out_address_goes_to_authorize(
    manager_client, oauth_settings
):
    oauth_settings.WEBWORK_LOGOUT_URL = ""
    response = manager_client.get("/connect/?method=oauth&account=another")
    assert response["Location"].startswith("https://webwork.example/oauth/authorize?")


def test_the_connect_page_offers_another_account_when_webwork_can_sign_out(
    manager_client, sign_out_settings
):
    html = manager_client.get("/connect/?next=/audit/").content.decode()
    assert 'href="/connect/?method=oauth&amp;account=another&amp;next=%2Faudit%2F"' in html


def test_a_failed_connection_offers_another_account_and_starting_again(
    manager_client, sign_out_settings
):
    manager_client.get("/connect/?method=oauth&next=/audit/")
    state = manager_client.session["webwork_oauth"]["state"]
    html = manager_client.get(f"/connect/callback/?error=access_denied&state={state}").content
    page = html.decode()
    assert "Use another WebWork account" in page
    assert 'href="/connect/?method=oauth&amp;account=another&amp;next=%2Faudit%2F"' in page
    assert 'href="/connect/?next=%2Faudit%2F"' in page


def test_without_a_sign_out_address_a_failure_says_how_to_change_account(
    manager_client, oauth_settings
):
    oauth_settings.WEBWORK_LOGOUT_URL = ""
    manager_client.get("/connect/?method=oauth")
    state = manager_client.session["webwork_oauth"]["state"]
    page = manager_client.get(f"/connect/callback/?error=access_denied&state={state}")
    assert "account=another" not in page.content.decode()
    assert "sign out of WebWork in this browser" in page.content.decode()


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000"])
def test_the_callback_is_on_the_host_the_user_is_on(manager_client, oauth_settings, host):
    from urllib.parse import parse_qs, urlsplit

    response = manager_client.get("/connect/?method=oauth", headers={"Host": host})
    sent = parse_qs(urlsplit(response["Location"]).query)["redirect_uri"][0]
    assert sent == f"http://{host}/connect/callback/"
    assert manager_client.session["webwork_oauth"]["redirect_uri"] == sent
