from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dashboard.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from . import schedules  # noqa: F401  (registers the digests and alerts job)
