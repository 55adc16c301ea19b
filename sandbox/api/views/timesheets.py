"""Timesheets and their approval state machine.

pending ('open' in the restricted doc variant) -> submitted -> approved | rejected;
submitted -> pending by unsubmit; rejected -> submitted by a new submit. Approved is final.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api.envelope import ApiError, Page, forbidden, ok
from sandbox.api.operation import Ctx, operation
from sandbox.api.present import timesheets_json
from sandbox.api.rows import narrowed, one_of
from sandbox.api.visibility import restrict_users
from sandbox.workspace.models import Timesheet

Status = Timesheet.Status
STATUS_FILTERS = ("open", "pending", "submitted", "approved", "rejected")


def _sheets(ctx: Ctx) -> QuerySet[Timesheet]:
    rows = Timesheet.objects.select_related("user").filter(workspace=ctx.workspace)
    return restrict_users(ctx, rows)


def _sheet(ctx: Ctx, timesheet_id: str) -> Timesheet:
    return one_of(_sheets(ctx), timesheet_id, "Timesheet")


@operation()
def list_timesheets(ctx: Ctx) -> HttpResponse:
    """GET /timesheets: filters id, status, user_id and a date range the period overlaps."""
    q = ctx.query
    sheet_id = q.text("id")
    status = q.text("status", choices=STATUS_FILTERS)
    date_from = q.day("date_from")
    date_to = q.day("date_to")
    user_id = q.integer("user_id")
    order = q.text("order_by", choices=("asc", "desc")) or "desc"
    page, per_page = q.page()
    q.check()
    rows = narrowed(
        _sheets(ctx),
        pk=sheet_id,
        status=Status.PENDING if status == "open" else status,
        date_to__gte=date_from,
        date_from__lte=date_to,
        user_id=user_id,
    )
    prefix = "" if order == "asc" else "-"
    rows = rows.order_by(f"{prefix}date_from", f"{prefix}created_at", "user_id")
    result = Page(rows, page, per_page)
    data = timesheets_json(result.items, variant=ctx.variant, show_rates=ctx.show_rates)
    return ok(data, pagination=result.pagination)


def _state_error(ctx: Ctx, sheet: Timesheet, action: str, allowed: str) -> ApiError:
    current = "open" if sheet.status == Status.PENDING and ctx.variant == "v2" else sheet.status
    return ApiError(
        400,
        f"Only {allowed} timesheets can be {action}; this one is {current}",
        error="Invalid timesheet status",
    )


@operation(manager_only=True)
def approve_timesheet(ctx: Ctx, timesheet_id: str) -> HttpResponse:
    """PUT /timesheets/{id}/approve: submitted -> approved."""
    sheet = _sheet(ctx, timesheet_id)
    if sheet.status != Status.SUBMITTED:
        raise _state_error(ctx, sheet, "approved", "submitted")
    sheet.status, sheet.reviewed_by, sheet.updated_at = Status.APPROVED, ctx.user, ctx.now
    sheet.save()
    return ok(None, message="Timesheet approved successfully")


@operation(manager_only=True)
def reject_timesheet(ctx: Ctx, timesheet_id: str) -> HttpResponse:
    """PUT /timesheets/{id}/reject: submitted -> rejected, with a reason."""
    sheet = _sheet(ctx, timesheet_id)
    reason = ctx.body.text("reason", required=True)
    ctx.body.check()
    if sheet.status != Status.SUBMITTED:
        raise _state_error(ctx, sheet, "rejected", "submitted")
    sheet.status, sheet.reviewed_by, sheet.updated_at = Status.REJECTED, ctx.user, ctx.now
    sheet.reject_reason = reason or ""
    sheet.save()
    return ok(None, message="Timesheet rejected successfully")


def _own_or_manager(ctx: Ctx, sheet: Timesheet) -> None:
    if sheet.user_id != ctx.user.pk and not ctx.is_manager:
        raise forbidden("Only the member or a workspace manager may do this")


@operation()
def submit_timesheet(ctx: Ctx, timesheet_id: str) -> HttpResponse:
    """PUT /timesheets/{id}/submit: pending or rejected -> submitted."""
    sheet = _sheet(ctx, timesheet_id)
    _own_or_manager(ctx, sheet)
    if sheet.status not in (Status.PENDING, Status.REJECTED):
        open_name = "open" if ctx.variant == "v2" else "pending"
        raise _state_error(ctx, sheet, "submitted", f"{open_name} or rejected")
    sheet.status, sheet.submitted_on, sheet.updated_at = Status.SUBMITTED, ctx.now, ctx.now
    sheet.save()
    return ok(None, message="Timesheet submitted successfully")


@operation()
def unsubmit_timesheet(ctx: Ctx, timesheet_id: str) -> HttpResponse:
    """PUT /timesheets/{id}/unsubmit: submitted -> pending."""
    sheet = _sheet(ctx, timesheet_id)
    _own_or_manager(ctx, sheet)
    if sheet.status != Status.SUBMITTED:
        raise _state_error(ctx, sheet, "unsubmitted", "submitted")
    sheet.status, sheet.submitted_on, sheet.updated_at = Status.PENDING, None, ctx.now
    sheet.save()
    return ok(None, message="Timesheet unsubmitted successfully")
