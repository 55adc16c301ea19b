"""Canned WebWork records for the approval views, and routes that serve them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.fakes import FakeUpstream, ok, pages

TODAY = datetime.now(UTC).date()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 14)

ADA = {
    "id": 9,
    "email": "ada@x.test",
    "firstname": "Ada",
    "lastname": "Lovelace",
    "role": "Regular User",
    "status": "active",
}
BOB = {
    "id": 10,
    "email": "bob@x.test",
    "firstname": "Bob",
    "lastname": "<b>Bold</b>",
    "role": "Regular User",
    "status": "active",
}
PROJECT = {"id": 501, "name": "Café Menu"}
CONTRACT = {
    "id": 2001,
    "project_id": 501,
    "user_id": 9,
    "status": "active",
    "project_name": "Café Menu",
    "weekly_hours_limit": 20,
}


def sheet(
    sheet_id: str = "ts-1",
    *,
    status: str = "submitted",
    user: dict[str, Any] = ADA,
    days_ago: int = 3,
    minutes_per_day: tuple[int, ...] = (300, 300, 300, 300, 300),
) -> dict[str, Any]:
    breakdown = {
        (MONDAY + timedelta(days=n)).isoformat(): [
            {
                "project_id": 501,
                "project_name": "Café Menu",
                "contract_id": 2001,
                "total_minutes": m,
                "total_amount": m / 60 * 50,
            }
        ]
        for n, m in enumerate(minutes_per_day)
        if m
    }
    return {
        "id": sheet_id,
        "user_id": user["id"],
        "member": {"id": user["id"], "firstname": user["firstname"], "lastname": user["lastname"]},
        "date_from": MONDAY.isoformat(),
        "date_to": (MONDAY + timedelta(days=6)).isoformat(),
        "total_minutes": sum(minutes_per_day),
        "total_amount": sum(minutes_per_day) / 60 * 50,
        "submitted_on": (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
        "reject_reason": None,
        "status": status,
        "daily_breakdown": breakdown,
    }


def leave(
    leave_id: str = "lv-1",
    *,
    status: str = "pending",
    user: dict[str, Any] = BOB,
    days_ago: int = 5,
    start: date | None = None,
) -> dict[str, Any]:
    # Ten days ahead, but in this year's policy (what the list's balances are of).
    start = start or min(TODAY + timedelta(days=10), date(TODAY.year, 12, 29))
    return {
        "id": leave_id,
        "user_id": user["id"],
        "policy_id": 31,
        "policy_name": "Vacation",
        "status": status,
        "note": "Family trip",
        "is_paid": "yes",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=2)).isoformat(),
        "created_on": (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
        "total": {"days": 3.0, "hours": 24.0},
    }


def time_request(
    request_id: str = "tr-1",
    *,
    status: str = "pending",
    user: dict[str, Any] = ADA,
    days_ago: int = 1,
    start: datetime | None = None,
    minutes: int = 45,
) -> dict[str, Any]:
    start = start or datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    return {
        "id": request_id,
        "user_id": user["id"],
        "contract_id": 2001,
        "project_id": 501,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=minutes)).isoformat(),
        "status": status,
        "notes": "Forgot to start the tracker",
        "created_at": (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
    }


def listing(items: list[dict[str, Any]], per_page: int = 20):
    return ok(items, pagination=pages(len(items), per_page, 1))


def reference(upstream: FakeUpstream) -> None:
    upstream.route("GET", "/members", ok([ADA, BOB], pagination=pages(2, 100, 1)))
    upstream.route("GET", "/projects", ok([PROJECT], pagination=pages(1, 100, 1)))
    upstream.route("GET", "/contracts", ok([CONTRACT], pagination=pages(1, 100, 1), top_level=True))
    upstream.route("GET", "/leaves/policies", ok([{"id": 31, "name": "Vacation", "is_paid": True}]))


BALANCES = [
    {
        "user_id": 10,
        "user_name": "Bob",
        "leave_information": [{"leave_type": "Vacation", "balance": "12 days"}],
    }
]


@pytest.fixture
def routes(upstream: FakeUpstream) -> FakeUpstream:
    reference(upstream)
    return upstream
