"""Routes of the control plane (mounted under ``/__sandbox__/``)."""

from __future__ import annotations

from django.urls import path

from sandbox.control import views

urlpatterns = [
    path("health", views.health),
    path("state", views.state),
    path("reset", views.reset),
    path("tokens", views.issue_token),
    path("tokens/expire", views.expire_token),
    path("tokens/revoke", views.revoke_token),
    path("calls", views.calls),
    path("latency", views.latency),
    path("faults", views.faults),
    path("rate-limit", views.rate_limit),
    path("variant", views.variant),
    path("clock", views.clock_view),
    path("oauth-clients", views.oauth_clients),
    path("webhook-deliveries", views.webhook_deliveries),
    path("workspaces", views.workspaces),
]
