from __future__ import annotations

from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "dashboard.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        from . import schedules  # noqa: F401  (registers the pruning of old claims)
