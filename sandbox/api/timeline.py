"""Writing time onto a member's timeline: entries per day, and a timesheet for every week.

Manual entries, stopped trackers and approved time requests all go through ``record``, so the
timesheets, their daily breakdowns and every report (all computed from the entries) follow.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sandbox.workspace.models import Contract, Task, TimeEntry, Timesheet, Workspace


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def ensure_timesheet(workspace: Workspace, user_id: int, day: date, now: datetime) -> None:
    """A week with time has a timesheet: a pending one is opened when there is none yet."""
    covered = Timesheet.objects.filter(
        workspace=workspace, user_id=user_id, date_from__lte=day, date_to__gte=day
    )
    if not covered.exists():
        monday, sunday = week_of(day)
        Timesheet.objects.create(
            workspace=workspace,
            user_id=user_id,
            date_from=monday,
            date_to=sunday,
            created_at=now,
            updated_at=now,
        )


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes; the seconds left over are not tracked time."""
    return max(0, int((end - start).total_seconds() // 60))


def days_of(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """``start``..``end`` cut at every midnight (UTC, the sandbox's day boundary)."""
    parts = []
    while start < end:
        midnight = datetime.combine(start.date() + timedelta(days=1), time(0), tzinfo=UTC)
        parts.append((start, min(end, midnight)))
        start = midnight
    return parts


def record(
    workspace: Workspace,
    user_id: int,
    start: datetime,
    end: datetime,
    now: datetime,
    *,
    contract: Contract | None,
    task: Task | None,
    description: str = "",
    method: str = "Manually added time",
    activity_level: int = 0,
) -> list[TimeEntry]:
    """Store ``start``..``end`` as one entry per day it touches (pieces under a minute dropped).

    Each day's minutes are counted from ``start``, so the days add up to the whole minutes of
    the span: 22:30:20 to 00:05:20 is 89 + 6, not 89 + 5.
    """
    made = []
    origin = start.astimezone(UTC)
    for piece_start, piece_end in days_of(origin, end.astimezone(UTC)):
        minutes = minutes_between(origin, piece_end) - minutes_between(origin, piece_start)
        if minutes < 1:
            continue
        made.append(
            TimeEntry.objects.create(
                workspace=workspace,
                user_id=user_id,
                project_id=contract.project_id if contract else None,
                contract=contract,
                task=task,
                date=piece_start.date(),
                start=piece_start,
                end=piece_end,
                minutes=minutes,
                activity_description=description,
                activity_level=activity_level,
                method=method,
            )
        )
        ensure_timesheet(workspace, user_id, piece_start.date(), now)
    return made
