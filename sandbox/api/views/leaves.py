"""Leave requests, balances and policies."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api.envelope import ApiError, Page, ok
from sandbox.api.envelope import not_found as missing
from sandbox.api.operation import Ctx, operation
from sandbox.api.present import leave_json, policy_json
from sandbox.api.visibility import restrict_users
from sandbox.workspace.models import Leave, LeavePolicy, Membership, Role

Status = Leave.Status
BALANCES_PER_PAGE = 20


def _leaves(ctx: Ctx) -> QuerySet[Leave]:
    rows = Leave.objects.select_related("policy").filter(workspace=ctx.workspace)
    return restrict_users(ctx, rows)


def _leave(ctx: Ctx, leave_id: str) -> Leave:
    leave = _leaves(ctx).filter(pk=leave_id).first()
    if leave is None:
        raise missing("Leave request")
    return leave


@operation()
def list_leaves(ctx: Ctx) -> HttpResponse:
    """GET /leaves: filters id, policy, paid flag, status, member and an overlapping range."""
    q = ctx.query
    leave_id = q.text("id")
    policy_id = q.integer("policy_id")
    is_paid = q.text("is_paid", choices=("yes", "no"))
    status = q.text("status", choices=tuple(Status.values))
    date_from = q.day("date_from")
    date_to = q.day("date_to")
    user_id = q.integer("user_id")
    page, per_page = q.page()
    if date_from and date_to and date_to < date_from:
        q.fail("date_to", "The date_to must be a date after or equal to date_from.")
    q.check()
    rows = _leaves(ctx).order_by("-start_date", "pk")
    if leave_id:
        rows = rows.filter(pk=leave_id)
    if policy_id is not None:
        rows = rows.filter(policy_id=policy_id)
    if is_paid:
        rows = rows.filter(policy__is_paid=is_paid == "yes")
    if status:
        rows = rows.filter(status=status)
    if date_from:
        rows = rows.filter(end_date__gte=date_from)
    if date_to:
        rows = rows.filter(start_date__lte=date_to)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    result = Page(rows, page, per_page)
    return ok([leave_json(leave) for leave in result.items], pagination=result.pagination)


@operation()
def leave_balances(ctx: Ctx) -> HttpResponse:
    """GET /leaves/balances: the yearly allowance minus approved leave in the window."""
    q = ctx.query
    date_from = q.day("date_from", required=True)
    date_to = q.day("date_to", required=True)
    user_id = q.integer("user_id")
    page = q.integer("page", low=1, high=1_000_000) or 1
    if date_from and date_to and date_to < date_from:
        q.fail("date_to", "The date_to must be a date after or equal to date_from.")
    q.check()
    members = restrict_users(
        ctx,
        Membership.objects.select_related("user")
        .filter(workspace=ctx.workspace, archived_at__isnull=True)
        .exclude(role=Role.PROJECT_VIEWER)
        .order_by("user_id"),
    )
    if user_id is not None:
        members = members.filter(user_id=user_id)
    result = Page(members, page, BALANCES_PER_PAGE)
    policies = list(LeavePolicy.objects.filter(workspace=ctx.workspace).order_by("pk"))
    used: dict[tuple[int, int], float] = defaultdict(float)
    approved = Leave.objects.filter(
        workspace=ctx.workspace,
        status=Status.APPROVED,
        user_id__in=[m.user_id for m in result.items],
        start_date__lte=date_to,
        end_date__gte=date_from,
    )
    for leave in approved:
        used[(leave.user_id, leave.policy_id)] += leave.days
    data = [_balance(m, policies, used) for m in result.items]
    return ok(data, pagination=result.pagination)


def _balance(
    member: Membership, policies: list[LeavePolicy], used: dict[tuple[int, int], float]
) -> dict[str, Any]:
    info = []
    for policy in policies:
        left = policy.days_per_year - used[(member.user_id, policy.pk)]
        amount = f"{left * 8:g} hours" if policy.time_unit == "hours" else f"{left:g} days"
        info.append({"leave_type": policy.name, "policy_id": policy.pk, "balance": amount})
    name = f"{member.user.first_name} {member.user.last_name}".strip()
    return {
        "user_id": member.user_id,
        "user_name": name,
        "leave_information": info,
        "total_balance": None,
    }


@operation()
def leave_policies(ctx: Ctx) -> HttpResponse:
    """GET /leaves/policies."""
    ctx.query.check()
    policies = LeavePolicy.objects.filter(workspace=ctx.workspace).order_by("pk")
    return ok([policy_json(p) for p in policies])


def _state_error(leave: Leave, action: str) -> ApiError:
    return ApiError(
        400,
        f"Only pending leave requests can be {action}; this one is {leave.status}",
        error="Invalid leave status",
    )


@operation(manager_only=True)
def approve_leave(ctx: Ctx, leave_id: str) -> HttpResponse:
    """PUT /leaves/{leaveId}/approve: pending -> approved."""
    leave = _leave(ctx, leave_id)
    if leave.status != Status.PENDING:
        raise _state_error(leave, "approved")
    leave.status, leave.approved_by = Status.APPROVED, ctx.user
    leave.save()
    return ok(None, message="Leave request approved successfully")


@operation(manager_only=True)
def reject_leave(ctx: Ctx, leave_id: str) -> HttpResponse:
    """PUT /leaves/{leaveId}/reject: pending -> rejected, with a reason."""
    leave = _leave(ctx, leave_id)
    reason = ctx.body.text("reason", required=True)
    ctx.body.check()
    if leave.status != Status.PENDING:
        raise _state_error(leave, "rejected")
    leave.status, leave.rejected_by, leave.reject_reason = Status.REJECTED, ctx.user, reason or ""
    leave.save()
    return ok(None, message="Leave request rejected successfully")
