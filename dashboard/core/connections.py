"""How a feature app reaches a user's WebWork without knowing how connections are kept.

``accounts`` keeps the connections (tokens, workspace, role) and registers itself here when the
app is ready, so that a background job can act with its owner's connection and a page can tell
"not connected" from "no workspace chosen" without importing ``accounts``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.webwork.client import WebworkClient

Status = Literal["none", "broken", "no_workspace", "ready"]


class Connections(Protocol):
    def client_for(
        self, user: AbstractBaseUser | AnonymousUser, workspace_id: int | None
    ) -> WebworkClient: ...

    def status(self, request: HttpRequest) -> Status: ...


_registered: Connections | None = None


def register(connections: Connections) -> None:
    global _registered
    _registered = connections


def _connections() -> Connections:
    if _registered is None:
        raise RuntimeError("No app keeps WebWork connections (is dashboard.accounts installed?)")
    return _registered


def client_for(user: AbstractBaseUser | AnonymousUser, workspace_id: int | None) -> WebworkClient:
    """``user``'s WebWork in ``workspace_id`` (``None``: outside any workspace, to list the
    user's workspaces); ``WebworkAuthError`` when it is gone or broken."""
    return _connections().client_for(user, workspace_id)


def status(request: HttpRequest) -> Status:
    """Whether the signed-in user can work with WebWork now, and if not, why."""
    return _connections().status(request)
