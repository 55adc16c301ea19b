"""Projects of the workspace (read-only here)."""

from __future__ import annotations

from dashboard.webwork.records import Project
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource


class Projects(Resource):
    def list(
        self, *, name: str | None = None, page: int = 1, per_page: int = 20, refresh: bool = False
    ) -> Page[Project]:
        """GET /projects: list projects, filtered by name."""
        params = {"name": name, "page": page, "per_page": per_page}
        return self._api.list_page(
            "projects", "/projects", params, Project.from_json, refresh=refresh
        )

    def all(self, *, refresh: bool = False) -> Page[Project]:
        """GET /projects (every page): all projects, cached as reference data."""
        return self._api.all_pages("projects", "/projects", {}, Project.from_json, refresh=refresh)

    def get(self, project_id: int) -> Project:
        """GET /projects/{projectId}: one project."""
        return self._api.one(f"/projects/{int(project_id)}", Project.from_json)
