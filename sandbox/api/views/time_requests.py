"""Manual time requests; approving one adds the time to the member's timeline."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api import timeline
from sandbox.api.envelope import ApiError, Page, forbidden, not_found, ok
from sandbox.api.operation import Ctx, operation
from sandbox.api.present import time_request_json
from sandbox.api.rows import narrowed, one_of
from sandbox.api.views.request_lists import request_filters
from sandbox.api.visibility import restrict_users, workspace_member
from sandbox.workspace.models import Contract, Task, TimeRequest

Status = TimeRequest.Status


def _requests(ctx: Ctx) -> QuerySet[TimeRequest]:
    return restrict_users(ctx, TimeRequest.objects.filter(workspace=ctx.workspace))


def _request(ctx: Ctx, request_id: str) -> TimeRequest:
    return one_of(_requests(ctx), request_id, "Time request")


@operation()
def list_time_requests(ctx: Ctx) -> HttpResponse:
    """GET /time-requests: filters on the start day, status, member, project and id."""
    q = ctx.query
    asked = request_filters(q, tuple(Status.values))
    project_id = q.integer("project_id")
    request_id = q.text("id")
    page, per_page = q.page()
    q.check_range(asked.date_from, asked.date_to)
    q.check()
    rows = narrowed(
        _requests(ctx).order_by("-start", "pk"),
        start__date__gte=asked.date_from,
        start__date__lte=asked.date_to,
        status=asked.status,
        user_id=asked.user_id,
        project_id=project_id,
        pk=request_id,
    )
    result = Page(rows, page, per_page)
    return ok([time_request_json(r) for r in result.items], pagination=result.pagination)


@operation()
def get_time_request(ctx: Ctx, request_id: str) -> HttpResponse:
    """GET /time-requests/{id}."""
    return ok(time_request_json(_request(ctx, request_id)))


@operation()
def create_time_request(ctx: Ctx) -> HttpResponse:
    """POST /time-requests: always created pending; the answer's shape follows the variant."""
    b = ctx.body
    user_id = b.integer("user_id", required=True)
    contract_id = b.integer("contract_id", nullable=True)
    task_id = b.integer("task_id", nullable=True)
    start = b.moment("start", required=True)
    end = b.moment("end", required=True)
    notes = b.text("notes") or b.text("activity_description", nullable=True) or ""
    if ctx.variant == "v2" and contract_id is None and not b.errors.get("contract_id"):
        b.fail("contract_id", "The contract_id field is required.")
    if start and end and end <= start:
        b.fail("end", "The end must be a date after start.")
    elif start and end and end - start > timedelta(hours=24):
        b.fail("end", "A time request may cover at most 24 hours.")
    b.check()
    member = workspace_member(ctx, user_id)
    if member.user_id != ctx.user.pk and not ctx.is_manager:
        raise forbidden("Only a workspace manager may request time for another member")
    contract = None
    if contract_id is not None:
        contract = Contract.objects.filter(
            pk=contract_id, workspace=ctx.workspace, user_id=member.user_id
        ).first()
        if contract is None:
            raise not_found("Contract")
    task = None
    if task_id is not None:
        task = Task.objects.filter(pk=task_id, project__workspace=ctx.workspace).first()
        if task is None or (contract and task.project_id != contract.project_id):
            raise not_found("Task")
    assert start is not None and end is not None
    created = TimeRequest.objects.create(
        workspace=ctx.workspace,
        user=member.user,
        contract=contract,
        project_id=contract.project_id if contract else None,
        task=task,
        start=start,
        end=end,
        notes=notes,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    data = time_request_json(created)
    if ctx.variant == "api":
        data = {"id": created.pk, "status": created.status}
    return ok(data, message="Time request created successfully", status=201)


@operation(manager_only=True)
def approve_time_request(ctx: Ctx, request_id: str) -> HttpResponse:
    """POST /time-requests/{id}/approve: pending -> approved, and the time is added."""
    found = _request(ctx, request_id)
    if found.status != Status.PENDING:
        raise _state_error(found, "approved")
    found.status, found.updated_by, found.updated_at = Status.APPROVED, ctx.user, ctx.now
    found.save()
    # Approving is the manager's decision to add this time as requested, even over tracked time.
    timeline.record(
        ctx.workspace,
        found.user_id,
        found.start,
        found.end,
        ctx.now,
        contract=found.contract,
        task=found.task,
        description=found.notes,
    )
    return ok(None, message="Time request approved successfully")


@operation(manager_only=True)
def reject_time_request(ctx: Ctx, request_id: str) -> HttpResponse:
    """POST /time-requests/{id}/reject: pending -> rejected, with a comment."""
    found = _request(ctx, request_id)
    comment = ctx.body.text("comment", required=True)
    ctx.body.check()
    if found.status != Status.PENDING:
        raise _state_error(found, "rejected")
    found.status, found.updated_by, found.updated_at = Status.REJECTED, ctx.user, ctx.now
    found.comment = comment or ""
    found.save()
    return ok(None, message="Time request rejected successfully")


def _state_error(found: TimeRequest, action: str) -> ApiError:
    return ApiError(
        400,
        f"Only pending time requests can be {action}; this one is {found.status}",
        error="Invalid time request status",
    )
