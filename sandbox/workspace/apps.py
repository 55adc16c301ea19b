"""App configuration."""

from __future__ import annotations

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "sandbox.workspace"
    label = "sandbox_workspace"
