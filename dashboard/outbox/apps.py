from __future__ import annotations

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "dashboard.outbox"
    label = "outbox"
    verbose_name = "Outbox"

    def ready(self) -> None:
        from . import schedules  # noqa: F401  (registers the sweep of due messages)
