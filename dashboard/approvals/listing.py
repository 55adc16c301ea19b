"""Reading the approval lists: one page for a table, or every waiting item for a bulk job."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from dashboard.webwork.records import LeaveBalance, Member
from dashboard.webwork.records.pages import Page

from .forms import from_json_filters, request_window
from .kinds import KINDS, Record, label

PER_PAGE_ALL = 100


def members_by_id(client: Any) -> dict[int, Member]:
    return {member.id: member for member in client.members.all()}


def list_page(client: Any, kind_name: str, filters: dict[str, Any], **paging: Any) -> Page[Record]:
    """One page of a kind's list; ``paging``: page, per_page, refresh (and order_by for sheets)."""
    known = dict(filters)
    fields: tuple[str, ...]
    if kind_name == "timesheet":
        fields = ("status", "date_from", "date_to", "user_id")
        page: Page[Record] = client.timesheets.list(**{k: known.get(k) for k in fields}, **paging)
    elif kind_name == "leave":
        fields = ("status", "user_id", "policy_id", "is_paid", "date_from", "date_to")
        paging.pop("order_by", None)
        page = client.leaves.list(**{k: known.get(k) for k in fields}, **paging)
    else:
        fields = ("status", "user_id", "project_id", "date_from", "date_to")
        paging.pop("order_by", None)
        window = request_window({k: known.get(k) for k in fields})
        page = client.time_requests.list(**window, **paging)
    return page


def waiting_items(
    client: Any, kind_name: str, filters: dict[str, Any]
) -> Iterator[tuple[str, str]]:
    """(id, label) of every item matching ``filters`` that waits for a decision, all pages."""
    kind = KINDS[kind_name]
    query = {**from_json_filters(filters), "status": kind.waiting}
    members = members_by_id(client) if kind_name != "timesheet" else {}
    number = 1
    while True:
        page = list_page(client, kind_name, query, page=number, per_page=PER_PAGE_ALL, refresh=True)
        for record in page:
            if record.status == kind.waiting:
                yield record.id, label(record, members)
        if not page.has_next:
            return
        number += 1


def all_balances(client: Any, year: int) -> dict[int, LeaveBalance]:
    """Every member's leave balances for ``year`` (page 1, then the rest concurrently)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    first = client.leaves.balances(start, end)
    pages = [first]
    if first.last_page > 1:
        calls = [
            (lambda n=n: client.leaves.balances(start, end, page=n))
            for n in range(2, first.last_page + 1)
        ]
        pages += list(client.gather(*calls))
    return {b.user_id: b for page in pages for b in page if b.user_id is not None}


def balance_for(balances: dict[int, LeaveBalance], user_id: int | None, policy: str) -> str:
    """The balance left for one member under one policy ("12 days"), or ""."""
    found = balances.get(user_id) if user_id is not None else None
    if found is None:
        return ""
    for leave_type, amount in found.balances:
        if leave_type == policy:
            return amount
    return ""
