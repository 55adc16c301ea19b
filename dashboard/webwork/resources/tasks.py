"""Tasks of projects, and who is assigned to them.

Reference: every call that names a task also names its ``project_id`` (query for reads, JSON
body for writes); WebWork looks the task up inside that project.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records.pages import Envelope, Page, page_from
from dashboard.webwork.records.work import Task, TaskAssignee
from dashboard.webwork.resources.base import Resource, Saved, data_object, segment
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed

# Task titles appear in the task report too.
_TOUCHES = ("tasks", "reports")
STATUSES = frozenset({0, 10, 20, 30})
PRIORITIES = frozenset({10, 20, 30, 40})
MAX_TITLE = 255


def _task(envelope: Envelope) -> Task:
    return Task.from_json(data_object(envelope))


def _fields(
    method: str, path: str, *, create: bool, title: str | None, **fields: Any
) -> dict[str, Any]:
    """The body of a create or update, refused before sending when WebWork would refuse it."""
    errors: dict[str, list[str]] = {}
    if create or title is not None:
        if not title or not title.strip():
            errors["title"] = ["Give the task a title."]
        elif len(title) > MAX_TITLE:
            errors["title"] = [f"A title has at most {MAX_TITLE} characters."]
    if fields.get("status") is not None and fields["status"] not in STATUSES:
        errors["status"] = ["Choose one of the task statuses."]
    if fields.get("priority") is not None and fields["priority"] not in PRIORITIES:
        errors["priority"] = ["Choose one of the task priorities."]
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        errors["end_date"] = ["The end date must be on or after the start date."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise WebworkInvalid(first, field_errors=errors, method=method, path=path)
    return {"title": title, **fields}


class Tasks(Resource):
    def list(
        self,
        *,
        project_id: int | None = None,
        status: int | None = None,
        priority: int | None = None,
        contract_id: int | None = None,
        parent_id: int | None = None,
        order_by: str | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Task]:
        """GET /tasks: list tasks of a project, by status, priority, contract or parent task."""
        # Reference: project_id is required in the restricted docs, optional in the OAuth2 ones.
        params: dict[str, Any] = {"project_id": project_id, "status": status}
        params |= {"priority": priority, "contract_id": contract_id, "parent_id": parent_id}
        params |= {"order_by": order_by}
        return listed(self._api, "tasks", "/tasks", params, Task.from_json, paging)

    def all(self, project_id: int, *, refresh: bool = False) -> Page[Task]:
        """GET /tasks (every page): all tasks of a project."""
        params = {"project_id": int(project_id)}
        return self._api.all_pages("tasks", "/tasks", params, Task.from_json, refresh=refresh)

    def get(self, task_id: int, project_id: int) -> Task:
        """GET /tasks/{taskId}: one task of a project."""
        params = {"project_id": int(project_id)}
        return self._api.one(f"/tasks/{int(task_id)}", Task.from_json, params)

    def create(
        self,
        *,
        project_id: int,
        title: str,
        description: str | None = None,
        status: int | None = None,
        priority: int | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
        assignees: Iterable[int] = (),
        parent_id: int | None = None,
    ) -> Saved[Task]:
        """POST /tasks: a new task (status 0 and priority 30 unless given)."""
        fields: dict[str, Any] = {
            "description": description,
            "status": status,
            "priority": priority,
        }
        fields |= {"start_date": start_date, "end_date": end_date, "parent_id": parent_id}
        body = _fields("POST", "/tasks", create=True, title=title, **fields)
        body |= {"project_id": int(project_id), "assignees": [int(a) for a in assignees] or None}
        return self._api.saved("POST", "/tasks", body, _task, touches=_TOUCHES)

    def update(
        self,
        task_id: int,
        project_id: int,
        *,
        title: str | None = None,
        description: str | None = None,
        status: int | None = None,
        priority: int | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
        parent_id: int | None = None,
    ) -> Saved[Task]:
        """PUT /tasks/{taskId}: change the given fields only."""
        path = f"/tasks/{int(task_id)}"
        fields: dict[str, Any] = {
            "description": description,
            "status": status,
            "priority": priority,
        }
        fields |= {"start_date": start_date, "end_date": end_date, "parent_id": parent_id}
        body = _fields("PUT", path, create=False, title=title, **fields)
        body["project_id"] = int(project_id)
        return self._api.saved("PUT", path, body, _task, touches=_TOUCHES)

    def delete(self, task_id: int, project_id: int) -> str:
        """DELETE /tasks/{taskId}: delete a task (its tracked time keeps it)."""
        body = {"project_id": int(project_id)}
        return self._api.action("DELETE", f"/tasks/{int(task_id)}", body, touches=_TOUCHES)

    def assignees(self, task_id: int, project_id: int) -> tuple[TaskAssignee, ...]:
        """GET /tasks/{taskId}/assignees: who is assigned to a task."""
        path = f"/tasks/{int(task_id)}/assignees"
        params = {"project_id": int(project_id)}
        return self._api.get(path, params, _assignees)

    def assign(self, task_id: int, user_id: int, project_id: int) -> str:
        """POST /tasks/{taskId}/assign/{userId}: assign a member to a task."""
        path = f"/tasks/{int(task_id)}/assign/{segment(int(user_id))}"
        return self._api.action("POST", path, {"project_id": int(project_id)}, touches=_TOUCHES)

    def unassign(self, task_id: int, user_id: int, project_id: int) -> str:
        """DELETE /tasks/{taskId}/unassign/{userId}: take a member off a task."""
        path = f"/tasks/{int(task_id)}/unassign/{segment(int(user_id))}"
        return self._api.action("DELETE", path, {"project_id": int(project_id)}, touches=_TOUCHES)


def _assignees(envelope: Envelope) -> tuple[TaskAssignee, ...]:
    return page_from(envelope, TaskAssignee.from_json).items
