from __future__ import annotations

from django.apps import AppConfig


class HooksConfig(AppConfig):
    name = "dashboard.hooks"
    label = "hooks"
    verbose_name = "WebWork webhooks"
