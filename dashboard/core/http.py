"""The request as the dashboard's middleware leaves it, for type checking views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class DashboardRequest(HttpRequest):
    htmx: HtmxDetails
    request_id: str
    user: User  # every view but the public ones sits behind LoginRequiredMiddleware
    webwork: Any
    workspace: Any
