"""Shared pieces of the reports: date ranges, members in scope, and tracked time."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import QuerySet

from sandbox.api.inputs import Inputs
from sandbox.api.operation import Ctx
from sandbox.workspace.models import Membership, Role, TimeEntry

MAX_RANGE_DAYS = 31
REPORT_PER_PAGE = 30


def date_range(q: Inputs, ctx: Ctx, *, required: bool) -> tuple[date, date]:
    """``start_date``/``end_date``: at most 31 days, both included.

    Without them (where allowed) the range is the current week, Monday to Sunday.
    """
    start = q.day("start_date", required=required)
    end = q.day("end_date", required=required)
    today = ctx.now.date()
    week_start = today - timedelta(days=today.weekday())
    start = start or (end - timedelta(days=6) if end else week_start)
    end = end or (start + timedelta(days=6))
    if end < start:
        q.fail("end_date", "The end_date must be a date after or equal to start_date.")
    elif (end - start).days + 1 > MAX_RANGE_DAYS:
        q.fail("end_date", f"The date range may not exceed {MAX_RANGE_DAYS} days.")
    return start, end


def single_day(q: Inputs, ctx: Ctx) -> date | None:
    """``date``: within the last year and at most a year ahead."""
    value = q.day("date", required=True)
    today = ctx.now.date()
    if value and not today - timedelta(days=366) <= value <= today + timedelta(days=366):
        q.fail("date", "The date must be within the last year and at most a year ahead.")
    return value


def report_members(ctx: Ctx, user_ids: list[int] | None) -> QuerySet[Membership]:
    """Members who track time (not viewers, not archived), in id order."""
    rows = (
        Membership.objects.select_related("user")
        .filter(workspace=ctx.workspace, archived_at__isnull=True)
        .exclude(role=Role.PROJECT_VIEWER)
        .order_by("user_id")
    )
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    return rows


def entries(
    ctx: Ctx, start: date, end: date, user_ids: list[int] | None = None
) -> QuerySet[TimeEntry]:
    rows = TimeEntry.objects.select_related("project", "contract", "task").filter(
        workspace=ctx.workspace, date__gte=start, date__lte=end
    )
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    return rows.order_by("user_id", "start")


def full_name(user: User) -> str:
    return f"{user.first_name} {user.last_name}".strip()


def clock_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
