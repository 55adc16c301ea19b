"""OAuth2: authorization code with PKCE, sign-in and consent, refresh rotation, revocation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    Browser,
    code_from,
    exchange,
    pkce_pair,
    refresh,
)


@pytest.fixture
def client(sandbox: Sandbox) -> Sandbox:
    sandbox.register_client(CLIENT_ID, CLIENT_SECRET, [REDIRECT_URI], name="Test client")
    return sandbox


def _tokens(sandbox: Sandbox, **kwargs: Any) -> dict[str, Any]:
    verifier, challenge = pkce_pair()
    code = code_from(Browser(sandbox.url).authorize(challenge, **kwargs))
    response = exchange(sandbox.url, code, verifier)
    assert response.status_code == 200, response.text
    return response.json()


def _workspaces(sandbox: Sandbox, access_token: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {access_token}"}
    return httpx.get(f"{sandbox.api_url}/workspaces", headers=headers)


def test_the_authorization_code_flow_gives_a_working_token(client: Sandbox) -> None:
    tokens = _tokens(client)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 15 * 24 * 3600
    assert tokens["scope"] == "read write"
    response = _workspaces(client, tokens["access_token"])
    assert response.status_code == 200
    assert response.json()["data"][0]["workspace_name"] == "Acme Studio"
    assert client.calls()[-1]["email"] == "owner@acme.test"


def test_the_sign_in_page_uses_its_own_cookie_names(client: Sandbox) -> None:
    browser = Browser(client.url)
    page = browser.http.get("/login/")
    assert page.status_code == 200
    assert '<label for="id_username">Email</label>' in page.text
    assert "sandbox_csrftoken" in browser.http.cookies
    _, challenge = pkce_pair()
    browser.authorize(challenge)
    assert "sandbox_sessionid" in browser.http.cookies
    assert "sessionid" not in browser.http.cookies


def test_a_wrong_password_shows_the_form_again(client: Sandbox) -> None:
    _, challenge = pkce_pair()
    response = Browser(client.url).authorize(challenge, password="wrong")
    assert response.status_code == 200
    assert 'role="alert"' in response.text


def test_denying_consent_redirects_with_access_denied(client: Sandbox) -> None:
    _, challenge = pkce_pair()
    response = Browser(client.url).authorize(challenge, allow=False)
    assert response.status_code == 302
    assert "error=access_denied" in response.headers["location"]


def test_pkce_is_required(client: Sandbox) -> None:
    params = {"client_id": CLIENT_ID, "response_type": "code", "redirect_uri": REDIRECT_URI}
    browser = Browser(client.url)
    _, challenge = pkce_pair()
    browser.authorize(challenge)  # signs in
    response = browser.http.get("/oauth/authorize/", params={**params, "scope": "read"})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "error=invalid_request" in response.headers["location"]


def test_the_plain_challenge_method_is_refused(client: Sandbox) -> None:
    verifier, _ = pkce_pair()
    response = Browser(client.url).authorize(verifier, method="plain")
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "code=" not in response.headers["location"]


def test_a_bad_verifier_is_refused(client: Sandbox) -> None:
    _, challenge = pkce_pair()
    code = code_from(Browser(client.url).authorize(challenge))
    response = exchange(client.url, code, "x" * 50)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_works_only_once(client: Sandbox) -> None:
    verifier, challenge = pkce_pair()
    code = code_from(Browser(client.url).authorize(challenge))
    assert exchange(client.url, code, verifier).status_code == 200
    replay = exchange(client.url, code, verifier)
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"


def test_refresh_rotates_the_refresh_token(client: Sandbox) -> None:
    tokens = _tokens(client)
    renewed = refresh(client.url, tokens["refresh_token"])
    assert renewed.status_code == 200
    fresh = renewed.json()
    assert fresh["refresh_token"] != tokens["refresh_token"]
    assert _workspaces(client, fresh["access_token"]).status_code == 200
    assert _workspaces(client, tokens["access_token"]).status_code == 401
    # Replaying the old refresh token outside the grace period fails and kills the family.
    client.advance_clock(minutes=5)
    assert refresh(client.url, tokens["refresh_token"]).status_code == 400


def test_the_access_token_expires_with_the_sandbox_clock(client: Sandbox) -> None:
    tokens = _tokens(client)
    client.advance_clock(days=15, seconds=1)
    assert _workspaces(client, tokens["access_token"]).status_code == 401
    renewed = refresh(client.url, tokens["refresh_token"])
    assert renewed.status_code == 200
    assert _workspaces(client, renewed.json()["access_token"]).status_code == 200


def test_the_refresh_token_dies_after_thirty_days(client: Sandbox) -> None:
    tokens = _tokens(client)
    client.advance_clock(days=30, seconds=1)
    assert refresh(client.url, tokens["refresh_token"]).status_code == 400


def test_a_read_only_token_cannot_write(client: Sandbox) -> None:
    tokens = _tokens(client, scope="read")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    workspace = client.workspace_id()
    response = httpx.post(
        f"{client.api_url}/projects",
        headers=headers,
        json={"workspace_id": workspace, "name": "Nope"},
    )
    assert response.status_code == 403
    assert "write" in response.json()["message"]


def test_the_revocation_endpoint_revokes_the_access_token(client: Sandbox) -> None:
    tokens = _tokens(client)
    response = httpx.post(
        f"{client.url}/oauth/revoke_token/",
        data={
            "token": tokens["access_token"],
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert response.status_code == 200
    assert _workspaces(client, tokens["access_token"]).status_code == 401


def test_registering_a_client_again_updates_it(sandbox: Sandbox) -> None:
    first = sandbox.register_client("dash", "secret-1", ["http://127.0.0.1:1/cb"])
    second = sandbox.register_client("dash", "secret-2", "http://127.0.0.1:2/cb")
    assert first["created"] is True
    assert second["created"] is False
    assert second["redirect_uris"] == ["http://127.0.0.1:2/cb"]


def test_registered_clients_survive_a_reset(client: Sandbox) -> None:
    client.reset()
    assert "code=" in Browser(client.url).authorize(pkce_pair()[1]).headers["location"]


def test_an_expired_access_token_can_still_be_refreshed(client: Sandbox) -> None:
    tokens = _tokens(client)
    assert client.expire_token(tokens["access_token"], kind="access")["access"] == 1
    assert _workspaces(client, tokens["access_token"]).status_code == 401
    renewed = refresh(client.url, tokens["refresh_token"])
    assert renewed.status_code == 200
    assert _workspaces(client, renewed.json()["access_token"]).status_code == 200


def test_an_expired_refresh_token_is_refused(client: Sandbox) -> None:
    tokens = _tokens(client)
    assert client.expire_token(tokens["refresh_token"], kind="refresh")["refresh"] == 1
    assert refresh(client.url, tokens["refresh_token"]).status_code == 400


def test_revoking_by_email_ends_the_connection(client: Sandbox) -> None:
    tokens = _tokens(client)
    revoked = client.revoke_token(email="owner@acme.test")
    assert revoked["access"] == 1 and revoked["refresh"] == 1
    assert _workspaces(client, tokens["access_token"]).status_code == 401
    assert refresh(client.url, tokens["refresh_token"]).status_code == 400
