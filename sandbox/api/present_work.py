"""How tasks, time entries, trackers and expenses look on the wire."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User

from sandbox.api.present import day, iso, money
from sandbox.workspace.models import Expense, ExpenseCategory, RunningTimer, Task, TimeEntry

TASK_STATUSES = {
    0: ("Incomplete", "#9E9E9E"),
    10: ("Doing", "#2196F3"),
    20: ("Done", "#4CAF50"),
    30: ("Completed", "#673AB7"),
}
TASK_PRIORITIES = {10: "Urgent", 20: "High", 30: "Normal", 40: "Low"}


def full_name(user: User) -> str:
    return f"{user.first_name} {user.last_name}".strip()


def offset_iso(moment: datetime) -> str:
    """``2024-01-15T10:30:00+00:00``, the form of the time-tracking examples."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def display_date(value: date) -> str:
    """``Jan 15, 2024``: expense dates are pre-formatted in the docs."""
    return f"{value:%b} {value.day}, {value.year}"


def assignee_json(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "firstname": user.first_name,
        "lastname": user.last_name,
        "email": user.email,
    }


def task_json(task: Task) -> dict[str, Any]:
    """A task; ``assignees`` should be prefetched, ``project__workspace`` selected."""
    status_name, status_color = TASK_STATUSES.get(task.status, (None, None))
    owner_id = task.project.workspace.owner_id
    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description or None,
        "project_id": task.project_id,
        "owner_id": owner_id,
        "creator_id": task.creator_id or owner_id,
        "parent_id": task.parent_id,
        "status": task.status,
        "status_name": status_name,
        "status_color": status_color,
        "priority": task.priority,
        "priority_name": TASK_PRIORITIES.get(task.priority),
        "start_date": day(task.start_date),
        "end_date": day(task.end_date),
        "completed_at": iso(task.completed_at),
        "assignees": [assignee_json(u) for u in sorted(task.assignees.all(), key=_pk)],
        "has_details": bool(task.description),
        "created_at": iso(task.created_at),
        "updated_at": iso(task.updated_at),
        "deleted_at": iso(task.deleted_at),
    }


def _pk(user: User) -> int:
    return user.pk


def time_entry_json(entry: TimeEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "user_id": entry.user_id,
        "contract_id": entry.contract_id,
        "project_id": entry.project_id,
        "project_name": entry.project.name if entry.project else None,
        "task_id": entry.task_id,
        "task_title": entry.task.title if entry.task else None,
        "activity_description": entry.activity_description or None,
        "method": entry.method,
        "date": day(entry.date),
        "start_time": iso(entry.start),
        "end_time": iso(entry.end),
        "duration_minutes": entry.minutes,
        "activity_level": entry.activity_level,
        "is_edited": entry.is_edited,
    }


def tracking_started_json(timer: RunningTimer, user: User) -> dict[str, Any]:
    return {
        "message": "Time tracking started successfully",
        "start_time": offset_iso(timer.started_at),
        "contract_id": timer.contract_id,
        "project_id": timer.project_id,
        "project_name": timer.project.name if timer.project else None,
        "task_id": timer.task_id,
        "activity_description": timer.activity_description or None,
        "user_id": user.pk,
        "user_name": full_name(user),
        "user_email": user.email,
    }


def tracking_stopped_json(
    stopped_at: datetime, entries: list[TimeEntry], *, variant: str
) -> dict[str, Any]:
    """The OAuth2 variant repeats the message inside ``data``; the restricted one does not."""
    data: dict[str, Any] = {}
    if variant == "api":
        data["message"] = "Time tracking stopped successfully"
    data["stopped_at"] = offset_iso(stopped_at)
    data["duration_minutes"] = sum(e.minutes for e in entries)
    data["time_entry_ids"] = [e.pk for e in entries]
    return data


def current_data_json(
    user_id: int, today: date, logged: int, timer: RunningTimer | None, now: datetime
) -> dict[str, Any]:
    running = 0
    if timer is not None:
        running = max(0, int((now - timer.started_at).total_seconds()))
    return {
        "user_id": user_id,
        "contract_id": timer.contract_id if timer else None,
        "project_id": timer.project_id if timer else None,
        "task_id": timer.task_id if timer else None,
        "task_title": timer.task.title if timer and timer.task else None,
        "activity_description": (timer.activity_description or None) if timer else None,
        "is_running": timer is not None,
        "start_time": offset_iso(timer.started_at) if timer else None,
        "total_minutes": logged + running // 60,
        "total_seconds": running % 60,
        "date": today.isoformat(),
    }


def expense_json(expense: Expense, *, variant: str) -> dict[str, Any]:
    """The restricted docs' display shape; the OAuth2 variant adds ids and ISO values."""
    data: dict[str, Any] = {
        "id": expense.pk,
        "member": full_name(expense.user),
        "expense_date": display_date(expense.date),
        "expense_name": expense.name,
        "project": expense.project.name if expense.project else None,
        "category": expense.category.name,
        "amount": money(expense.amount),
        "note": expense.note or None,
        "type": "billable" if expense.is_billable else "non-billable",
        "added_dte": display_date(expense.created_at.date()),
    }
    if variant == "api":
        data |= {
            "user_id": expense.user_id,
            "project_id": expense.project_id,
            "category_id": expense.category_id,
            "currency": expense.currency,
            "date": day(expense.date),
            "is_billable": expense.is_billable,
            "created_at": iso(expense.created_at),
            "updated_at": iso(expense.updated_at),
        }
    return data


def category_json(category: ExpenseCategory) -> dict[str, Any]:
    return {"id": category.pk, "name": category.name}
