"""Projects of the workspace: the list, one project, create, update and archive."""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records import Project
from dashboard.webwork.records.pages import Envelope, Page
from dashboard.webwork.resources.base import Resource, Saved, data_object
from dashboard.webwork.resources.replies import record_or_none

# The contract's limit on every string (NOTES.md, "Changes from the reconstruction" 2).
MAX_NAME_LENGTH = 255
MAX_NOTES_LENGTH = 255
# A project's name shows on its contracts and on the viewers who see it; archiving one takes it
# off both and out of the task lists.
_TOUCHES = ("projects", "contracts", "viewers", "tasks")


def _refuse(field: str, message: str, *, method: str, path: str) -> WebworkInvalid:
    """A certain 422, said before an upstream call is spent on it."""
    return WebworkInvalid(message, field_errors={field: [message]}, method=method, path=path)


def _project(envelope: Envelope) -> Project:
    return Project.from_json(data_object(envelope))


_project_or_none = record_or_none(Project.from_json)


def _fields(
    *,
    name: str | None,
    start_date: date | None,
    deadline: date | None,
    estimation: float | None,
    budget: float | None,
    notes: str | None,
    method: str,
    path: str,
) -> dict[str, Any]:
    """The body of a create or update, refused unsent where WebWork would refuse it for certain."""
    if name is not None:
        name = name.strip()
        if not name:
            raise _refuse("name", "A project needs a name.", method=method, path=path)
        if len(name) > MAX_NAME_LENGTH:
            message = f"A project's name is at most {MAX_NAME_LENGTH} characters."
            raise _refuse("name", message, method=method, path=path)
    if notes is not None and len(notes) > MAX_NOTES_LENGTH:
        message = f"Notes are at most {MAX_NOTES_LENGTH} characters."
        raise _refuse("notes", message, method=method, path=path)
    if start_date and deadline and deadline < start_date:
        message = "The deadline is before the start date."
        raise _refuse("deadline", message, method=method, path=path)
    for field, number in (("estimation", estimation), ("budget", budget)):
        if number is not None and number < 0:
            raise _refuse(field, f"The {field} cannot be negative.", method=method, path=path)
    body: dict[str, Any] = {"name": name, "start_date": start_date, "deadline": deadline}
    return body | {"estimation": estimation, "budget": budget, "notes": notes}


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

    def create(
        self,
        *,
        name: str,
        start_date: date | None = None,
        deadline: date | None = None,
        estimation: float | None = None,
        budget: float | None = None,
        notes: str | None = None,
    ) -> Saved[Project]:
        """POST /projects: create a project; answers the project and WebWork's message.

        A blank or over-long name, a deadline before the start, a negative estimation or budget
        are refused unsent.
        """
        body = _fields(
            name=name,
            start_date=start_date,
            deadline=deadline,
            estimation=estimation,
            budget=budget,
            notes=notes,
            method="POST",
            path="/projects",
        )
        return self._api.saved("POST", "/projects", body, _project, touches=("projects",))

    def update(
        self,
        project_id: int,
        *,
        name: str | None = None,
        start_date: date | None = None,
        deadline: date | None = None,
        estimation: float | None = None,
        budget: float | None = None,
        notes: str | None = None,
    ) -> Saved[Project | None]:
        """PUT /projects/{projectId}: change what is given (a partial update).

        Nothing given is refused unsent, as is what ``create`` refuses. Answers the project when
        WebWork sends it back (``item`` None otherwise).
        """
        # Reference: a field left out keeps its value; the contract has no way to clear a date.
        path = f"/projects/{int(project_id)}"
        body = _fields(
            name=name,
            start_date=start_date,
            deadline=deadline,
            estimation=estimation,
            budget=budget,
            notes=notes,
            method="PUT",
            path=path,
        )
        if all(value is None for value in body.values()):
            raise WebworkInvalid("There is nothing to change.", method="PUT", path=path)
        return self._api.saved("PUT", path, body, _project_or_none, touches=_TOUCHES)

    def archive(self, project_id: int) -> str:
        """DELETE /projects/{projectId}: archive a project (WebWork calls it a delete).

        Reference: the API has no operation to restore an archived project (WebWork's own UI
        does that), and archived projects leave the list and ``GET /projects/{projectId}``.
        """
        path = f"/projects/{int(project_id)}"
        return self._api.action("DELETE", path, {}, touches=_TOUCHES)
