"""Remote start and stop of a member's tracker, and what it has tracked today.

Stopping a tracker records its time as entries (one per day it ran), so timesheets and reports
include it from then on; while it runs, ``current-data`` counts it.
"""

from __future__ import annotations

from django.db.models import Sum
from django.http import HttpResponse

from sandbox.api import rules, timeline
from sandbox.api.envelope import ApiError, forbidden, ok
from sandbox.api.operation import Ctx, operation
from sandbox.api.present_work import current_data_json, tracking_started_json, tracking_stopped_json
from sandbox.api.visibility import tracking_member, work_of, workspace_member
from sandbox.workspace.models import Membership, RunningTimer, TimeEntry

# Time tracked through the API is recorded like the browser tracker's, with no activity level.
API_TRACKER = "Web tracker"


def _check_caller(ctx: Ctx, user_id: int | None) -> None:
    """OAuth2 variant: owners and executive managers only. Restricted variant: also oneself."""
    if ctx.is_manager:
        return
    if ctx.variant == "api" or user_id != ctx.user.pk:
        raise forbidden("Only the workspace owner or an executive manager may do this")


def _timer(ctx: Ctx, member: Membership) -> RunningTimer | None:
    return (
        RunningTimer.objects.select_related("project", "task", "contract")
        .filter(workspace=ctx.workspace, user_id=member.user_id)
        .first()
    )


@operation()
def start_tracking(ctx: Ctx) -> HttpResponse:
    """POST /time-tracking/start: a member's tracker runs from now (one at a time)."""
    b = ctx.body
    user_id = b.integer("user_id", required=True)
    # Reference: the restricted docs make contract_id effectively required; the OAuth2 ones not.
    contract_id = b.integer("contract_id", nullable=True, required=ctx.variant == "v2")
    task_id = b.integer("task_id", nullable=True)
    description = b.text("activity_description", nullable=True, max_length=rules.NOTE_MAX_LENGTH)
    b.check()
    _check_caller(ctx, user_id)
    member = tracking_member(ctx, user_id)
    contract, task = work_of(ctx, member, contract_id, task_id)
    if _timer(ctx, member) is not None:
        raise ApiError(400, "This member's tracker is already running", error="Tracker running")
    rules.check_time_can_change(ctx.workspace, member.user_id, ctx.now.date())
    timer = RunningTimer.objects.create(
        workspace=ctx.workspace,
        user=member.user,
        contract=contract,
        project=contract.project if contract else None,
        task=task,
        activity_description=description or "",
        started_at=ctx.now,
    )
    data = tracking_started_json(timer, member.user)
    return ok(data, message="Time tracking started successfully")


@operation()
def stop_tracking(ctx: Ctx) -> HttpResponse:
    """POST /time-tracking/stop: the tracker's time becomes entries on the member's timeline."""
    b = ctx.body
    # Reference: the OAuth2 docs send user_id; the restricted ones stop the caller's own tracker.
    user_id = b.integer("user_id", required=ctx.variant == "api")
    b.check()
    user_id = ctx.user.pk if user_id is None else user_id
    _check_caller(ctx, user_id)
    member = workspace_member(ctx, user_id)
    timer = _timer(ctx, member)
    if timer is None:
        raise ApiError(400, "This member has no running tracker", error="No tracker running")
    pieces = timeline.days_of(timer.started_at, max(ctx.now, timer.started_at))
    rules.check_time_can_change(ctx.workspace, member.user_id, *(s.date() for s, _ in pieces))
    entries = []
    if timeline.minutes_between(timer.started_at, ctx.now) >= rules.TRACKER_MIN_MINUTES:
        entries = timeline.record(
            ctx.workspace,
            member.user_id,
            timer.started_at,
            ctx.now,
            ctx.now,
            contract=timer.contract,
            task=timer.task,
            description=timer.activity_description,
            method=API_TRACKER,
        )
    timer.delete()
    data = tracking_stopped_json(ctx.now, entries, variant=ctx.variant)
    return ok(data, message="Time tracking stopped successfully")


@operation(manager_only=True)
def current_data(ctx: Ctx) -> HttpResponse:
    """GET /time-tracking/current-data: today's minutes plus the running tracker."""
    user_id = ctx.query.integer("user_id", required=True)
    ctx.query.check()
    member = workspace_member(ctx, user_id)
    today = ctx.now.date()
    logged = TimeEntry.objects.filter(
        workspace=ctx.workspace, user_id=member.user_id, date=today
    ).aggregate(total=Sum("minutes"))["total"]
    data = current_data_json(member.user_id, today, logged or 0, _timer(ctx, member), ctx.now)
    return ok(data, message="Current tracker data retrieved successfully")
