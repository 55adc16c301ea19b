"""Projects."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse

from sandbox.api.envelope import Page, invalid, not_found, ok
from sandbox.api.inputs import Inputs
from sandbox.api.operation import Ctx, operation, path_id
from sandbox.api.present import project_json
from sandbox.api.visibility import visible_projects
from sandbox.api.webhooks_out import emit_project
from sandbox.workspace.models import Project


def _json(ctx: Ctx, project: Project) -> dict[str, Any]:
    count = getattr(project, "active_contracts", None)
    if count is None:
        count = project.contracts.filter(status="active").count()
    return project_json(project, show_rates=ctx.show_rates, contracts_count=count)


def _visible(ctx: Ctx, project_id: str) -> Project:
    project = visible_projects(ctx).filter(pk=path_id(project_id, "Project")).first()
    if project is None:
        raise not_found("Project")
    return project


@operation(viewer_allowed=True)
def list_projects(ctx: Ctx) -> HttpResponse:
    """GET /projects: the projects the caller may see, by name substring."""
    name = ctx.query.text("name")
    page, per_page = ctx.query.page()
    ctx.query.check()
    rows = visible_projects(ctx).order_by("pk")
    if name:
        rows = rows.filter(name__icontains=name)
    result = Page(rows, page, per_page)
    return ok([_json(ctx, p) for p in result.items], pagination=result.pagination)


@operation(viewer_allowed=True)
def get_project(ctx: Ctx, project_id: str) -> HttpResponse:
    """GET /projects/{projectId}."""
    return ok(_json(ctx, _visible(ctx, project_id)))


def _read_fields(b: Inputs, *, create: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": b.text("name", required=create),
        "start_date": b.day("start_date"),
        "deadline": b.day("deadline"),
        "estimation": b.number("estimation"),
        "budget_estimation": b.number("budget"),
        "notes": b.text("notes"),
        "icon": b.text("icon"),
    }
    if b.has("name") and fields["name"] is not None and not fields["name"].strip():
        b.fail("name", "The name field is required.")
    b.check()
    return {key: value for key, value in fields.items() if value is not None}


def _check_dates(start: date | None, deadline: date | None) -> None:
    if start and deadline and deadline < start:
        raise invalid("deadline", "The deadline must be a date after or equal to start_date.")


@operation(manager_only=True)
def create_project(ctx: Ctx) -> HttpResponse:
    """POST /projects."""
    fields = _read_fields(ctx.body, create=True)
    _check_dates(fields.get("start_date"), fields.get("deadline"))
    project = Project.objects.create(
        workspace=ctx.workspace, created_at=ctx.now, updated_at=ctx.now, **fields
    )
    emit_project(ctx.workspace, "project.created", project)
    data = project_json(project, show_rates=ctx.show_rates, contracts_count=0)
    return ok(data, message="Project created successfully", status=201)


@operation(manager_only=True)
def update_project(ctx: Ctx, project_id: str) -> HttpResponse:
    """PUT /projects/{projectId}: partial update."""
    project = _visible(ctx, project_id)
    fields = _read_fields(ctx.body, create=False)
    _check_dates(
        fields.get("start_date", project.start_date), fields.get("deadline", project.deadline)
    )
    for key, value in fields.items():
        setattr(project, key, value)
    project.updated_at = ctx.now
    project.save()
    emit_project(ctx.workspace, "project.updated", project)
    return ok(_json(ctx, project), message="Project updated successfully")


@operation(manager_only=True)
def archive_project(ctx: Ctx, project_id: str) -> HttpResponse:
    """DELETE /projects/{projectId}: archive."""
    project = _visible(ctx, project_id)
    project.archived_at = project.updated_at = ctx.now
    project.save()
    emit_project(ctx.workspace, "project.deleted", project)
    return ok(None, message="Project deleted successfully")
