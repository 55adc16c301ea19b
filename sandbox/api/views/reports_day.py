"""Reports of a single day: the daily timeline and daily attendance."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.http import HttpResponse

from sandbox.api.envelope import Page, ok
from sandbox.api.operation import Ctx, operation
from sandbox.api.present import entry_amount, iso, money
from sandbox.api.reporting import (
    REPORT_PER_PAGE,
    clock_time,
    entries,
    full_name,
    report_members,
    single_day,
)
from sandbox.workspace.models import Leave, TimeEntry

# The seeded workspaces expect 09:00-17:00 on weekdays, 8 hours of tracked time.
DAY_START, DAY_END, DAY_MINUTES = 9 * 60, 17 * 60, 8 * 60
ATTENDANCE_FILTERS = {
    "late": "Late",
    "left_early": "Left early",
    "tracked_less": "Tracked less",
    "absent": "Absent",
    "on_leave": "On leave",
}


def _timeline_entry(entry: TimeEntry, show_rates: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start_time": iso(entry.start),
        "end_time": iso(entry.end),
        "duration_minutes": entry.minutes,
        "project_id": entry.project_id,
        "project_name": entry.project.name if entry.project else None,
        "task_id": entry.task_id,
        "task_title": entry.task.title if entry.task else None,
        "activity_description": entry.activity_description or None,
        "method": entry.method,
        "activity_level": entry.activity_level,
    }
    if show_rates and entry.contract is not None:
        data["amount"] = money(entry_amount(entry))
        data["currency"] = entry.contract.currency
    return data


@operation(manager_only=True)
def daily_timeline(ctx: Ctx) -> HttpResponse:
    """GET /reports/daily-timeline: one day's entries grouped per member."""
    q = ctx.query
    day = single_day(q, ctx)
    users = q.id_list("user_ids", "users")
    page, per_page = q.page(default_per_page=REPORT_PER_PAGE)
    q.check()
    assert day is not None
    result = Page(report_members(ctx, users), page, per_page)
    per_user: dict[int, list[TimeEntry]] = defaultdict(list)
    for entry in entries(ctx, day, day, [m.user_id for m in result.items]):
        per_user[entry.user_id].append(entry)
    data = [
        {
            "user_id": m.user_id,
            "user_name": full_name(m.user),
            "email": m.user.email,
            "date": day.isoformat(),
            "total_minutes": sum(e.minutes for e in per_user[m.user_id]),
            "entries": [_timeline_entry(e, ctx.show_rates) for e in per_user[m.user_id]],
        }
        for m in result.items
    ]
    return ok(data, pagination=result.pagination)


def _minute_of_day(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _attendance(entries_of_day: list[TimeEntry], on_leave: bool, weekend: bool) -> dict[str, Any]:
    tracked = sum(e.minutes for e in entries_of_day)
    ordered = sorted(entries_of_day, key=lambda e: e.start)
    arrival = _minute_of_day(ordered[0].start) if ordered else None
    departure = _minute_of_day(ordered[-1].end) if ordered else None
    breaks = [
        f"{clock_time(_minute_of_day(a.end))} - {clock_time(_minute_of_day(b.start))}"
        for a, b in pairwise(ordered)
        if b.start > a.end
    ]
    statuses: list[str] = []
    if on_leave:
        statuses.append("On leave")
    elif weekend and not ordered:
        statuses.append("Holiday")
    elif not ordered:
        statuses.append("Absent")
    else:
        if arrival is not None and arrival > DAY_START + 5:
            statuses.append("Late")
        if departure is not None and departure < DAY_END - 5:
            statuses.append("Left early")
        if tracked < DAY_MINUTES:
            statuses.append("Tracked less")
        statuses = statuses or ["Present"]
    return {
        "status": statuses[0],
        "statuses": statuses,
        "arrival": arrival,
        "departure": departure,
        "tracked_minutes": tracked,
        "expected_minutes": 0 if weekend else DAY_MINUTES,
        "breaks": breaks,
    }


@operation(manager_only=True)
def daily_attendance(ctx: Ctx) -> HttpResponse:
    """GET /reports/daily-attendance: each member's attendance status on one day."""
    q = ctx.query
    day = single_day(q, ctx)
    users = q.id_list("users")
    raw = [*ctx.request.GET.getlist("status"), *ctx.request.GET.getlist("status[]")]
    filters = [name for value in raw for name in value.split(",") if name]
    for name in filters:
        if name not in ATTENDANCE_FILTERS:
            q.fail("status", "The selected status is invalid.")
    page, per_page = q.page(default_per_page=REPORT_PER_PAGE)
    q.check()
    assert day is not None
    members = list(report_members(ctx, users))
    per_user: dict[int, list[TimeEntry]] = defaultdict(list)
    for entry in entries(ctx, day, day, [m.user_id for m in members]):
        per_user[entry.user_id].append(entry)
    leave_users = set(
        Leave.objects.filter(
            workspace=ctx.workspace,
            status=Leave.Status.APPROVED,
            start_date__lte=day,
            end_date__gte=day,
        ).values_list("user_id", flat=True)
    )
    rows = []
    for member in members:
        row = _attendance(
            per_user[member.user_id], member.user_id in leave_users, day.weekday() >= 5
        )
        labels = {ATTENDANCE_FILTERS[f] for f in filters}
        if labels and not labels & set(row["statuses"]):
            continue
        rows.append({"user_id": member.user_id, "user_name": full_name(member.user), **row})
    result = Page(rows, page, per_page)
    return ok(result.items, pagination=result.pagination)
