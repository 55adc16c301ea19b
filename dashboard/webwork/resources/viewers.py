"""Client "project viewers" and the projects they may see."""

from __future__ import annotations

from dashboard.webwork.records import Viewer
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource, Saved, data_object
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed
from dashboard.webwork.transport.cache import LIST_TTL

_TOUCHES = ("viewers",)
# A viewer is a member of the workspace (role "Project viewer"): inviting, archiving and
# restoring one changes the members list too.
_MEMBERSHIP = ("viewers", "members")


class Viewers(Resource):
    def list(
        self,
        *,
        email: str | None = None,
        status: str | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Viewer]:
        """GET /project-viewers: list viewers (status: active, or inactive for archived ones)."""
        params = {"email": email, "status": status}
        return listed(self._api, "viewers", "/project-viewers", params, Viewer.from_json, paging)

    def all(self, *, refresh: bool = False) -> Page[Viewer]:
        """GET /project-viewers (every page): all viewers, archived ones too.

        Cached like a list (LIST_TTL), not like reference data: clients come and go.
        """
        return self._api.all_pages(
            "viewers", "/project-viewers", {}, Viewer.from_json, refresh=refresh, ttl=LIST_TTL
        )

    def get(self, viewer_id: int) -> Viewer:
        """GET /project-viewers/{viewerId}: one viewer and their projects."""
        return self._api.one(f"/project-viewers/{int(viewer_id)}", Viewer.from_json)

    def create(self, *, email: str, firstname: str, lastname: str) -> Saved[Viewer]:
        """POST /project-viewers: invite a viewer; answers the viewer and WebWork's message."""
        body = {"email": email, "firstname": firstname, "lastname": lastname}
        return self._api.saved(
            "POST",
            "/project-viewers",
            body,
            lambda env: Viewer.from_json(data_object(env)),
            touches=_MEMBERSHIP,
        )

    def archive(self, viewer_id: int) -> str:
        """DELETE /project-viewers/{viewerId}: archive a viewer (they lose access)."""
        path = f"/project-viewers/{int(viewer_id)}"
        return self._api.action("DELETE", path, {}, touches=_MEMBERSHIP)

    def restore(self, viewer_id: int) -> str:
        """POST /project-viewers/{viewerId}/restore: restore an archived viewer."""
        path = f"/project-viewers/{int(viewer_id)}/restore"
        return self._api.action("POST", path, {}, touches=_MEMBERSHIP)

    def assign_project(self, viewer_id: int, project_id: int) -> str:
        """POST /project-viewers/{viewerId}/assign-project: let a viewer see a project."""
        path = f"/project-viewers/{int(viewer_id)}/assign-project"
        return self._api.action("POST", path, {"project_id": int(project_id)}, touches=_TOUCHES)

    def unassign_project(self, viewer_id: int, project_id: int) -> str:
        """DELETE /project-viewers/{viewerId}/unassign-project: take a project from a viewer."""
        # Reference: this DELETE takes its arguments in a JSON body.
        path = f"/project-viewers/{int(viewer_id)}/unassign-project"
        return self._api.action("DELETE", path, {"project_id": int(project_id)}, touches=_TOUCHES)
