"""Workspaces: the source of every ``workspace_id``."""

from __future__ import annotations

from dashboard.webwork.api import Resource
from dashboard.webwork.models import Workspace
from dashboard.webwork.pages import Page


class Workspaces(Resource):
    def list(self, *, refresh: bool = False) -> Page[Workspace]:
        """GET /workspaces: list the caller's workspaces (every page; cached as reference data)."""
        return self._api.all_pages(
            "workspaces", "/workspaces", {}, Workspace.from_json, workspace=False, refresh=refresh
        )
