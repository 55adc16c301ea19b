"""The request as the dashboard's middleware leaves it, for type checking views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dashboard.webwork.client import WebworkClient


class ConnectionRequired(Exception):
    """The page needs WebWork, and the user has no usable connection."""


class WorkspaceRequired(Exception):
    """The page needs a workspace, and the user has not chosen one."""


@dataclass(frozen=True)
class ActiveWorkspace:
    """The workspace the signed-in user works in, with their WebWork role there."""

    id: int
    name: str
    role: str

    @property
    def may(self) -> Role:
        """What the role allows: ``request.workspace.may.can_decide``, in templates too."""
        return Role(self.role)


class DashboardRequest(HttpRequest):
    htmx: HtmxDetails
    request_id: str
    user: User  # every view but the public ones sits behind LoginRequiredMiddleware
    webwork: WebworkClient  # lazy: built on first use from the user's own connection
    workspace: ActiveWorkspace | None
