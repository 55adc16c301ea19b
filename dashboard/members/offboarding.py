"""Offboarding a member: what they have waiting, their contracts, their archive.

Each step reads WebWork afresh (the items are never stored), sends one audited call per item,
and answers one ``(name, ok, message)`` outcome per item with WebWork's own message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkAuthError, WebworkError
from dashboard.webwork.records import Contract, Leave, Member, Page, TimeRequest, Timesheet
from dashboard.webwork.resources.query import Paging

Outcome = tuple[str, bool, str]
DASH = "\u2013"
PER_PAGE = 100  # one page of each: a person rarely has more waiting, and the page says so


@dataclass(frozen=True)
class Waiting:
    """One thing the member has waiting for a decision."""

    kind: str  # "timesheet", "leave", "time_request": also the audit action's prefix
    id: str
    label: str
    detail: str = ""

    @property
    def key(self) -> str:
        """A form-safe name for the item (ids are opaque strings of any shape)."""
        return hashlib.sha256(f"{self.kind}:{self.id}".encode()).hexdigest()[:16]


def _day(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else "?"


def _span(start: date | None, end: date | None) -> str:
    if start is None or end is None or start == end:
        return _day(start or end)
    return f"{start.strftime('%d %b')}{DASH}{_day(end)}"


def _hours(minutes: int | None) -> str:
    return "" if minutes is None else f"{minutes // 60}:{minutes % 60:02d} h"


def _clock(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else "?"


def _sheet(sheet: Timesheet) -> Waiting:
    label = f"Timesheet {_span(sheet.date_from, sheet.date_to)}"
    return Waiting("timesheet", sheet.id, label, _hours(sheet.minutes))


def _leave(leave: Leave) -> Waiting:
    label = f"Leave: {leave.policy_name or 'no policy'} {_span(leave.start_date, leave.end_date)}"
    return Waiting("leave", leave.id, label, leave.note or "")


def _request(asked: TimeRequest) -> Waiting:
    when = f"{_day(asked.start.date() if asked.start else None)} {_clock(asked.start)}"
    label = f"Manual time {when}{DASH}{_clock(asked.end)}"
    return Waiting("time_request", asked.id, label, asked.notes or "")


def waiting_reads(client: WebworkClient, member_id: int) -> tuple[Callable[[], Page[Any]], ...]:
    """The three reads of step 1, to run in the page's one concurrent round."""
    # Reference: WebWork's OAuth2 variant needs both ends of a time-request range; a year back
    # and a quarter ahead holds anything still pending.
    today = timezone.localdate()
    since, until = today - timedelta(days=365), today + timedelta(days=90)
    paging = Paging(per_page=PER_PAGE)
    return (
        lambda: client.timesheets.list(status="submitted", user_id=member_id, paging=paging),
        lambda: client.leaves.list(status="pending", user_id=member_id, paging=paging),
        lambda: client.time_requests.list(
            status="pending", user_id=member_id, date_from=since, date_to=until, paging=paging
        ),
    )


NOUNS = {
    "timesheet": ("submitted timesheet", "submitted timesheets"),
    "leave": ("pending leave request", "pending leave requests"),
    "time_request": ("pending time request", "pending time requests"),
}


@dataclass(frozen=True)
class WaitingList:
    items: tuple[Waiting, ...]
    more: int  # items past the first page of a kind, not shown

    @property
    def summary(self) -> str:
        """ "2 submitted timesheets and 1 pending leave request" (what is shown)."""
        parts = []
        for kind, (one, many) in NOUNS.items():
            count = sum(1 for item in self.items if item.kind == kind)
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        return " and ".join(", ".join(parts).rsplit(", ", 1)) if parts else ""

    @classmethod
    def of(cls, sheets: Page[Timesheet], leaves: Page[Leave], asked: Page[TimeRequest]) -> Any:
        items = [*map(_sheet, sheets), *map(_leave, leaves), *map(_request, asked)]
        shown = len(sheets.items) + len(leaves.items) + len(asked.items)
        more = max(sheets.total + leaves.total + asked.total - shown, 0)
        return cls(tuple(items), more)


def _sender(client: WebworkClient, kind: str, verb: str) -> Callable[..., str]:
    resource = {
        "timesheet": client.timesheets,
        "leave": client.leaves,
        "time_request": client.time_requests,
    }[kind]
    return getattr(resource, verb)


def decide(
    request: DashboardRequest, member: Member, item: Waiting, verb: str, reason: str
) -> Outcome:
    """Approve or reject one item, audited; the outcome carries WebWork's message either way."""
    summary: dict[str, Any] = {"member_id": member.id, "offboarding": True}
    if verb == "reject":
        summary["reason"] = reason
    target = (item.kind, item.id, f"{member.name} · {item.label}")
    send = _sender(request.webwork, item.kind, verb)
    return _attempt(
        request,
        f"{item.kind}.{verb}",
        target,
        summary,
        lambda: send(item.id, reason) if verb == "reject" else send(item.id),
        item.label,
        f"{item.label}: {'approved' if verb == 'approve' else 'rejected'}.",
    )


def pause(request: DashboardRequest, contract: Contract) -> Outcome:
    """Pause one contract, audited as the assignments page audits it."""
    label = f"{contract.user_name} on {contract.project_name}"
    summary = {"status": "paused", "member_id": contract.user_id, "offboarding": True}

    def send() -> str:
        return request.webwork.contracts.update(contract.id, status="paused").message

    name = contract.project_name or f"Contract {contract.id}"
    return _attempt(
        request, "contract.pause", ("contract", contract.id, label), summary, send, name, "Paused."
    )


def archive(request: DashboardRequest, member: Member) -> Outcome:
    def send() -> str:
        return request.webwork.members.archive(member.id)

    target = ("member", member.id, member.name)
    return _attempt(request, "member.archive", target, {}, send, member.name, "Archived.")


def _attempt(
    request: DashboardRequest,
    action: str,
    target: tuple[str, Any, str],
    summary: dict[str, Any],
    send: Callable[[], str],
    name: str,
    fallback: str,
) -> Outcome:
    """One audited call; a refusal is an outcome to report, a lost connection is not."""
    try:
        with audited(request, action, target=target, summary=summary) as entry:
            entry.message = send()
    except WebworkAuthError:
        raise  # the middleware asks the user to reconnect
    except WebworkError as exc:
        return (name, False, exc.message)
    return (name, True, entry.message or fallback)
