from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dashboard.accounts"
    label = "accounts"

    def ready(self) -> None:
        from dashboard.core import connections

        from . import lockout, sessions  # noqa: F401  (their signal receivers)
        from .middleware import KeptConnections

        connections.register(KeptConnections())
