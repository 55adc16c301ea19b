"""The OAuth2 authorization-code flow against the sandbox, played without a browser."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import httpx


def point_at_sandbox(settings: Any, sandbox: Any, callback: str, client_id: str = "dashboard-test"):
    """Point the dashboard's settings at the sandbox and register it there as a client."""
    secret = f"{client_id}-secret"
    sandbox.register_client(client_id, secret, [callback])
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    settings.WEBWORK_OAUTH_AUTHORIZE_URL = f"{sandbox.url}/oauth/authorize/"
    settings.WEBWORK_OAUTH_TOKEN_URL = f"{sandbox.url}/oauth/token/"
    settings.WEBWORK_CLIENT_ID = client_id
    settings.WEBWORK_CLIENT_SECRET = secret
    return sandbox


def sign_in_and_consent(authorize_url: str, email: str = "owner@acme.test") -> str:
    """Play the manager's browser at the sandbox; answers the callback URL it redirects to."""
    with httpx.Client(timeout=30) as browser:
        response = browser.get(authorize_url)
        if response.status_code == 302:  # to the sandbox's sign-in page
            login = browser.get(httpx.URL(authorize_url).join(response.headers["location"]))
            form = _hidden(login.text) | {"username": email, "password": "sandbox"}
            signed_in = browser.post(login.url, data=form)
            response = browser.get(login.url.join(signed_in.headers["location"]))
        assert response.status_code == 200, response.text
        form = _hidden(response.text) | {"allow": "Authorize"}
        decision = browser.post(response.url, data=form)
        assert decision.status_code == 302, decision.text
        return decision.headers["location"]


def _hidden(page: str) -> dict[str, str]:
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in pairs}


def connect_with_oauth(client: Any, email: str = "owner@acme.test") -> tuple[Any, str]:
    """Connect the signed-in test client's user; answers the callback response and its query."""
    start = client.get("/connect/?method=oauth&next=/audit/")
    callback = sign_in_and_consent(start["Location"], email)
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}"), parts.query
