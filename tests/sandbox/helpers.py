"""Small helpers shared by the sandbox tests: a browser-like OAuth2 sign-in, PKCE values."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

CLIENT_ID = "test-client"
CLIENT_SECRET = "test-client-secret"
REDIRECT_URI = "http://127.0.0.1:9/callback"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hidden_fields(page: str) -> dict[str, str]:
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in fields}


@dataclass
class Browser:
    """Just enough of a browser to sign in and consent: cookies and redirects by hand."""

    base_url: str

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.base_url, timeout=30.0)

    def authorize(
        self,
        challenge: str,
        *,
        email: str = "owner@acme.test",
        password: str = "sandbox",
        scope: str = "read write",
        method: str = "S256",
        allow: bool = True,
    ) -> httpx.Response:
        """Go through sign-in and the consent page; answers the final redirect."""
        params = {
            "client_id": CLIENT_ID,
            "response_type": "code",
            "redirect_uri": REDIRECT_URI,
            "scope": scope,
            "state": "state-123",
            "code_challenge": challenge,
            "code_challenge_method": method,
        }
        response = self.http.get("/oauth/authorize/", params=params)
        if response.status_code == 302 and response.headers["location"].startswith("/login/"):
            login_page = self.http.get(response.headers["location"])
            form = _hidden_fields(login_page.text)
            form.update(username=email, password=password)
            response = self.http.post("/login/", data=form)
            if response.status_code != 302:
                return response
            response = self.http.get(response.headers["location"])
        if response.status_code != 200:
            return response
        form = _hidden_fields(response.text)
        if allow:
            form["allow"] = "Authorize"
        return self.http.post(response.url.raw_path.decode(), data=form)


def code_from(response: httpx.Response) -> str:
    assert response.status_code == 302, response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["state"] == ["state-123"]
    return query["code"][0]


def exchange(base_url: str, code: str, verifier: str) -> httpx.Response:
    return httpx.post(
        f"{base_url}/oauth/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "code_verifier": verifier,
        },
    )


def refresh(base_url: str, refresh_token: str) -> httpx.Response:
    return httpx.post(
        f"{base_url}/oauth/token/",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
