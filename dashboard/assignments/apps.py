from __future__ import annotations

from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "dashboard.assignments"
    label = "assignments"
