"""Records of the approval workflows: timesheets, time requests, leave (see ``models``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Self

from dashboard.webwork.records import parsing as p


@dataclass(frozen=True)
class TimesheetDay:
    """One project's total on one day of a timesheet."""

    date: date | None
    project_id: int | None
    project_name: str
    contract_id: int | None
    minutes: int
    amounts: dict[str, float] = field(default_factory=dict)


# Reference: the restricted docs call a not-yet-submitted sheet "open", the OAuth2 docs "pending".
_TIMESHEET_STATUSES = {"open": "pending"}


@dataclass(frozen=True)
class Timesheet:
    """A timesheet. ``status`` is normalised (``open`` → ``pending``); ``raw_status`` is not."""

    id: str
    status: str
    raw_status: str
    user_id: int | None = None
    member_name: str = ""
    date_from: date | None = None
    date_to: date | None = None
    minutes: int | None = None
    submitted_on: datetime | None = None
    reject_reason: str | None = None
    days: tuple[TimesheetDay, ...] = ()
    amounts: dict[str, float] = field(default_factory=dict)

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        status = p.as_str(raw.get("status"))
        return cls(
            id=p.require_id(raw),
            status=_TIMESHEET_STATUSES.get(status, status),
            raw_status=status,
            user_id=p.as_int(raw.get("user_id")),
            member_name=_member_name(raw.get("member")),
            date_from=p.parse_date(raw.get("date_from")),
            date_to=p.parse_date(raw.get("date_to")),
            minutes=_timesheet_minutes(raw),
            submitted_on=p.parse_datetime(raw.get("submitted_on")),
            reject_reason=p.as_opt_str(raw.get("reject_reason")),
            days=_timesheet_days(raw.get("daily_breakdown")),
            amounts=p.amounts(raw.get("total_amount")),
        )


def _timesheet_minutes(raw: p.Json) -> int | None:
    # Reference: /api sends total_minutes; the restricted variant sends total_hours as a float.
    minutes = p.as_int(raw.get("total_minutes"))
    if minutes is not None:
        return minutes
    hours = p.as_float(raw.get("total_hours"))
    return None if hours is None else round(hours * 60)


def _member_name(member: object) -> str:
    if isinstance(member, str):
        return member
    m = p.as_mapping(member)
    name = p.as_str(m.get("name") or m.get("full_name"))
    return name or p.full_name(p.as_str(m.get("firstname")), p.as_str(m.get("lastname")))


def _timesheet_days(breakdown: object) -> tuple[TimesheetDay, ...]:
    rows = []
    as_int, as_str, amounts = p.as_int, p.as_str, p.amounts  # a list's 100 sheets: ~2,000 rows
    for day, entries in sorted(p.as_mapping(breakdown).items()):
        on = p.parse_date(day)
        for entry in map(p.as_mapping, p.as_list(entries)):
            get = entry.get
            rows.append(
                TimesheetDay(
                    on,
                    as_int(get("project_id")),
                    as_str(get("project_name")),
                    as_int(get("contract_id")),
                    as_int(get("total_minutes")) or 0,
                    amounts(get("total_amount")),
                )
            )
    return tuple(rows)


@dataclass(frozen=True)
class TimeRequest:
    """Manual time requested. The /api create answers only ``{id, status}``: the rest is None."""

    id: str
    status: str
    user_id: int | None = None
    contract_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    notes: str | None = None
    comment: str | None = None
    updated_by: int | None = None
    created_at: datetime | None = None

    @property
    def minutes(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return round((self.end - self.start).total_seconds() / 60)

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        notes = raw.get("notes")
        return cls(
            id=p.require_id(raw),
            status=p.as_str(raw.get("status")),
            user_id=p.as_int(raw.get("user_id")),
            contract_id=p.as_int(raw.get("contract_id")),
            project_id=p.as_int(raw.get("project_id")),
            task_id=p.as_int(raw.get("task_id")),
            start=p.parse_datetime(raw.get("start")),
            end=p.parse_datetime(raw.get("end")),
            notes=p.as_opt_str(notes if notes is not None else raw.get("activity_description")),
            comment=p.as_opt_str(raw.get("comment")),
            updated_by=p.as_int(raw.get("updated_by")),
            created_at=p.parse_datetime(raw.get("created_at")),
        )


@dataclass(frozen=True)
class Leave:
    """A leave request. ``days``/``hours`` come from the v1-style ``total`` object when present."""

    id: str
    status: str
    user_id: int | None = None
    policy_id: int | None = None
    policy_name: str = ""
    note: str | None = None
    is_paid: bool | None = None
    start_date: date | None = None
    end_date: date | None = None
    created_on: datetime | None = None
    reject_reason: str | None = None
    days: float | None = None
    hours: float | None = None

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        total = p.as_mapping(raw.get("total"))
        return cls(
            id=p.require_id(raw),
            status=p.as_str(raw.get("status")),
            user_id=p.as_int(raw.get("user_id")),
            policy_id=p.as_int(raw.get("policy_id")),
            policy_name=p.as_str(raw.get("policy_name")),
            note=p.as_opt_str(raw.get("note")),
            is_paid=p.as_bool(raw.get("is_paid")),
            start_date=p.parse_date(raw.get("start_date") or raw.get("start")),
            end_date=p.parse_date(raw.get("end_date") or raw.get("end")),
            created_on=p.parse_datetime(raw.get("created_on") or raw.get("created_at")),
            reject_reason=p.as_opt_str(raw.get("reject_reason")),
            days=p.as_float(total.get("days")),
            hours=p.as_float(total.get("hours")),
        )


@dataclass(frozen=True)
class LeavePolicy:
    """A leave policy; its shape is inferred, so unknown fields stay in ``extra``."""

    id: int
    name: str
    time_unit: str | None = None
    is_paid: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        known = {"id", "name", "time_unit", "is_paid"}
        return cls(
            id=p.require_int(raw, "id"),
            name=p.as_str(raw.get("name")),
            time_unit=p.as_opt_str(raw.get("time_unit")),
            is_paid=p.as_bool(raw.get("is_paid")),
            extra={k: v for k, v in raw.items() if k not in known},
        )


@dataclass(frozen=True)
class LeaveBalance:
    """One member's balances; ``balances`` pairs a leave type with a human-readable amount."""

    user_id: int | None
    user_name: str
    balances: tuple[tuple[str, str], ...] = ()
    total_balance: str | None = None

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        info = [p.as_mapping(i) for i in p.as_list(raw.get("leave_information"))]
        return cls(
            user_id=p.as_int(raw.get("user_id")),
            user_name=p.as_str(raw.get("user_name")),
            balances=tuple(
                (p.as_str(i.get("leave_type")), p.as_str(i.get("balance"))) for i in info
            ),
            total_balance=p.as_opt_str(raw.get("total_balance")),
        )
