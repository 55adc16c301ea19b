"""How stored records look on the wire (field names and formats of the contract)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sandbox.workspace.models import (
    Contract,
    Leave,
    LeavePolicy,
    Membership,
    Project,
    TimeEntry,
    TimeRequest,
    Timesheet,
    Webhook,
)

SCREENSHOT_LABELS = {
    "full": "Screenshot on",
    "blurred": "Blurred screenshots",
    "no_preview": "Screenshot on, no preview",
    "no_screenshot": "Screenshot off",
    "background_blurred": "Background blurred",
    "video_full": "Video on",
    "video_blurred": "Blurred video",
    "video_full_silent": "Video on, silent",
    "video_blurred_silent": "Blurred video, silent",
}


def iso(moment: datetime | None) -> str | None:
    """``2024-01-15T10:30:00Z``, the most common date-time form of the docs."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def iso_micro(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def money(amount: float) -> float:
    return round(amount, 2)


def workspace_json(membership: Membership) -> dict[str, Any]:
    workspace = membership.workspace
    return {
        "id": workspace.pk,
        "owner_id": workspace.owner_id,
        "user_id": membership.user_id,
        "workspace_name": workspace.name,
        "role": membership.role,
        "status": membership.status,
        "created_at": iso_micro(workspace.created_at),
        "activated_at": workspace.activated_at.strftime("%Y-%m-%d %H:%M:%S"),
    }


def member_json(membership: Membership, *, show_rates: bool) -> dict[str, Any]:
    user = membership.user
    data: dict[str, Any] = {
        "id": user.pk,
        "email": user.email,
        "firstname": user.first_name,
        "lastname": user.last_name,
        "avatar": None,
        "current_role": membership.role,
        "timezone": membership.timezone,
        "status": membership.status,
        "team_name": membership.team_name or None,
        "title": membership.title or None,
    }
    if show_rates:
        data["rate"] = membership.rate
        data["rate_type"] = "hourly" if membership.rate is not None else None
        data["rate_status"] = membership.rate_status
    data.update(
        {
            "weekly_hours_limit": membership.weekly_hours_limit,
            "screenshots": membership.screenshots,
            "is_blocked": membership.is_blocked,
            "created_at": iso(membership.created_at),
            "updated_at": iso(membership.updated_at),
            "deleted_at": iso(membership.archived_at),
        }
    )
    return data


def project_json(project: Project, *, show_rates: bool, contracts_count: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": project.pk,
        "name": project.name,
        "owner_id": project.workspace.owner_id,
        "start_date": day(project.start_date),
        "deadline": day(project.deadline),
        "estimation": project.estimation,
        "budget_estimation": project.budget_estimation,
        "notes": project.notes or None,
        "icon": project.icon or None,
        "is_billable": project.is_billable,
    }
    if show_rates:
        data["rate"] = project.rate
    data.update(
        {
            "weekly_hours_limit": project.weekly_hours_limit,
            "screenshots": project.screenshots,
            "tags": project.tags,
            "contracts_count": contracts_count,
            "status": 0 if project.archived_at else 1,
            "created_at": iso(project.created_at),
            "updated_at": iso(project.updated_at),
            "deleted_at": iso(project.archived_at),
        }
    )
    return data


def viewer_json(membership: Membership, projects: Iterable[Project]) -> dict[str, Any]:
    user = membership.user
    return {
        "id": user.pk,
        "email": user.email,
        "firstname": user.first_name,
        "lastname": user.last_name,
        # An archived viewer stays listed as inactive, so that it can be restored.
        "status": "inactive" if membership.archived_at else membership.status,
        "member_since": iso(membership.created_at),
        "projects": [{"project_id": p.pk, "project_name": p.name} for p in projects],
    }


def contract_json(contract: Contract, role: str | None, *, show_rates: bool) -> dict[str, Any]:
    project, user = contract.project, contract.user
    data: dict[str, Any] = {
        "id": contract.pk,
        "contract_name": f"{user.first_name} {user.last_name} - {project.name}",
        "project_id": project.pk,
        "project_name": project.name,
        "project_icon": project.icon or None,
        "user_id": user.pk,
        "user_firstname": user.first_name,
        "user_lastname": user.last_name,
        "user_email": user.email,
        "user_role": role,
        "weekly_hours_limit": contract.weekly_hours_limit,
        "screenshots": contract.screenshots,
        "screenshots_label": SCREENSHOT_LABELS.get(contract.screenshots),
    }
    if show_rates and project.is_billable:
        data["rate"] = contract.rate
        data["rate_type"] = contract.rate_type
        data["currency"] = contract.currency
    data.update(
        {
            "status": contract.status,
            "created_at": iso(contract.created_at),
            "updated_at": iso(contract.updated_at),
        }
    )
    return data


def entry_amount(entry: TimeEntry) -> float:
    contract = entry.contract
    project = entry.project
    if contract is None or contract.rate is None or project is None or not project.is_billable:
        return 0.0
    return entry.minutes / 60 * contract.rate


def timesheets_json(
    sheets: list[Timesheet], *, variant: str, show_rates: bool
) -> list[dict[str, Any]]:
    """Timesheets with totals computed from the time entries of their weeks."""
    if not sheets:
        return []
    entries = (
        TimeEntry.objects.filter(
            user_id__in={s.user_id for s in sheets},
            workspace_id=sheets[0].workspace_id,
            date__gte=min(s.date_from for s in sheets),
            date__lte=max(s.date_to for s in sheets),
        )
        .select_related("project", "contract")
        .order_by("date", "project_id")
    )
    by_user: dict[int, list[TimeEntry]] = defaultdict(list)
    for entry in entries:
        by_user[entry.user_id].append(entry)
    return [
        _timesheet_json(sheet, by_user[sheet.user_id], variant=variant, show_rates=show_rates)
        for sheet in sheets
    ]


def _timesheet_json(
    sheet: Timesheet, entries: list[TimeEntry], *, variant: str, show_rates: bool
) -> dict[str, Any]:
    mine = [e for e in entries if sheet.date_from <= e.date <= sheet.date_to]
    minutes = sum(e.minutes for e in mine)
    data: dict[str, Any] = {"id": sheet.pk, "user_id": sheet.user_id}
    user = sheet.user
    if variant == "api":
        data["member"] = {
            "id": user.pk,
            "firstname": user.first_name,
            "lastname": user.last_name,
            "email": user.email,
        }
    data["date_from"] = day(sheet.date_from)
    data["date_to"] = day(sheet.date_to)
    if variant == "api":
        data["total_minutes"] = minutes
        if show_rates:
            data["total_amount"] = money(sum(entry_amount(e) for e in mine))
    else:
        data["total_hours"] = round(minutes / 60, 2)
    data["submitted_on"] = iso(sheet.submitted_on)
    data["reject_reason"] = sheet.reject_reason or None
    status = sheet.status
    data["status"] = "open" if status == Timesheet.Status.PENDING and variant == "v2" else status
    if variant == "api":
        data["daily_breakdown"] = _breakdown(mine, show_rates)
    return data


def _breakdown(entries: list[TimeEntry], show_rates: bool) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, dict[int | None, dict[str, Any]]] = defaultdict(dict)
    for entry in entries:
        rows = grouped[entry.date.isoformat()]
        row = rows.get(entry.project_id)
        if row is None:
            row = rows[entry.project_id] = {
                "project_id": entry.project_id,
                "project_name": entry.project.name if entry.project else None,
                "contract_id": entry.contract_id,
                "total_minutes": 0,
            }
            if show_rates:
                row["total_amount"] = 0.0
        row["total_minutes"] += entry.minutes
        if show_rates:
            row["total_amount"] += entry_amount(entry)
    for rows in grouped.values():
        for row in rows.values():
            if "total_amount" in row:
                row["total_amount"] = money(row["total_amount"])
    return {date_key: list(rows.values()) for date_key, rows in grouped.items()}


def time_request_json(request: TimeRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "user_id": request.user_id,
        "contract_id": request.contract_id,
        "project_id": request.project_id,
        "task_id": request.task_id,
        "start": iso(request.start),
        "end": iso(request.end),
        "status": request.status,
        "notes": request.notes or None,
        "activity_description": request.notes or None,
        "comment": request.comment or None,
        "updated_by": request.updated_by_id,
        "created_at": iso(request.created_at),
        "updated_at": iso(request.updated_at),
    }


def leave_json(leave: Leave) -> dict[str, Any]:
    return {
        "id": leave.pk,
        "user_id": leave.user_id,
        "policy_id": leave.policy_id,
        "policy_name": leave.policy.name,
        "status": leave.status,
        "note": leave.note or None,
        "is_paid": "yes" if leave.policy.is_paid else "no",
        "created_by": leave.created_by_id,
        "approved_by": leave.approved_by_id,
        "rejected_by": leave.rejected_by_id,
        "reject_reason": leave.reject_reason or None,
        "start_date": day(leave.start_date),
        "end_date": day(leave.end_date),
        "leave_period": leave.leave_period,
        "created_on": iso(leave.created_at),
        "total": {"days": leave.days, "hours": leave.days * 8},
    }


def policy_json(policy: LeavePolicy) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "name": policy.name,
        "time_unit": policy.time_unit,
        "is_paid": "yes" if policy.is_paid else "no",
        "days_per_year": policy.days_per_year,
    }


def webhook_json(hook: Webhook) -> dict[str, Any]:
    return {
        "id": hook.pk,
        "url": hook.url,
        "events": hook.events,
        "token": hook.token,
        "created_at": iso(hook.created_at),
        "updated_at": iso(hook.updated_at),
    }
