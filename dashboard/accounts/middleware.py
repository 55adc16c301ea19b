"""``request.webwork``: the service layer, built lazily from the user's own connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_htmx.http import HttpResponseClientRedirect

from dashboard.core.connections import Status
from dashboard.core.http import ActiveWorkspace, ConnectionRequired, WorkspaceRequired
from dashboard.core.middleware import return_path
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkAuthError

from .models import WebworkConnection
from .tokens import ConnectionTokens


def connection_of(request: HttpRequest) -> WebworkConnection | None:
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_webwork_connection"):
        request._webwork_connection = WebworkConnection.objects.filter(  # type: ignore[attr-defined]
            user=request.user
        ).first()
    return request._webwork_connection  # type: ignore[attr-defined]


def account_client(connection: WebworkConnection) -> WebworkClient:
    """A client for calls outside any workspace (listing the user's workspaces)."""
    return WebworkClient(ConnectionTokens(connection), None)


def _client(request: HttpRequest) -> WebworkClient:
    connection = connection_of(request)
    if connection is None or not connection.is_usable:
        raise ConnectionRequired
    if connection.workspace_id is None:
        raise WorkspaceRequired
    return WebworkClient(ConnectionTokens(connection), connection.workspace_id)


def _workspace(request: HttpRequest) -> ActiveWorkspace | None:
    connection = connection_of(request)
    if connection is None or connection.workspace_id is None:
        return None
    return ActiveWorkspace(
        connection.workspace_id, connection.workspace_name, connection.workspace_role
    )


class WebworkMiddleware:
    """Sets ``request.webwork`` and ``request.workspace``; sends the unconnected to /connect/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.webwork = SimpleLazyObject(lambda: _client(request))  # type: ignore[attr-defined]
        request.workspace = _workspace(request)  # type: ignore[attr-defined]
        request.webwork_connection_broken = lambda reason: _mark_broken(request, reason)  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, ConnectionRequired):
            return _redirect(request, "accounts:connect")
        if isinstance(exc, WorkspaceRequired):
            return _redirect(request, "accounts:workspace")
        return None


def _mark_broken(request: HttpRequest, reason: str) -> None:
    connection = connection_of(request)
    if connection is not None:
        connection.refresh_from_db()
        if connection.is_usable:
            connection.mark_broken(reason)


def _redirect(request: HttpRequest, name: str, **extra: Any) -> HttpResponse:
    url = reverse(name) + "?" + urlencode({"next": return_path(request), **extra})
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class KeptConnections:
    """The connections as ``dashboard.core.connections`` offers them to other apps."""

    def client_for(self, user: Any, workspace_id: int | None) -> WebworkClient:
        connection = WebworkConnection.objects.filter(user=user).first()
        if connection is None or not connection.is_usable:
            raise WebworkAuthError("The WebWork connection of this user is missing or broken.")
        return WebworkClient(ConnectionTokens(connection), workspace_id, for_page=False)

    def status(self, request: HttpRequest) -> Status:
        connection = connection_of(request)
        if connection is None:
            return "none"
        if not connection.is_usable:
            return "broken"
        return "ready" if connection.workspace_id is not None else "no_workspace"
