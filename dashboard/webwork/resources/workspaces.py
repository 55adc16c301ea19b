"""Workspaces: the source of every ``workspace_id``."""

from __future__ import annotations

from dashboard.webwork.records import Workspace
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource


class Workspaces(Resource):
    def list(self, *, refresh: bool = False) -> Page[Workspace]:
        """GET /workspaces: list the caller's workspaces (every page; cached as reference data)."""
        return self._api.all_pages(
            "workspaces", "/workspaces", {}, Workspace.from_json, workspace=False, refresh=refresh
        )
