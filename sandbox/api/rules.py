"""The sandbox's own answers where WebWork's docs are silent (NOTES.md, "Choices of the sandbox").

Each rule is stated here once and used everywhere it applies, so that correcting one is one edit.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sandbox.api.envelope import ApiError, invalid
from sandbox.workspace.models import Contract, Role, RunningTimer, TimeEntry, Timesheet, Workspace

# Notes of time entries, trackers, leave and expenses: the contract's general string limit.
NOTE_MAX_LENGTH = 255
TASK_DESCRIPTION_MAX_LENGTH = 5000
# Besides owners and executive managers, these roles manage tasks (documented for create/update;
# the sandbox applies it to delete, assign and unassign too).
TASK_MANAGER_ROLES = frozenset(
    {Role.OWNER, Role.EXECUTIVE_MANAGER, Role.PROJECT_MANAGER, Role.TEAM_MANAGER}
)
# Task statuses 20 (Done) and 30 (Completed) stamp ``completed_at``; going back clears it.
DONE_TASK_STATUSES = frozenset({20, 30})
# GET /time-entries pages hold at most 50 entries (documented).
TIME_ENTRIES_MAX_PER_PAGE = 50
# A tracker stopped less than a minute after it started records no time.
TRACKER_MIN_MINUTES = 1
EXPENSE_MAX_AMOUNT = 1_000_000.0
# A leave request covers at most this many calendar days.
LEAVE_MAX_DAYS = 90


def completed_at(status: int, previous: datetime | None, now: datetime) -> datetime | None:
    """When a task was completed: kept while it stays done, stamped when it becomes done."""
    if status not in DONE_TASK_STATUSES:
        return None
    return previous or now


def check_not_in_future(field: str, moment: datetime | date, now: datetime) -> None:
    """Time and expenses are recorded after the fact: nothing may end after "now"."""
    late = moment > now if isinstance(moment, datetime) else moment > now.date()
    if late:
        raise invalid(field, f"The {field} must not be in the future.")


def check_duration(field: str, start: datetime, end: datetime) -> None:
    """A stretch of time has a positive length (and, being on one day, under 24 hours)."""
    if end <= start:
        raise invalid(field, f"The {field} must be after the start.")
    if end - start > timedelta(hours=24):
        raise invalid(field, "A time entry may cover at most 24 hours.")


def check_no_overlap(
    workspace: Workspace,
    user_id: int,
    start: datetime,
    end: datetime,
    now: datetime,
    *,
    exclude: str | None = None,
) -> None:
    """A member's time entries never overlap each other or their running tracker."""
    clash = TimeEntry.objects.filter(
        workspace=workspace, user_id=user_id, start__lt=end, end__gt=start
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    timer = RunningTimer.objects.filter(workspace=workspace, user_id=user_id).first()
    if clash.exists() or (timer is not None and timer.started_at < end and start < now):
        raise invalid("start_time", "The time overlaps time already tracked by this member.")


def check_time_can_change(workspace: Workspace, user_id: int, *days: date) -> None:
    """The time of an approved timesheet's week is locked: no entry there is added or changed.

    Submitted, pending and rejected weeks stay editable; their totals follow the entries.
    """
    for day in days:
        locked = Timesheet.objects.filter(
            workspace=workspace,
            user_id=user_id,
            status=Timesheet.Status.APPROVED,
            date_from__lte=day,
            date_to__gte=day,
        )
        if locked.exists():
            raise ApiError(
                400,
                f"The timesheet of {day.isoformat()} is approved; its time can no longer change",
                error="Timesheet approved",
            )


def check_contract_open(contract: Contract) -> None:
    """No new time on a paused contract (pausing is how a member stops working on a project)."""
    if contract.status == Contract.Status.PAUSED:
        raise invalid("contract_id", "The contract is paused.")


def check_expense_amount(amount: float) -> None:
    if not 0 < amount <= EXPENSE_MAX_AMOUNT:
        raise invalid("amount", f"The amount must be above 0 and at most {EXPENSE_MAX_AMOUNT:g}.")


def check_leave_span(start: date, end: date) -> None:
    if end < start:
        raise invalid("end", "The end must be a date after or equal to start.")
    if (end - start).days + 1 > LEAVE_MAX_DAYS:
        raise invalid("end", f"A leave request may cover at most {LEAVE_MAX_DAYS} days.")
