from __future__ import annotations

from django.urls import path

from . import receiving, views

app_name = "hooks"

urlpatterns = [
    path("settings/webhooks/", views.webhook_settings, name="settings"),
    path("settings/webhooks/register/", views.webhook_register, name="register"),
    path("settings/webhooks/remove/", views.webhook_remove, name="remove"),
    path("hooks/webwork/<uuid:hook_key>/", receiving.receive, name="receive"),
]
