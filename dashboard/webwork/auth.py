"""Where the client gets its bearer token.

The dashboard's WebWork connection model implements ``TokenSource`` (OAuth2 with refresh, or a
personal access token); ``StaticToken`` serves tests and simple scripts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from dashboard.webwork.errors import WebworkAuthError


class TokenSource(Protocol):
    """The credentials of one WebWork identity.

    ``budget_key`` is a stable id of the identity (never the token): it keys the shared rate
    budget and the cache. The methods may be called from the service layer's worker threads.
    """

    @property
    def budget_key(self) -> str: ...

    def access_token(self) -> str:
        """The current access token."""
        ...

    def refreshed_token(self, stale: str) -> str:
        """A fresh token after ``stale`` got a 401; raises WebworkAuthError when there is none."""
        ...


@dataclass(frozen=True)
class StaticToken:
    """A personal access token: nothing to refresh, so a 401 means it was revoked or expired."""

    token: str = field(repr=False)
    budget_key: str

    def access_token(self) -> str:
        return self.token

    def refreshed_token(self, stale: str) -> str:
        raise WebworkAuthError(
            "WebWork refused the personal access token: it was revoked or has expired."
        )
