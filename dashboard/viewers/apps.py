from __future__ import annotations

from django.apps import AppConfig


class ViewersConfig(AppConfig):
    name = "dashboard.viewers"
    label = "viewers"
