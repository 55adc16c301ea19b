"""Tasks of projects, and who is assigned to them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api import rules
from sandbox.api.envelope import Page, invalid, not_found, ok
from sandbox.api.inputs import Inputs, given
from sandbox.api.operation import Ctx, operation, path_id
from sandbox.api.present_work import TASK_PRIORITIES, TASK_STATUSES, assignee_json, task_json
from sandbox.api.visibility import restrict_users, visible_projects, workspace_member
from sandbox.workspace.models import Contract, Project, Role, Task

ORDERS = ("id", "title", "status", "priority", "start_date", "end_date", "created_at")
ORDER_CHOICES = (*ORDERS, *(f"-{o}" for o in ORDERS))
MANAGE = rules.TASK_MANAGER_ROLES


def _tasks(ctx: Ctx) -> QuerySet[Task]:
    return (
        Task.objects.filter(project__in=visible_projects(ctx).values("pk"), deleted_at__isnull=True)
        .select_related("project__workspace")
        .prefetch_related("assignees")
    )


def _project(ctx: Ctx, project_id: int | None) -> Project:
    project = visible_projects(ctx).filter(pk=project_id or 0).first()
    if project is None:
        raise not_found("Project")
    return project


def _task(ctx: Ctx, task_id: str, inputs: Inputs) -> Task:
    """The task named in the path, which must be in the ``project_id`` given with it."""
    project_id = inputs.integer("project_id", required=True)
    inputs.check()
    task = _tasks(ctx).filter(pk=path_id(task_id, "Task"), project_id=given(project_id)).first()
    if task is None:
        raise not_found("Task")
    return task


def _choice(inputs: Inputs, name: str, allowed: dict[int, Any], *, nullable: bool = False) -> Any:
    value = inputs.integer(name, nullable=nullable)
    if value is not None and value not in allowed:
        inputs.fail(name, f"The selected {name} is invalid.")
    return value


@operation()
def list_tasks(ctx: Ctx) -> HttpResponse:
    """GET /tasks: filters project, status, priority, contract and parent task."""
    q = ctx.query
    # Reference: project_id is required in the restricted docs, optional in the OAuth2 ones.
    project_id = q.integer("project_id", required=ctx.variant == "v2")
    status = _choice(q, "status", TASK_STATUSES)
    priority = _choice(q, "priority", TASK_PRIORITIES)
    contract_id = q.integer("contract_id")
    parent_id = q.integer("parent_id")
    order = q.text("order_by", choices=ORDER_CHOICES) or "id"
    page, per_page = q.page()
    q.check()
    rows = _tasks(ctx)
    if project_id is not None:
        rows = rows.filter(project=_project(ctx, project_id))
    if contract_id is not None:
        contracts = restrict_users(ctx, Contract.objects.filter(workspace=ctx.workspace))
        contract = contracts.filter(pk=contract_id).first()
        if contract is None:
            raise not_found("Contract")
        rows = rows.filter(project_id=contract.project_id, assignees=contract.user_id)
    for field, value in (("status", status), ("priority", priority), ("parent_id", parent_id)):
        if value is not None:
            rows = rows.filter(**{field: value})
    result = Page(rows.order_by(order, "pk"), page, per_page)
    return ok([task_json(t) for t in result.items], pagination=result.pagination)


@operation()
def get_task(ctx: Ctx, task_id: str) -> HttpResponse:
    """GET /tasks/{taskId}."""
    return ok(task_json(_task(ctx, task_id, ctx.query)), message="Task retrieved successfully")


def _fields(b: Inputs, *, create: bool) -> dict[str, Any]:
    fields = {
        "title": b.text("title", required=create),
        "description": b.text(
            "description", nullable=True, max_length=rules.TASK_DESCRIPTION_MAX_LENGTH
        ),
        "status": _choice(b, "status", TASK_STATUSES),
        "priority": _choice(b, "priority", TASK_PRIORITIES),
        "start_date": b.day("start_date", nullable=True),
        "end_date": b.day("end_date", nullable=True),
        "parent_id": b.integer("parent_id", nullable=True),
    }
    if b.has("title") and fields["title"] is not None and not fields["title"].strip():
        b.fail("title", "The title field is required.")
    # A JSON null clears a nullable field; an absent one stays as it is.
    fields = {key: value for key, value in fields.items() if value is not None or key in b.source}
    if "description" in fields:
        fields["description"] = fields["description"] or ""
    return fields


def _apply(ctx: Ctx, task: Task, fields: dict[str, Any]) -> None:
    """Set the fields on ``task`` after the checks that need the task's project."""
    for key, value in fields.items():
        setattr(task, key, value)
    if task.start_date and task.end_date and task.end_date < task.start_date:
        raise invalid("end_date", "The end_date must be a date after or equal to start_date.")
    if task.parent_id is not None:
        parent = Task.objects.filter(
            pk=task.parent_id, project_id=task.project_id, deleted_at__isnull=True
        ).first()
        if parent is None:
            raise not_found("Parent task")
        if parent.pk == task.pk or parent.parent_id is not None:
            raise invalid("parent_id", "A sub-task's parent must be a top-level task.")
        if task.pk and task.subtasks.filter(deleted_at__isnull=True).exists():
            raise invalid("parent_id", "A task with sub-tasks cannot become a sub-task.")
    task.completed_at = rules.completed_at(task.status, task.completed_at, ctx.now)
    task.updated_at = ctx.now


def _check_assignable(ctx: Ctx, project: Project, user_ids: list[int]) -> None:
    """Assignees are members working on the project (with a contract on it)."""
    on_project = set(
        Contract.objects.filter(project=project, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    for user_id in user_ids:
        member = workspace_member(ctx, user_id)
        if member.role == Role.PROJECT_VIEWER or user_id not in on_project:
            raise invalid("assignees", "Every assignee must have a contract on the project.")


@operation(roles=MANAGE)
def create_task(ctx: Ctx) -> HttpResponse:
    """POST /tasks: status 0 and priority 30 unless given."""
    b = ctx.body
    project_id = b.integer("project_id", required=True)
    fields = _fields(b, create=True)
    assignees = b.id_list("assignees") or []
    b.check()
    project = _project(ctx, project_id)
    _check_assignable(ctx, project, assignees)
    task = Task(project=project, creator=ctx.user, created_at=ctx.now)
    _apply(ctx, task, fields)
    task.save()
    task.assignees.set(assignees)
    return ok(task_json(task), message="Task created successfully", status=201)


@operation(roles=MANAGE)
def update_task(ctx: Ctx, task_id: str) -> HttpResponse:
    """PUT /tasks/{taskId}: partial update; project_id names the task's project."""
    fields = _fields(ctx.body, create=False)
    task = _task(ctx, task_id, ctx.body)
    _apply(ctx, task, fields)
    task.save()
    return ok(task_json(task), message="Task updated successfully")


@operation(roles=MANAGE)
def delete_task(ctx: Ctx, task_id: str) -> HttpResponse:
    """DELETE /tasks/{taskId}: marks the task (and its sub-tasks) deleted."""
    task = _task(ctx, task_id, ctx.body)
    Task.objects.filter(pk=task.pk).update(deleted_at=ctx.now, updated_at=ctx.now)
    task.subtasks.filter(deleted_at__isnull=True).update(deleted_at=ctx.now, updated_at=ctx.now)
    return ok(None, message="Task deleted successfully")


@operation()
def task_assignees(ctx: Ctx, task_id: str) -> HttpResponse:
    """GET /tasks/{taskId}/assignees."""
    task = _task(ctx, task_id, ctx.query)
    users = sorted(task.assignees.all(), key=lambda u: u.pk)
    return ok([assignee_json(u) for u in users], message="Task assignees retrieved successfully")


@operation(roles=MANAGE)
def assign_task(ctx: Ctx, task_id: str, user_id: str) -> HttpResponse:
    """POST /tasks/{taskId}/assign/{userId}: idempotent."""
    task = _task(ctx, task_id, ctx.body)
    member_id = path_id(user_id, "Member")
    _check_assignable(ctx, task.project, [member_id])
    task.assignees.add(member_id)
    Task.objects.filter(pk=task.pk).update(updated_at=ctx.now)
    return ok(None, message="Task assigned successfully")


@operation(roles=MANAGE)
def unassign_task(ctx: Ctx, task_id: str, user_id: str) -> HttpResponse:
    """DELETE /tasks/{taskId}/unassign/{userId}: idempotent."""
    task = _task(ctx, task_id, ctx.body)
    member = workspace_member(ctx, path_id(user_id, "Member"))
    task.assignees.remove(member.user_id)
    Task.objects.filter(pk=task.pk).update(updated_at=ctx.now)
    return ok(None, message="Task unassigned successfully")
