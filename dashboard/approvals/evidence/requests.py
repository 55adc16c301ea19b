"""The evidence of leave and time requests: balances in the policy year, who else is off, and
the requested time against the member's day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Leave, TimeRequest
from dashboard.webwork.records.work import TimeEntry
from dashboard.webwork.resources.query import Paging

from ..hints import Hint
from ..kinds import LEAVE, TIME_REQUEST, member_name
from ..kinds.balance import Amount, before_after, parse_amount
from .common import ENTRIES_PER_DAY, OFF, PER_PAGE


@dataclass(frozen=True)
class LeaveEvidence:
    leave: Leave
    member: str
    year: int
    balance: Amount | None  # as WebWork has it now
    before: Amount | None
    after: Amount | None
    others: list[tuple[str, Leave]]  # who else is off on those dates

    @property
    def negative(self) -> bool:
        return self.after is not None and self.after.value < 0


def leave_evidence(
    client: WebworkClient, leave_id: str, *, refresh: bool = False, hint: Hint | None = None
) -> LeaveEvidence:
    """The leave, the members (reference data), the member's balances in the leave's own policy
    year and everyone's leave on its dates: one round when ``hint`` names the leave's member and
    dates (the leave is then one of the leave on its dates), two without."""
    paging = Paging(per_page=PER_PAGE, refresh=refresh)

    def around(where: Hint) -> list[Callable[[], Any]]:
        year = where.start.year  # the policy year the request is counted in
        # Reference: balances come 20 members a page, so only this member's is asked for.
        return [
            lambda: client.leaves.balances(
                date(year, 1, 1), date(year, 12, 31), user_id=where.user_id, refresh=refresh
            ),
            lambda: client.leaves.list(date_from=where.start, date_to=where.end, paging=paging),
        ]

    def own() -> Leave:
        return LEAVE.get_cached(client, leave_id, refresh=refresh)

    # With a hint, the leave is one of the leave on its dates; without, it is read beside the
    # members.
    members, *hinted = client.gather(
        lambda: client.members.all(refresh=refresh), *(around(hint) if hint else [own])
    )
    if hint is None:
        record, hinted = hinted[0], []
    else:
        record = next((lv for lv in hinted[1] if lv.id == leave_id), None) or own()
    start = record.start_date or datetime.now(UTC).date()
    where = Hint(record.user_id or 0, start, record.end_date or start)
    if hint is None or not hint.matches(record.user_id, where.start, where.end):
        hinted = list(client.gather(*around(where)))
    balances, overlapping = hinted
    people = {m.id: m for m in members}
    balance = None
    for row in balances:
        if row.user_id == record.user_id:
            balance = parse_amount(dict(row.balances).get(record.policy_name, ""))
    before, after = before_after(record, balance)
    others = [
        (member_name(lv.user_id, people), lv)
        for lv in overlapping
        if lv.status in OFF and lv.id != record.id and lv.user_id != record.user_id
    ]
    member = member_name(record.user_id, people)
    return LeaveEvidence(record, member, where.start.year, balance, before, after, others)


@dataclass(frozen=True)
class Slot:
    """One line of the day's timeline: an entry, or the requested interval itself."""

    start: datetime | None
    end: datetime | None
    minutes: int
    entry: TimeEntry | None
    overlaps: bool


@dataclass(frozen=True)
class TimeRequestEvidence:
    request: TimeRequest
    member: str
    project: str
    day: date | None
    slots: list[Slot]

    @property
    def overlapping(self) -> list[Slot]:
        return [s for s in self.slots if s.entry is not None and s.overlaps]

    @property
    def tracked(self) -> int:
        return sum(s.minutes for s in self.slots if s.entry is not None)


def time_request_evidence(
    client: WebworkClient, request_id: str, *, refresh: bool = False, hint: Hint | None = None
) -> TimeRequestEvidence:
    """The request, the members (reference data) and the member's entries that day: one round
    when ``hint`` names the request's member and day, two without."""

    def entries_of(user_id: int, day: date) -> Callable[[], Any]:
        return lambda: client.time_entries.list(
            user_id, day, per_page=ENTRIES_PER_DAY, refresh=refresh
        )

    record, members, *hinted = client.gather(
        lambda: TIME_REQUEST.get_cached(client, request_id, refresh=refresh),
        lambda: client.members.all(refresh=refresh),
        *([entries_of(hint.user_id, hint.start)] if hint else []),
    )
    people = {m.id: m for m in members}
    member = member_name(record.user_id, people)
    if record.start is None or record.user_id is None:
        return TimeRequestEvidence(record, member, "", None, [])
    day = record.start.astimezone(UTC).date()  # entry days are UTC days
    if hint is None or not hint.matches(record.user_id, day, day):
        hinted = [entries_of(record.user_id, day)()]
    entries = list(hinted[0])
    project = next(
        (e.project_name for e in entries if e.project_id == record.project_id and e.project_name),
        "",
    )
    slots = [
        Slot(e.start, e.end, e.minutes, e, _overlap(e.start, e.end, record.start, record.end))
        for e in entries
    ]
    asked = Slot(record.start, record.end, record.minutes or 0, None, False)
    slots = sorted([*slots, asked], key=lambda s: s.start or record.start)
    return TimeRequestEvidence(record, member, project, day, slots)


def _overlap(
    a_start: datetime | None,
    a_end: datetime | None,
    b_start: datetime | None,
    b_end: datetime | None,
) -> bool:
    if None in (a_start, a_end, b_start, b_end):
        return False
    return a_start < b_end and b_start < a_end  # type: ignore[operator]
