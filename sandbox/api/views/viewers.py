"""Project viewers: read-only guests and the projects they may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse

from sandbox.api.envelope import ApiError, Page, not_found, ok
from sandbox.api.inputs import given
from sandbox.api.operation import Ctx, operation, path_id
from sandbox.api.people import join
from sandbox.api.present import viewer_json
from sandbox.api.visibility import workspace_project
from sandbox.api.webhooks_out import emit_member
from sandbox.workspace.models import Membership, Role, ViewerAccess


def _viewers(ctx: Ctx) -> QuerySet[Membership]:
    access = ViewerAccess.objects.select_related("project").order_by("project_id")
    return (
        Membership.objects.select_related("user")
        .filter(workspace=ctx.workspace, role=Role.PROJECT_VIEWER)
        .prefetch_related(Prefetch("access", queryset=access))
        .order_by("user_id")
    )


def _json(membership: Membership) -> dict[str, object]:
    projects = [a.project for a in membership.access.all() if a.project.archived_at is None]
    return viewer_json(membership, projects)


def _viewer(ctx: Ctx, viewer_id: str) -> Membership:
    membership = _viewers(ctx).filter(user_id=path_id(viewer_id, "Project viewer")).first()
    if membership is None:
        raise not_found("Project viewer")
    return membership


@operation()
def list_viewers(ctx: Ctx) -> HttpResponse:
    """GET /project-viewers: archived viewers are listed too, as inactive."""
    email = ctx.query.text("email")
    status = ctx.query.text("status", choices=("active", "inactive"))
    page, per_page = ctx.query.page()
    ctx.query.check()
    rows = _viewers(ctx)
    if email:
        rows = rows.filter(user__email__iexact=email)
    if status == "active":
        rows = rows.filter(archived_at__isnull=True)
    elif status == "inactive":
        rows = rows.filter(archived_at__isnull=False)
    result = Page(rows, page, per_page)
    return ok([_json(m) for m in result.items], pagination=result.pagination)


@operation()
def get_viewer(ctx: Ctx, viewer_id: str) -> HttpResponse:
    """GET /project-viewers/{viewerId}."""
    return ok(_json(_viewer(ctx, viewer_id)), message="Project viewer retrieved successfully")


@operation(manager_only=True)
def create_viewer(ctx: Ctx) -> HttpResponse:
    """POST /project-viewers: invite a client as a read-only viewer."""
    b = ctx.body
    email = b.email("email", required=True)
    firstname = b.text("firstname", required=True)
    lastname = b.text("lastname", required=True)
    b.check()
    email = given(email)
    membership = join(
        ctx,
        email,
        given(firstname),
        given(lastname),
        role=Role.PROJECT_VIEWER,
        status=Membership.Status.ACTIVE,
    )
    emit_member(ctx.workspace, "member.invited", membership)
    return ok(
        viewer_json(membership, []), message="Project viewer created successfully", status=201
    )


@operation(manager_only=True)
def archive_viewer(ctx: Ctx, viewer_id: str) -> HttpResponse:
    """DELETE /project-viewers/{viewerId}: soft delete, undone by restore."""
    membership = _viewer(ctx, viewer_id)
    if membership.archived_at is not None:
        raise ApiError(400, "Project viewer is already archived", error="Bad Request")
    membership.archived_at = membership.updated_at = ctx.now
    membership.save()
    emit_member(ctx.workspace, "member.archived", membership)
    return ok(None, message="Project viewer deleted successfully")


@operation(manager_only=True)
def restore_viewer(ctx: Ctx, viewer_id: str) -> HttpResponse:
    """POST /project-viewers/{viewerId}/restore."""
    membership = _viewer(ctx, viewer_id)
    if membership.archived_at is None:
        raise ApiError(400, "Project viewer is not archived", error="Bad Request")
    membership.archived_at = None
    membership.updated_at = ctx.now
    membership.save()
    emit_member(ctx.workspace, "member.activated", membership)
    return ok(None, message="Project viewer restored successfully")


def _viewer_and_project(ctx: Ctx, viewer_id: str) -> tuple[Membership, int]:
    membership = _viewer(ctx, viewer_id)
    project_id = ctx.body.integer("project_id", required=True)
    ctx.body.check()
    if membership.archived_at is not None:
        raise ApiError(400, "Project viewer is archived", error="Bad Request")
    return membership, workspace_project(ctx, project_id).pk


@operation(manager_only=True)
def assign_project(ctx: Ctx, viewer_id: str) -> HttpResponse:
    """POST /project-viewers/{viewerId}/assign-project (idempotent)."""
    membership, project_id = _viewer_and_project(ctx, viewer_id)
    ViewerAccess.objects.get_or_create(membership=membership, project_id=project_id)
    return ok(None, message="Project assigned to viewer successfully")


@operation(manager_only=True)
def unassign_project(ctx: Ctx, viewer_id: str) -> HttpResponse:
    """DELETE /project-viewers/{viewerId}/unassign-project (idempotent)."""
    membership, project_id = _viewer_and_project(ctx, viewer_id)
    ViewerAccess.objects.filter(membership=membership, project_id=project_id).delete()
    return ok(None, message="Project unassigned from viewer successfully")
