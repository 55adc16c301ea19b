"""Reports over a date range: tracked hours, tasks, activity level, activity descriptions.

All of them are computed from the stored time entries, so their totals agree with each
other and with the timesheets.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.http import HttpResponse

from sandbox.api.envelope import Page, ok
from sandbox.api.operation import Ctx, operation
from sandbox.api.present import entry_amount, money
from sandbox.api.reporting import REPORT_PER_PAGE, date_range, entries, full_name, report_members
from sandbox.workspace.models import TimeEntry


def _amounts(rows: list[TimeEntry], currencies: list[str] | None) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for entry in rows:
        amount = entry_amount(entry)
        if amount and entry.contract is not None:
            totals[entry.contract.currency] += amount
    return {c: money(a) for c, a in sorted(totals.items()) if not currencies or c in currencies}


def _row_key(item: tuple[tuple[int, int | None, int | None], Any]) -> tuple[int, int, int]:
    uid, pid, cid = item[0]
    return uid, pid or 0, cid or 0


@operation(manager_only=True)
def tracked_hours(ctx: Ctx) -> HttpResponse:
    """GET /reports/tracked-hours: minutes per day, member, project and contract."""
    q = ctx.query
    start, end = date_range(q, ctx, required=False)
    user_id = q.integer("user_id")
    users = q.id_list("users")
    projects = q.id_list("projects")
    q.id_list("teams")
    q.id_list("titles")
    currencies = [c for c in (q.text("currencies") or "").split(",") if c] or None
    q.check()
    if user_id is not None:
        users = [*(users or []), user_id]
    rows = entries(ctx, start, end, users)
    if projects is not None:
        rows = rows.filter(project_id__in=projects)
    by_day: dict[str, dict[tuple[int, int | None, int | None], list[TimeEntry]]] = defaultdict(
        lambda: defaultdict(list)
    )
    everything = list(rows)
    for entry in everything:
        by_day[entry.date.isoformat()][(entry.user_id, entry.project_id, entry.contract_id)].append(
            entry
        )
    dates: dict[str, Any] = {}
    for day_key in sorted(by_day):
        day_rows = []
        for (uid, pid, cid), group in sorted(by_day[day_key].items(), key=_row_key):
            row: dict[str, Any] = {
                "user_id": uid,
                "project_id": pid,
                "contract_id": cid,
                "total_minutes": sum(e.minutes for e in group),
            }
            if ctx.show_rates:
                row["total_amount"] = _amounts(group, currencies)
            day_rows.append(row)
        dates[day_key] = {
            "total_minutes": sum(r["total_minutes"] for r in day_rows),
            "users": day_rows,
        }
    total: dict[str, Any] = {"total_minutes": sum(e.minutes for e in everything)}
    if ctx.show_rates:
        total["total_amount"] = _amounts(everything, currencies)
    data = {
        "report_type": "tracked_hours",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "total": total,
        "dates": dates,
    }
    return ok(data)


@operation(manager_only=True)
def task_report(ctx: Ctx) -> HttpResponse:
    """GET /reports/task-report: minutes per task for each member, paginated by member."""
    q = ctx.query
    start, end = date_range(q, ctx, required=True)
    users = q.id_list("users")
    projects = q.id_list("project_id", "projects")
    tasks = q.id_list("task_id", "tasks")
    include_no_task = q.flag("include_no_task", default=True)
    page, per_page = q.page(default_per_page=REPORT_PER_PAGE)
    q.check()
    result = Page(report_members(ctx, users), page, per_page)
    rows = entries(ctx, start, end, [m.user_id for m in result.items])
    if projects is not None:
        rows = rows.filter(project_id__in=projects)
    if tasks is not None and include_no_task:
        rows = rows.filter(Q(task_id__in=tasks) | Q(task__isnull=True))
    elif tasks is not None:
        rows = rows.filter(task_id__in=tasks)
    elif not include_no_task:
        rows = rows.filter(task__isnull=False)
    per_user: dict[int, list[TimeEntry]] = defaultdict(list)
    for entry in rows:
        per_user[entry.user_id].append(entry)
    data = []
    for member in result.items:
        mine = per_user[member.user_id]
        tasks_breakdown: dict[int | None, dict[str, Any]] = {}
        daily: dict[str, int] = defaultdict(int)
        for entry in mine:
            slot = tasks_breakdown.setdefault(
                entry.task_id,
                {
                    "task_id": entry.task_id,
                    "task_title": entry.task.title if entry.task else None,
                    "project_id": entry.project_id,
                    "project_name": entry.project.name if entry.project else None,
                    "total_minutes": 0,
                },
            )
            slot["total_minutes"] += entry.minutes
            daily[entry.date.isoformat()] += entry.minutes
        data.append(
            {
                "user_id": member.user_id,
                "user_name": full_name(member.user),
                "total_minutes": sum(e.minutes for e in mine),
                "tasks_breakdown": list(tasks_breakdown.values()),
                "daily_breakdown": dict(sorted(daily.items())),
            }
        )
    return ok(data, pagination=result.pagination)


@operation(manager_only=True)
def activity_level(ctx: Ctx) -> HttpResponse:
    """GET /reports/activity-level: activity % per member per day, with overall statistics."""
    q = ctx.query
    start, end = date_range(q, ctx, required=True)
    contract_id = q.integer("contract_id")
    users = q.id_list("user_ids", "users")
    page, per_page = q.page(default_per_page=REPORT_PER_PAGE)
    q.check()
    result = Page(report_members(ctx, users), page, per_page)
    rows = entries(ctx, start, end, [m.user_id for m in result.items])
    if contract_id is not None:
        rows = rows.filter(contract_id=contract_id)
    per_user: dict[int, dict[str, list[TimeEntry]]] = defaultdict(lambda: defaultdict(list))
    for entry in rows:
        per_user[entry.user_id][entry.date.isoformat()].append(entry)
    members, all_entries = [], []
    for member in result.items:
        days = []
        for day_key, group in sorted(per_user[member.user_id].items()):
            all_entries.extend(group)
            days.append(
                {"date": day_key, "activity_level": _weighted(group), "total_minutes": _sum(group)}
            )
        mine = [e for g in per_user[member.user_id].values() for e in g]
        members.append(
            {
                "user_id": member.user_id,
                "user_name": full_name(member.user),
                "average_activity": _weighted(mine),
                "total_minutes": _sum(mine),
                "days": days,
            }
        )
    statistics = {
        "average_activity": _weighted(all_entries),
        "total_minutes": _sum(all_entries),
        "members": len(members),
    }
    return ok({"statistics": statistics, "members": members}, pagination=result.pagination)


def _sum(rows: list[TimeEntry]) -> int:
    return sum(e.minutes for e in rows)


def _weighted(rows: list[TimeEntry]) -> int | None:
    minutes = _sum(rows)
    if not minutes:
        return None
    return round(sum(e.activity_level * e.minutes for e in rows) / minutes)


@operation(manager_only=True)
def activity_descriptions(ctx: Ctx) -> HttpResponse:
    """GET /reports/activity-descriptions: minutes per description, member, day and project."""
    q = ctx.query
    start, end = date_range(q, ctx, required=True)
    users = q.id_list("users")
    page, per_page = q.page()
    q.check()
    names = {m.user_id: full_name(m.user) for m in report_members(ctx, users)}
    groups: dict[tuple[int, str, int | None, str], list[TimeEntry]] = defaultdict(list)
    for entry in entries(ctx, start, end, list(names)):
        key = (entry.user_id, entry.date.isoformat(), entry.project_id, entry.activity_description)
        groups[key].append(entry)
    rows = [
        {
            "user_id": uid,
            "user_name": names.get(uid, ""),
            "date": day_key,
            "project_id": pid,
            "project_name": group[0].project.name if group[0].project else None,
            "activity_description": text or None,
            "total_minutes": _sum(group),
        }
        for (uid, day_key, pid, text), group in sorted(groups.items(), key=lambda i: str(i[0]))
    ]
    result = Page(rows, page, per_page)
    return ok(result.items, pagination=result.pagination)
