"""Records of the work itself: tasks, time entries, trackers, expenses and their categories.

Tolerant of both doc variants: the restricted (v2) docs show expenses as display strings
(``member``, ``project``, ``expense_date`` as ``Jan 15, 2024``), the OAuth2 variant adds ids and
ISO dates; fields either variant leaves out are None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Self

from dashboard.webwork.records import parsing as p

DONE_STATUSES = frozenset({20, 30})
Day = date  # for annotations after a field named ``date``


@dataclass(frozen=True)
class TaskAssignee:
    id: int
    firstname: str = ""
    lastname: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        return p.full_name(self.firstname, self.lastname, self.email)

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        return cls(
            id=p.require_int(raw, "id"),
            firstname=p.as_str(raw.get("firstname")),
            lastname=p.as_str(raw.get("lastname")),
            email=p.as_str(raw.get("email")),
        )


@dataclass(frozen=True)
class Task:
    """A task. ``status`` is 0 Incomplete, 10 Doing, 20 Done, 30 Completed; ``priority`` 10-40."""

    id: int
    title: str
    project_id: int | None = None
    status: int | None = None
    status_name: str | None = None
    priority: int | None = None
    priority_name: str | None = None
    description: str | None = None
    parent_id: int | None = None
    creator_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    completed_at: datetime | None = None
    assignees: tuple[TaskAssignee, ...] = ()

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def assignee_ids(self) -> frozenset[int]:
        return frozenset(a.id for a in self.assignees)

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        people = (p.as_mapping(a) for a in p.as_list(raw.get("assignees")))
        return cls(
            id=p.require_int(raw, "id"),
            title=p.as_str(raw.get("title")),
            project_id=p.as_int(raw.get("project_id")),
            status=p.as_int(raw.get("status")),
            status_name=p.as_opt_str(raw.get("status_name")),
            priority=p.as_int(raw.get("priority")),
            priority_name=p.as_opt_str(raw.get("priority_name")),
            description=p.as_opt_str(raw.get("description")),
            parent_id=p.as_int(raw.get("parent_id")),
            creator_id=p.as_int(raw.get("creator_id")),
            start_date=p.parse_date(raw.get("start_date")),
            end_date=p.parse_date(raw.get("end_date")),
            completed_at=p.parse_datetime(raw.get("completed_at")),
            assignees=tuple(TaskAssignee.from_json(a) for a in people if "id" in a),
        )


MANUAL_METHOD = "Manually added time"


@dataclass(frozen=True)
class TimeEntry:
    """A stretch of tracked or manual time on one day (``minutes`` as WebWork counts them)."""

    id: str
    user_id: int | None = None
    date: date | None = None
    start: datetime | None = None
    end: datetime | None = None
    minutes: int = 0
    contract_id: int | None = None
    project_id: int | None = None
    project_name: str | None = None
    task_id: int | None = None
    task_title: str | None = None
    description: str | None = None
    method: str = ""
    activity_level: int | None = None
    is_edited: bool | None = None

    @property
    def is_manual(self) -> bool:
        return self.method == MANUAL_METHOD

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        start = p.parse_datetime(raw.get("start_time"))
        end = p.parse_datetime(raw.get("end_time"))
        minutes = p.as_int(raw.get("duration_minutes"))
        if minutes is None and start and end:
            minutes = int((end - start).total_seconds() // 60)
        return cls(
            id=p.require_id(raw),
            user_id=p.as_int(raw.get("user_id")),
            date=p.parse_date(raw.get("date")) or (start.date() if start else None),
            start=start,
            end=end,
            minutes=minutes or 0,
            contract_id=p.as_int(raw.get("contract_id")),
            project_id=p.as_int(raw.get("project_id")),
            project_name=p.as_opt_str(raw.get("project_name")),
            task_id=p.as_int(raw.get("task_id")),
            task_title=p.as_opt_str(raw.get("task_title")),
            description=p.as_opt_str(raw.get("activity_description") or raw.get("notes")),
            method=p.as_str(raw.get("method")),
            activity_level=p.as_int(raw.get("activity_level")),
            is_edited=p.as_bool(raw.get("is_edited")),
        )


@dataclass(frozen=True)
class AddedTime:
    """What adding manual time answered: the entry, the minutes saved and WebWork's message.

    Reference: limits and overlaps may save only part of the interval; ``saved_minutes`` says how
    much, and ``is_partial`` compares it with what was asked for.
    """

    entry: TimeEntry
    requested_minutes: int
    message: str = ""

    @property
    def saved_minutes(self) -> int:
        return self.entry.minutes

    @property
    def is_partial(self) -> bool:
        return self.saved_minutes < self.requested_minutes


@dataclass(frozen=True)
class TrackingStarted:
    user_id: int | None
    started_at: datetime | None
    contract_id: int | None = None
    project_id: int | None = None
    project_name: str | None = None
    task_id: int | None = None
    activity_description: str | None = None
    user_name: str = ""
    message: str = ""

    @classmethod
    def from_json(cls, raw: p.Json, message: str = "") -> Self:
        return cls(
            user_id=p.as_int(raw.get("user_id")),
            started_at=p.parse_datetime(raw.get("start_time")),
            contract_id=p.as_int(raw.get("contract_id")),
            project_id=p.as_int(raw.get("project_id")),
            project_name=p.as_opt_str(raw.get("project_name")),
            task_id=p.as_int(raw.get("task_id")),
            activity_description=p.as_opt_str(raw.get("activity_description")),
            user_name=p.as_str(raw.get("user_name")),
            message=p.as_str(raw.get("message")) or message,
        )


@dataclass(frozen=True)
class TrackingStopped:
    """Reference: the OAuth2 variant repeats the message inside ``data``, the v2 one does not."""

    stopped_at: datetime | None
    message: str = ""
    minutes: int | None = None
    time_entry_ids: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, raw: p.Json, message: str = "") -> Self:
        return cls(
            stopped_at=p.parse_datetime(raw.get("stopped_at")),
            message=p.as_str(raw.get("message")) or message,
            minutes=p.as_int(raw.get("duration_minutes")),
            time_entry_ids=tuple(p.as_str(i) for i in p.as_list(raw.get("time_entry_ids")) if i),
        )


@dataclass(frozen=True)
class CurrentTracking:
    """A member's minutes today, including a running tracker."""

    user_id: int | None
    date: date | None
    total_minutes: int
    total_seconds: int = 0
    is_running: bool = False
    started_at: datetime | None = None
    contract_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    task_title: str | None = None
    activity_description: str | None = None

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        started = p.parse_datetime(raw.get("start_time"))
        contract_id = p.as_int(raw.get("contract_id"))
        running = p.as_bool(raw.get("is_running"))
        if running is None:
            # Reference: the docs show no flag; a tracker's contract or start means one runs.
            running = bool(started or contract_id)
        return cls(
            user_id=p.as_int(raw.get("user_id")),
            date=p.parse_date(raw.get("date")),
            total_minutes=p.as_int(raw.get("total_minutes")) or 0,
            total_seconds=p.as_int(raw.get("total_seconds")) or 0,
            is_running=running,
            started_at=started,
            contract_id=contract_id,
            project_id=p.as_int(raw.get("project_id")),
            task_id=p.as_int(raw.get("task_id")),
            task_title=p.as_opt_str(raw.get("task_title")),
            activity_description=p.as_opt_str(raw.get("activity_description")),
        )


def _display_date(value: object) -> date | None:
    """``Jan 15, 2024`` (the documented expense dates) or any ISO form."""
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%b %d, %Y").date()
        except ValueError:
            return p.parse_date(value)
    return None


@dataclass(frozen=True)
class Expense:
    """An expense. ``is_billable`` from ``is_billable`` or the documented ``type``."""

    id: str
    name: str
    amount: float | None
    date: date | None = None
    member_name: str = ""
    project_name: str | None = None
    category_name: str | None = None
    note: str | None = None
    is_billable: bool | None = None
    user_id: int | None = None
    project_id: int | None = None
    category_id: str | None = None
    currency: str | None = None
    added_on: Day | None = None

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        kind = p.as_str(raw.get("type"))
        billable = p.as_bool(raw.get("is_billable"))
        if billable is None and kind:
            billable = kind == "billable"
        return cls(
            id=p.require_id(raw),
            name=p.as_str(raw.get("expense_name") or raw.get("name")),
            amount=p.as_float(raw.get("amount")),
            date=p.parse_date(raw.get("date")) or _display_date(raw.get("expense_date")),
            member_name=p.as_str(raw.get("member")),
            project_name=p.as_opt_str(raw.get("project")),
            category_name=p.as_opt_str(raw.get("category")),
            note=p.as_opt_str(raw.get("note") or raw.get("description")),
            is_billable=billable,
            user_id=p.as_int(raw.get("user_id")),
            project_id=p.as_int(raw.get("project_id")),
            category_id=p.as_opt_str(raw.get("category_id")),
            currency=p.as_opt_str(raw.get("currency")),
            added_on=_display_date(raw.get("added_dte")) or p.parse_date(raw.get("created_at")),
        )


@dataclass(frozen=True)
class ExpenseCategory:
    id: str
    name: str

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        return cls(id=p.require_id(raw), name=p.as_str(raw.get("name")))
