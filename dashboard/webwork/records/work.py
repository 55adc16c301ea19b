"""Records of the work itself: tasks, time entries, trackers, expenses and their categories.

Tolerant of both doc variants: the restricted (v2) docs show expenses as display strings
(``member``, ``project``, ``expense_date`` as ``Jan 15, 2024``), the OAuth2 variant adds ids and
ISO dates; fields either variant leaves out are None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Self

from dashboard.webwork.records.parsing import (
    Json,
    as_bool,
    as_float,
    as_int,
    as_list,
    as_mapping,
    as_opt_str,
    as_str,
    full_name,
    parse_date,
    parse_datetime,
    require_id,
    require_int,
)

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
        return full_name(self.firstname, self.lastname, self.email)

    @classmethod
    def from_json(cls, raw: Json) -> Self:
        return cls(
            id=require_int(raw, "id"),
            firstname=as_str(raw.get("firstname")),
            lastname=as_str(raw.get("lastname")),
            email=as_str(raw.get("email")),
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
    def from_json(cls, raw: Json) -> Self:
        people = (as_mapping(a) for a in as_list(raw.get("assignees")))
        return cls(
            id=require_int(raw, "id"),
            title=as_str(raw.get("title")),
            project_id=as_int(raw.get("project_id")),
            status=as_int(raw.get("status")),
            status_name=as_opt_str(raw.get("status_name")),
            priority=as_int(raw.get("priority")),
            priority_name=as_opt_str(raw.get("priority_name")),
            description=as_opt_str(raw.get("description")),
            parent_id=as_int(raw.get("parent_id")),
            creator_id=as_int(raw.get("creator_id")),
            start_date=parse_date(raw.get("start_date")),
            end_date=parse_date(raw.get("end_date")),
            completed_at=parse_datetime(raw.get("completed_at")),
            assignees=tuple(TaskAssignee.from_json(p) for p in people if "id" in p),
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
    def from_json(cls, raw: Json) -> Self:
        start = parse_datetime(raw.get("start_time"))
        end = parse_datetime(raw.get("end_time"))
        minutes = as_int(raw.get("duration_minutes"))
        if minutes is None and start and end:
            minutes = int((end - start).total_seconds() // 60)
        return cls(
            id=require_id(raw),
            user_id=as_int(raw.get("user_id")),
            date=parse_date(raw.get("date")) or (start.date() if start else None),
            start=start,
            end=end,
            minutes=minutes or 0,
            contract_id=as_int(raw.get("contract_id")),
            project_id=as_int(raw.get("project_id")),
            project_name=as_opt_str(raw.get("project_name")),
            task_id=as_int(raw.get("task_id")),
            task_title=as_opt_str(raw.get("task_title")),
            description=as_opt_str(raw.get("activity_description") or raw.get("notes")),
            method=as_str(raw.get("method")),
            activity_level=as_int(raw.get("activity_level")),
            is_edited=as_bool(raw.get("is_edited")),
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
    def from_json(cls, raw: Json, message: str = "") -> Self:
        return cls(
            user_id=as_int(raw.get("user_id")),
            started_at=parse_datetime(raw.get("start_time")),
            contract_id=as_int(raw.get("contract_id")),
            project_id=as_int(raw.get("project_id")),
            project_name=as_opt_str(raw.get("project_name")),
            task_id=as_int(raw.get("task_id")),
            activity_description=as_opt_str(raw.get("activity_description")),
            user_name=as_str(raw.get("user_name")),
            message=as_str(raw.get("message")) or message,
        )


@dataclass(frozen=True)
class TrackingStopped:
    """Reference: the OAuth2 variant repeats the message inside ``data``, the v2 one does not."""

    stopped_at: datetime | None
    message: str = ""
    minutes: int | None = None
    time_entry_ids: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, raw: Json, message: str = "") -> Self:
        return cls(
            stopped_at=parse_datetime(raw.get("stopped_at")),
            message=as_str(raw.get("message")) or message,
            minutes=as_int(raw.get("duration_minutes")),
            time_entry_ids=tuple(as_str(i) for i in as_list(raw.get("time_entry_ids")) if i),
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
    def from_json(cls, raw: Json) -> Self:
        started = parse_datetime(raw.get("start_time"))
        contract_id = as_int(raw.get("contract_id"))
        running = as_bool(raw.get("is_running"))
        if running is None:
            # Reference: the docs show no flag; a tracker's contract or start means one runs.
            running = bool(started or contract_id)
        return cls(
            user_id=as_int(raw.get("user_id")),
            date=parse_date(raw.get("date")),
            total_minutes=as_int(raw.get("total_minutes")) or 0,
            total_seconds=as_int(raw.get("total_seconds")) or 0,
            is_running=running,
            started_at=started,
            contract_id=contract_id,
            project_id=as_int(raw.get("project_id")),
            task_id=as_int(raw.get("task_id")),
            task_title=as_opt_str(raw.get("task_title")),
            activity_description=as_opt_str(raw.get("activity_description")),
        )


def _display_date(value: object) -> date | None:
    """``Jan 15, 2024`` (the documented expense dates) or any ISO form."""
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%b %d, %Y").date()
        except ValueError:
            return parse_date(value)
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
    def from_json(cls, raw: Json) -> Self:
        kind = as_str(raw.get("type"))
        billable = as_bool(raw.get("is_billable"))
        if billable is None and kind:
            billable = kind == "billable"
        return cls(
            id=require_id(raw),
            name=as_str(raw.get("expense_name") or raw.get("name")),
            amount=as_float(raw.get("amount")),
            date=parse_date(raw.get("date")) or _display_date(raw.get("expense_date")),
            member_name=as_str(raw.get("member")),
            project_name=as_opt_str(raw.get("project")),
            category_name=as_opt_str(raw.get("category")),
            note=as_opt_str(raw.get("note") or raw.get("description")),
            is_billable=billable,
            user_id=as_int(raw.get("user_id")),
            project_id=as_int(raw.get("project_id")),
            category_id=as_opt_str(raw.get("category_id")),
            currency=as_opt_str(raw.get("currency")),
            added_on=_display_date(raw.get("added_dte")) or parse_date(raw.get("created_at")),
        )


@dataclass(frozen=True)
class ExpenseCategory:
    id: str
    name: str

    @classmethod
    def from_json(cls, raw: Json) -> Self:
        return cls(id=require_id(raw), name=as_str(raw.get("name")))
