"""App configuration."""

from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sandbox.api"
    label = "sandbox_api"
