"""WebWork's OAuth2 endpoints: authorization URL, code exchange and refresh, through Authlib.

Authorization code with PKCE (S256) and ``state``. Failures come back in the service layer's one
error vocabulary: a refused grant is a ``WebworkAuthError`` carrying WebWork's own description.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from django.conf import settings

import dashboard

from .errors import WebworkAuthError, WebworkUnavailable


@dataclass(frozen=True)
class TokenSet:
    """What the token endpoint answered. Never logged, never rendered."""

    access_token: str
    refresh_token: str
    expires_in: float | None
    scope: str

    def __repr__(self) -> str:
        return f"TokenSet(expires_in={self.expires_in}, scope={self.scope!r})"


@dataclass(frozen=True)
class Authorization:
    """A started authorization: send the user to ``url``; keep ``state`` and ``verifier``."""

    url: str
    state: str
    verifier: str


def _client(redirect_uri: str = "", transport: httpx.BaseTransport | None = None) -> OAuth2Client:
    return OAuth2Client(
        client_id=settings.WEBWORK_CLIENT_ID,
        client_secret=settings.WEBWORK_CLIENT_SECRET,
        scope=settings.WEBWORK_SCOPES,
        redirect_uri=redirect_uri or None,
        code_challenge_method="S256",
        token_endpoint=settings.WEBWORK_OAUTH_TOKEN_URL,
        timeout=settings.WEBWORK_TIMEOUT,
        headers={"User-Agent": f"webwork-dashboard/{dashboard.__version__}"},
        transport=transport,
    )


def start_authorization(redirect_uri: str) -> Authorization:
    """Build the authorize URL with a fresh state and PKCE verifier."""
    verifier = secrets.token_urlsafe(64)
    with _client(redirect_uri) as client:
        url, state = client.create_authorization_url(
            settings.WEBWORK_OAUTH_AUTHORIZE_URL,
            state=secrets.token_urlsafe(32),
            code_verifier=verifier,
        )
    return Authorization(url=url, state=state, verifier=verifier)


def exchange_code(
    code: str, redirect_uri: str, verifier: str, transport: httpx.BaseTransport | None = None
) -> TokenSet:
    """POST /oauth/token (authorization_code): trade the code for tokens."""
    with _client(redirect_uri, transport) as client:
        return _call(
            client.fetch_token,
            settings.WEBWORK_OAUTH_TOKEN_URL,
            grant_type="authorization_code",
            code=code,
            code_verifier=verifier,
        )


def refresh(refresh_token: str, transport: httpx.BaseTransport | None = None) -> TokenSet:
    """POST /oauth/token (refresh_token): a new access token, and a new refresh token."""
    with _client(transport=transport) as client:
        return _call(
            client.refresh_token, settings.WEBWORK_OAUTH_TOKEN_URL, refresh_token=refresh_token
        )


def _call(method: Any, *args: Any, **kwargs: Any) -> TokenSet:
    try:
        token = method(*args, **kwargs)
    except OAuthError as exc:
        detail = exc.description or exc.error or "the grant was refused"
        raise WebworkAuthError(
            f"WebWork refused the sign-in: {detail}.", method="POST", path="/oauth/token"
        ) from None
    except httpx.HTTPError as exc:
        raise WebworkUnavailable(
            f"WebWork's sign-in service did not answer ({type(exc).__name__}).",
            method="POST",
            path="/oauth/token",
        ) from None
    if not token.get("access_token"):
        raise WebworkAuthError("WebWork answered without an access token.", path="/oauth/token")
    return TokenSet(
        access_token=token["access_token"],
        refresh_token=token.get("refresh_token", ""),
        expires_in=float(token["expires_in"]) if token.get("expires_in") else None,
        scope=token.get("scope", ""),
    )
