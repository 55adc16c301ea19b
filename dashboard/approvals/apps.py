from __future__ import annotations

from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "dashboard.approvals"
    label = "approvals"

    def ready(self) -> None:
        from . import schedules  # noqa: F401  (registers the reminder schedules' periodic job)
