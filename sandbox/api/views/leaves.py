"""Leave requests (asked for, approved, rejected), balances and policies."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api import rules
from sandbox.api.envelope import ApiError, Page, forbidden, invalid, ok
from sandbox.api.envelope import not_found as missing
from sandbox.api.inputs import Inputs, given
from sandbox.api.operation import Ctx, operation
from sandbox.api.present import leave_json, policy_json
from sandbox.api.rows import narrowed, one_of
from sandbox.api.views.request_lists import request_filters
from sandbox.api.visibility import restrict_users, tracking_member
from sandbox.workspace.models import Leave, LeavePolicy, Membership, Role

Status = Leave.Status
BALANCES_PER_PAGE = 20


def _leaves(ctx: Ctx) -> QuerySet[Leave]:
    rows = Leave.objects.select_related("policy").filter(workspace=ctx.workspace)
    return restrict_users(ctx, rows)


def _leave(ctx: Ctx, leave_id: str) -> Leave:
    return one_of(_leaves(ctx), leave_id, "Leave request")


@operation()
def list_leaves(ctx: Ctx) -> HttpResponse:
    """GET /leaves: filters id, policy, paid flag, status, member and an overlapping range."""
    q = ctx.query
    leave_id = q.text("id")
    policy_id = q.integer("policy_id")
    is_paid = q.text("is_paid", choices=("yes", "no"))
    asked = request_filters(q, tuple(Status.values))
    page, per_page = q.page()
    q.check_range(asked.date_from, asked.date_to)
    q.check()
    rows = narrowed(
        _leaves(ctx).order_by("-start_date", "pk"),
        pk=leave_id,
        policy_id=policy_id,
        policy__is_paid=(is_paid == "yes") if is_paid else None,
        status=asked.status,
        end_date__gte=asked.date_from,
        start_date__lte=asked.date_to,
        user_id=asked.user_id,
    )
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
    q.check_range(date_from, date_to)
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


def _weekdays(start: date, end: date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + timedelta(n)).weekday() < 5)


def _leave_days(b: Inputs, policy: LeavePolicy, start: date, end: date, period: int) -> float:
    """Days of leave asked for: half a day, whole weekdays, or hours per day (8 to a day)."""
    if period and start != end:
        raise invalid("leave_period", "A half day of leave starts and ends on the same day.")
    weekdays = _weekdays(start, end)
    if not weekdays:
        raise invalid("start", "The leave must include at least one weekday.")
    if policy.time_unit != "hours":
        return 0.5 if period else float(weekdays)
    begin = b.clock("start_time", required=True)
    finish = b.clock("end_time", required=True)
    hours = b.number("hours_per_day", high=24, required=True)
    b.check()
    begin, finish = given(begin), given(finish)
    span = (finish.hour * 60 + finish.minute) - (begin.hour * 60 + begin.minute)
    if span <= 0:
        raise invalid("end_time", "The end_time must be after start_time.")
    if not 0 < given(hours) <= span / 60:
        raise invalid("hours_per_day", "The hours_per_day must fit between start and end time.")
    return round(weekdays * given(hours) / 8, 3)


@operation()
def create_leave(ctx: Ctx) -> HttpResponse:
    """POST /leaves: a pending leave request; members ask for themselves, managers for anyone."""
    b = ctx.body
    policy_id = b.integer("policy_id", required=True)
    start = b.day("start", required=True)
    end = b.day("end", required=True)
    user_id = b.integer("user_id", required=True)
    period = b.integer("leave_period", low=0, high=2) or 0
    reason = b.text("reason", max_length=rules.NOTE_MAX_LENGTH)
    b.check()
    if user_id != ctx.user.pk and not ctx.is_manager:
        raise forbidden("Only a workspace manager may request leave for another member")
    member = tracking_member(ctx, user_id)
    policy = LeavePolicy.objects.filter(pk=given(policy_id), workspace=ctx.workspace).first()
    if policy is None:
        raise missing("Leave policy")
    start, end = given(start), given(end)
    rules.check_leave_span(start, end)
    days = _leave_days(b, policy, start, end, period)
    clash = _leaves(ctx).filter(
        user_id=member.user_id,
        status__in=(Status.PENDING, Status.APPROVED),
        start_date__lte=end,
        end_date__gte=start,
    )
    if clash.exists():
        raise invalid("start", "The member already has leave requested in this period.")
    Leave.objects.create(
        workspace=ctx.workspace,
        user=member.user,
        policy=policy,
        note=reason or "",
        start_date=start,
        end_date=end,
        days=days,
        leave_period=period,
        created_by=ctx.user,
        created_at=ctx.now,
    )
    # Reference: the documented answer is 201 without data.
    return ok(None, message="Leave request created successfully", status=201)
