"""Time entries: a member's tracked and manual time, listed one day at a time.

Timesheets, their daily breakdowns and every report are computed from these rows, so adding,
editing or deleting one changes all of them at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api import rules, timeline
from sandbox.api.envelope import Page, json_response, meta, not_found, ok
from sandbox.api.inputs import given
from sandbox.api.operation import Ctx, operation
from sandbox.api.present_work import full_name, time_entry_json
from sandbox.api.visibility import contract_task, tracking_member, work_of, workspace_member
from sandbox.workspace.models import Contract, Task, TimeEntry


def _entries(ctx: Ctx) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.select_related("project", "task", "contract").filter(
        workspace=ctx.workspace
    )


def _entry(ctx: Ctx, entry_id: str) -> TimeEntry:
    entry = _entries(ctx).filter(pk=entry_id).first()
    if entry is None:
        raise not_found("Time entry")
    return entry


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _duration(minutes: int) -> str:
    """``8 hr``, ``1 hr 30 min``, ``45 min``: the wording of the documented message."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hr"] if hours else []) + ([f"{rest} min"] if rest or not hours else [])
    return " ".join(parts)


@operation(manager_only=True)
def list_time_entries(ctx: Ctx) -> HttpResponse:
    """GET /time-entries: one member's entries on one day, optionally of a project or task."""
    q = ctx.query
    user_id = q.integer("user_id", required=True)
    on = q.day("date", required=True)
    project_id = q.integer("project_id")
    task_id = q.integer("task_id")
    page = q.integer("page", low=1, high=1_000_000) or 1
    per_page = q.integer("per_page", low=1, high=rules.TIME_ENTRIES_MAX_PER_PAGE) or 20
    q.check()
    member = workspace_member(ctx, user_id)
    rows = _entries(ctx).filter(user_id=member.user_id, date=given(on)).order_by("start", "pk")
    if project_id is not None:
        rows = rows.filter(project_id=project_id)
    if task_id is not None:
        rows = rows.filter(task_id=task_id)
    result = Page(rows, page, per_page)
    return ok([time_entry_json(e) for e in result.items], pagination=result.pagination)


@operation(manager_only=True)
def create_time_entry(ctx: Ctx) -> HttpResponse:
    """POST /time-entries: manual time on one day, from ``start_time`` to ``end_time``."""
    b = ctx.body
    user_id = b.integer("user_id", required=True)
    contract_id = b.integer("contract_id", nullable=True)
    task_id = b.integer("task_id", nullable=True)
    notes = b.text("notes", nullable=True, max_length=rules.NOTE_MAX_LENGTH)
    on = b.day("date", required=True)
    start_time = b.clock("start_time", required=True)
    end_time = b.clock("end_time", required=True)
    b.check()
    start = datetime.combine(given(on), given(start_time), tzinfo=UTC)
    end = datetime.combine(given(on), given(end_time), tzinfo=UTC)
    rules.check_duration("end_time", start, end)
    rules.check_not_in_future("end_time", end, ctx.now)
    member = tracking_member(ctx, user_id)
    contract, task = work_of(ctx, member, contract_id, task_id)
    rules.check_time_can_change(ctx.workspace, member.user_id, given(on))
    rules.check_no_overlap(ctx.workspace, member.user_id, start, end, ctx.now)
    (entry,) = timeline.record(
        ctx.workspace,
        member.user_id,
        start,
        end,
        ctx.now,
        contract=contract,
        task=task,
        description=notes or "",
    )
    body = {
        "success": True,
        "data": time_entry_json(entry),
        # Reference: the documented message reads "8 hr successfully added for John Doe."
        "message": f"{_duration(entry.minutes)} successfully added for {full_name(member.user)}.",
        "meta": meta(),
        "saved_minutes": entry.minutes,
    }
    return json_response(body, 201)


def _moved(
    entry: TimeEntry, on: date, start: time | None, end: time | None
) -> tuple[datetime, datetime]:
    """The new span: a time not given keeps its place in the (possibly new) day."""
    base, old = _midnight(on), _midnight(entry.date)
    new_start = base + (entry.start - old) if start is None else datetime.combine(on, start, UTC)
    new_end = base + (entry.end - old) if end is None else datetime.combine(on, end, UTC)
    return new_start, new_end


def _new_work(
    ctx: Ctx, entry: TimeEntry, project_id: int | None, task_id: int | None
) -> tuple[Contract | None, Task | None]:
    """The contract and task after an edit; a JSON null clears them."""
    given_fields = ctx.body.source
    contract, task = entry.contract, entry.task
    if "project_id" in given_fields and project_id != entry.project_id:
        contract, task = None, None
        if project_id is not None:
            contract = (
                Contract.objects.select_related("project")
                .filter(
                    workspace=ctx.workspace,
                    user_id=entry.user_id,
                    project_id=project_id,
                    project__archived_at__isnull=True,
                )
                .first()
            )
            if contract is None:
                raise not_found("Contract")
            rules.check_contract_open(contract)
    if "task_id" in given_fields:
        task = contract_task(contract, task_id)
    return contract, task


@operation(manager_only=True)
def update_time_entry(ctx: Ctx, time_entry_id: str) -> HttpResponse:
    """PUT /time-entries/{id}: notes, task, project, day or times; the entry is marked edited."""
    entry = _entry(ctx, time_entry_id)
    b = ctx.body
    project_id = b.integer("project_id", nullable=True)
    task_id = b.integer("task_id", nullable=True)
    notes = b.text("notes", nullable=True, max_length=rules.NOTE_MAX_LENGTH)
    on = b.day("date")
    start_time = b.clock("start_time")
    end_time = b.clock("end_time")
    b.check()
    on = on or entry.date
    start, end = _moved(entry, on, start_time, end_time)
    rules.check_duration("end_time", start, end)
    rules.check_not_in_future("end_time", end, ctx.now)
    rules.check_time_can_change(ctx.workspace, entry.user_id, entry.date, on)
    rules.check_no_overlap(ctx.workspace, entry.user_id, start, end, ctx.now, exclude=entry.pk)
    entry.contract, entry.task = _new_work(ctx, entry, project_id, task_id)
    entry.project = entry.contract.project if entry.contract else None
    if "notes" in b.source:
        entry.activity_description = notes or ""
    entry.date, entry.start, entry.end = on, start, end
    entry.minutes = timeline.minutes_between(start, end)
    entry.is_edited = True
    entry.save()
    timeline.ensure_timesheet(ctx.workspace, entry.user_id, on, ctx.now)
    return ok(time_entry_json(entry), message="Time entry updated successfully")


@operation(manager_only=True)
def delete_time_entry(ctx: Ctx, time_entry_id: str) -> HttpResponse:
    """DELETE /time-entries/{id}: gone for good, and from every total."""
    entry = _entry(ctx, time_entry_id)
    rules.check_time_can_change(ctx.workspace, entry.user_id, entry.date)
    entry.delete()
    return ok(None, message="Time entry deleted successfully")
