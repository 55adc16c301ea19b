"""The three things a manager decides on, and what deciding means for each of them.

Timesheets wait in ``submitted``; leave and time requests in ``pending``. Each kind knows how to
read one item's state right now, how to send a verb, and how to name an item for people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.webwork.records import Leave, Member, TimeRequest, Timesheet

Record = Timesheet | Leave | TimeRequest
DASH = "\u2013"  # an en dash between the ends of a span


@dataclass(frozen=True)
class Kind:
    name: str  # "timesheet": item keys, audit actions ("timesheet.approve")
    slug: str  # "timesheets": URLs
    noun: str
    waiting: str  # the status an item waits for a decision in
    reason_field: str  # what WebWork calls the rejection text
    verbs: tuple[str, ...]

    def resource(self, client: Any) -> Any:
        return getattr(client, self.slug.replace("-", "_"))

    def get(self, client: Any, item_id: str) -> Record:
        """The item's state right now (never from the cache)."""
        record: Record = self.resource(client).get(item_id)
        return record

    def send(self, client: Any, verb: str, item_id: str, reason: str = "") -> str:
        """Send ``verb`` for one item; answers WebWork's message."""
        resource = self.resource(client)
        if verb == "reject":
            message: str = resource.reject(item_id, reason)
        else:
            message = getattr(resource, verb)(item_id)
        return message

    def can(self, verb: str, status: str) -> bool:
        """Whether WebWork's state machine allows ``verb`` on an item in ``status``."""
        if verb in ("approve", "reject"):
            return status == self.waiting
        if verb == "submit":
            return status in ("pending", "rejected")
        if verb == "unsubmit":
            return status == "submitted"
        return False


TIMESHEET = Kind(
    "timesheet",
    "timesheets",
    "timesheet",
    "submitted",
    "reason",
    ("approve", "reject", "submit", "unsubmit"),
)
LEAVE = Kind("leave", "leaves", "leave request", "pending", "reason", ("approve", "reject"))
TIME_REQUEST = Kind(
    "time_request", "time-requests", "time request", "pending", "comment", ("approve", "reject")
)
KINDS = {kind.name: kind for kind in (TIMESHEET, LEAVE, TIME_REQUEST)}
BY_SLUG = {kind.slug: kind for kind in KINDS.values()}
DONE_STATUS = {"approve": "approved", "reject": "rejected", "submit": "submitted"}
DONE_STATUS["unsubmit"] = "pending"


def member_name(user_id: int | None, members: Mapping[int, Member]) -> str:
    member = members.get(user_id) if user_id is not None else None
    if member is None:
        return f"Member {user_id}" if user_id is not None else "Unknown member"
    return f"{member.firstname} {member.lastname}".strip() or member.email


def label(record: Record, members: Mapping[int, Member]) -> str:
    """How an item is named in tables, job results and the audit log."""
    if isinstance(record, Timesheet):
        name = record.member_name or member_name(record.user_id, members)
        return f"{name} · {_span(record.date_from, record.date_to)}"
    if isinstance(record, Leave):
        name = member_name(record.user_id, members)
        policy = record.policy_name or "Leave"
        return f"{name} · {policy} {_span(record.start_date, record.end_date)}"
    name = member_name(record.user_id, members)
    when = record.start.strftime("%d %b %Y %H:%M") if record.start else "?"
    until = record.end.strftime("%H:%M") if record.end else "?"
    return f"{name} · {when}{DASH}{until}"


def _span(start: Any, end: Any) -> str:
    if start is None or end is None:
        return "?"
    if start == end:
        return start.strftime("%d %b %Y")
    return f"{start.strftime('%d %b')}{DASH}{end.strftime('%d %b %Y')}"
