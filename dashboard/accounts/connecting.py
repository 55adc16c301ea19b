"""Storing a new WebWork connection once WebWork has accepted its token."""

from __future__ import annotations

from django.contrib.auth.models import User

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.oauth import TokenSet
from dashboard.webwork.records import Workspace

from .models import WebworkConnection


class IdentityTaken(Exception):
    """The WebWork account behind the token is connected by another dashboard user."""

    def __init__(self, account: str, holder: str) -> None:
        super().__init__(account, holder)
        self.account = account
        self.holder = holder

    @property
    def message(self) -> str:
        return (
            f"The WebWork account {self.account} is already connected by another dashboard user"
            f" ({self.holder}). Connect a different WebWork account, or ask {self.holder} to"
            " disconnect it on their Connect WebWork page."
        )


def establish(user: User, kind: str, tokens: TokenSet) -> WebworkConnection:
    """Check the token against WebWork, then store it (encrypted) as the user's connection."""
    token = StaticToken(tokens.access_token, f"user:{user.pk}")
    workspaces: list[Workspace] = list(
        WebworkClient(token, None).workspaces.list(refresh=True).items
    )
    webwork_user_id = workspaces[0].user_id if workspaces else None
    taken = WebworkConnection.objects.filter(webwork_user_id=webwork_user_id).exclude(user=user)
    holder = taken.select_related("user").first() if webwork_user_id is not None else None
    if holder is not None:
        raise IdentityTaken(_account(token, workspaces[0]), holder.user.get_username())
    connection = WebworkConnection.objects.filter(user=user).first() or WebworkConnection(user=user)
    connection.kind = kind
    connection.webwork_user_id = webwork_user_id
    connection.scope = tokens.scope
    connection.set_tokens(tokens.access_token, tokens.refresh_token, tokens.expires_in)
    _keep_or_pick_workspace(connection, workspaces)
    connection.save()
    return connection


def _account(token: StaticToken, workspace: Workspace) -> str:
    """The taken account as WebWork names it; its id when WebWork will not show the member."""
    try:
        member = WebworkClient(token, workspace.id).members.get(workspace.user_id or 0)
    except WebworkError:
        return f"#{workspace.user_id} in {workspace.name}"
    return f"{member.name} ({member.email})" if member.name != member.email else member.email


def _keep_or_pick_workspace(connection: WebworkConnection, workspaces: list[Workspace]) -> None:
    by_id = {w.id: w for w in workspaces}
    chosen = by_id.get(connection.workspace_id or -1)
    if chosen is None and len(workspaces) == 1:
        chosen = workspaces[0]
    choose_workspace(connection, chosen)


def choose_workspace(connection: WebworkConnection, workspace: Workspace | None) -> None:
    connection.workspace_id = workspace.id if workspace else None
    connection.workspace_name = workspace.name if workspace else ""
    connection.workspace_role = workspace.role if workspace else ""
