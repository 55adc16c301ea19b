"""Everything waiting for a decision, in one list: oldest waiting first, with flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from dashboard.webwork.records import Leave, Member, Project, TimeRequest, Timesheet

from .flags import Flag, FlagData, timesheet_flags
from .kinds import LEAVE, TIME_REQUEST, TIMESHEET, Kind, Record, label, member_name

PER_KIND = 100
FLAG_WINDOW_DAYS = 70  # approved leave and manual time this far back feed the flags


@dataclass(frozen=True)
class InboxItem:
    kind: Kind
    record: Record
    label: str
    member: str
    summary: str
    waiting_since: datetime | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind.name}|{self.record.id}|{self.label}"

    @property
    def detail(self) -> str:
        """The label without the member's name, which the row shows on its own."""
        return self.label.split(" · ", 1)[-1]

    @property
    def dom_id(self) -> str:
        return f"inbox-{self.kind.name}-{self.record.id}"

    @property
    def waiting_days(self) -> int | None:
        if self.waiting_since is None:
            return None
        return max(0, (timezone.now() - self.waiting_since).days)


@dataclass(frozen=True)
class Inbox:
    items: list[InboxItem]
    totals: dict[str, int]
    fetched_at: datetime | None

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def shown_less(self) -> bool:
        return len(self.items) < self.total


def load(client: Any, *, refresh: bool = False) -> Inbox:
    """Eight reads, all at once (reference data and short-lived lists mostly come cached)."""
    today = timezone.localdate()
    recent = {"date_from": today - timedelta(days=FLAG_WINDOW_DAYS), "date_to": today}
    wide = {"date_from": today - timedelta(days=365), "date_to": today + timedelta(days=90)}
    lists = {"per_page": PER_KIND, "refresh": refresh}
    # The flags' data is not refreshed on demand: it changes rarely and each read costs budget.
    context = {"per_page": PER_KIND}
    found = client.gather(
        lambda: client.timesheets.list(status="submitted", order_by="asc", **lists),
        lambda: client.leaves.list(status="pending", **lists),
        lambda: client.time_requests.list(status="pending", **wide, **lists),
        lambda: client.members.all(),
        lambda: client.projects.all(),
        lambda: client.contracts.all(),
        lambda: client.leaves.list(status="approved", **recent, **context),
        lambda: client.time_requests.list(status="approved", **recent, **context),
    )
    sheets, leaves, requests, members, projects, contracts, on_leave, manual = found
    people = {m.id: m for m in members}
    project_names = {p.id: p.name for p in projects}
    flag_data = FlagData.build(contracts, on_leave, manual)
    items = [_sheet_item(s, people, flag_data) for s in sheets]
    items += [leave_item(leave, people) for leave in leaves]
    items += [request_item(r, people, project_names) for r in requests]
    now = timezone.now()
    items.sort(key=lambda item: item.waiting_since or now)
    totals = {"timesheet": sheets.total, "leave": leaves.total, "time_request": requests.total}
    fetched = min((p.fetched_at for p in (sheets, leaves, requests)), default=None)
    return Inbox(items, totals, fetched)


def _sheet_item(sheet: Timesheet, people: dict[int, Member], data: FlagData) -> InboxItem:
    return sheet_item(sheet, people, timesheet_flags(sheet, data))


def sheet_item(sheet: Timesheet, people: dict[int, Member], flags: list[Flag]) -> InboxItem:
    hours = "" if sheet.minutes is None else f"{sheet.minutes // 60}:{sheet.minutes % 60:02d} h"
    return InboxItem(
        TIMESHEET,
        sheet,
        label(sheet, people),
        sheet.member_name or member_name(sheet.user_id, people),
        f"Timesheet, {hours}" if hours else "Timesheet",
        sheet.submitted_on,
        flags,
    )


def leave_item(leave: Leave, people: dict[int, Member]) -> InboxItem:
    parts = [leave.policy_name or "Leave"]
    if leave.days is not None:
        parts.append(f"{leave.days:g} day{'s' if leave.days != 1 else ''}")
    if leave.is_paid is not None:
        parts.append("paid" if leave.is_paid else "unpaid")
    return InboxItem(
        LEAVE,
        leave,
        label(leave, people),
        member_name(leave.user_id, people),
        ", ".join(parts),
        leave.created_on,
    )


def request_item(
    request: TimeRequest, people: dict[int, Member], projects: dict[int, str]
) -> InboxItem:
    project = projects.get(request.project_id or -1, "no project")
    minutes = request.minutes or 0
    summary = f"Manual time, {minutes // 60}:{minutes % 60:02d} h on {project}"
    return InboxItem(
        TIME_REQUEST,
        request,
        label(request, people),
        member_name(request.user_id, people),
        summary,
        request.created_at,
    )


def people_of(members: Any) -> dict[int, Member]:
    return {m.id: m for m in members}


def project_names(projects: Any) -> dict[int, str]:
    return {p.id: p.name for p in projects if isinstance(p, Project)}
