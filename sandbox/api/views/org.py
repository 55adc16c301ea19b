"""Workspaces and members."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api.envelope import ApiError, Page, invalid, not_found, ok
from sandbox.api.inputs import given
from sandbox.api.operation import Ctx, operation, path_id
from sandbox.api.people import join
from sandbox.api.present import member_json, workspace_json
from sandbox.api.visibility import restrict_users
from sandbox.api.webhooks_out import emit_member
from sandbox.workspace.models import Membership, Role

INVITABLE_ROLES = tuple(r.value for r in Role if r != Role.OWNER)
MEMBER_STATUSES = ("active", "inactive", "left", "unknown")


@operation(workspace=False)
def list_workspaces(ctx: Ctx) -> HttpResponse:
    """GET /workspaces: the caller's workspaces with their role in each."""
    page, per_page = ctx.query.page()
    ctx.query.check()
    memberships = (
        Membership.objects.select_related("workspace")
        .filter(user=ctx.user, archived_at__isnull=True)
        .exclude(status=Membership.Status.LEFT)
        .order_by("workspace_id")
    )
    result = Page(memberships, page, per_page)
    return ok([workspace_json(m) for m in result.items], pagination=result.pagination)


def _members(ctx: Ctx) -> QuerySet[Membership]:
    rows = Membership.objects.select_related("user", "workspace").filter(
        workspace=ctx.workspace, archived_at__isnull=True
    )
    return restrict_users(ctx, rows)


@operation()
def list_members(ctx: Ctx) -> HttpResponse:
    """GET /members: filter by e-mail, status and role."""
    q = ctx.query
    email = q.text("email")
    status = q.text("status", choices=MEMBER_STATUSES)
    role = q.text("role", choices=tuple(r.value for r in Role))
    page, per_page = q.page()
    q.check()
    rows = _members(ctx).order_by("user_id")
    if email:
        rows = rows.filter(user__email__iexact=email)
    if status:
        rows = rows.filter(status=status)
    if role:
        rows = rows.filter(role=role)
    result = Page(rows, page, per_page)
    data = [member_json(m, show_rates=ctx.show_rates) for m in result.items]
    return ok(data, pagination=result.pagination)


@operation()
def get_member(ctx: Ctx, member_id: str) -> HttpResponse:
    """GET /members/{memberId}."""
    membership = _members(ctx).filter(user_id=path_id(member_id, "Member")).first()
    if membership is None:
        raise not_found("Member")
    return ok(
        member_json(membership, show_rates=ctx.show_rates), message="Member retrieved successfully"
    )


@operation(manager_only=True)
def invite_member(ctx: Ctx) -> HttpResponse:
    """POST /members: invite someone; they appear as an inactive member until they accept."""
    b = ctx.body
    email = b.email("email", required=True)
    firstname = b.text("firstname", required=True)
    lastname = b.text("lastname", required=True)
    role = b.text("role", required=True, choices=INVITABLE_ROLES)
    b.check()
    email, role = given(email), given(role)
    membership = join(
        ctx, email, given(firstname), given(lastname), role=role, status=Membership.Status.INACTIVE
    )
    emit_member(ctx.workspace, "member.invited", membership)
    link = f"{ctx.request.build_absolute_uri('/')}invitations/{secrets.token_hex(12)}"
    return ok(
        {"user_id": membership.user.pk, "invitation_link": link},
        message="Member invited successfully",
    )


@operation(manager_only=True)
def update_member(ctx: Ctx, member_id: str) -> HttpResponse:
    """PUT /members/{memberId}: profile, role, rate visibility, weekly limit."""
    membership = _members(ctx).filter(user_id=path_id(member_id, "Member")).first()
    if membership is None:
        raise not_found("Member")
    b = ctx.body
    email = b.email("email")
    firstname = b.text("firstname")
    lastname = b.text("lastname")
    timezone_name = b.text("timezone", max_length=64)
    role = b.text("role", choices=INVITABLE_ROLES)
    rate_status = b.integer("rate_status", low=0, high=1)
    weekly = b.integer("weekly_hours_limit", low=0, high=168)
    b.integer("remove_avatar", low=0, high=1)
    b.check()
    if role and membership.role == Role.OWNER:
        raise ApiError(400, "The workspace owner's role cannot be changed", error="Bad Request")
    user = membership.user
    if email and email != user.email:
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise invalid("email", "The email has already been taken.")
        user.email = user.username = email
    user.first_name = firstname if firstname is not None else user.first_name
    user.last_name = lastname if lastname is not None else user.last_name
    user.save()
    for field, value in (
        ("timezone", timezone_name),
        ("role", role),
        ("rate_status", rate_status),
        ("weekly_hours_limit", weekly),
    ):
        if value is not None:
            setattr(membership, field, value)
    membership.updated_at = ctx.now
    membership.save()
    emit_member(ctx.workspace, "member.updated", membership)
    return ok(
        member_json(membership, show_rates=ctx.show_rates), message="Member updated successfully"
    )


@operation(manager_only=True)
def archive_member(ctx: Ctx, member_id: str) -> HttpResponse:
    """DELETE /members/{memberId}: archive (restorable in the product's UI)."""
    membership = _members(ctx).filter(user_id=path_id(member_id, "Member")).first()
    if membership is None:
        raise not_found("Member")
    if membership.role == Role.OWNER:
        raise ApiError(400, "The workspace owner cannot be archived", error="Bad Request")
    membership.archived_at = membership.updated_at = ctx.now
    membership.save()
    emit_member(ctx.workspace, "member.archived", membership)
    return ok(None, message="Member archived successfully")
