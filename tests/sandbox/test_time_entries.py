"""Time entries: one timeline that timesheets and reports follow, and the rules that guard it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1
MEMBER = 108  # Alexei, a regular user with three active contracts


def today() -> date:
    return datetime.now(UTC).date()  # the sandbox's day


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def last_saturday() -> date:
    """A day without tracked time (weekend), in last week: never approved, never in the future."""
    day = today()
    return day - timedelta(days=day.weekday() + 2)


def contract_of(client: httpx.Client, user_id: int = MEMBER) -> dict[str, Any]:
    params = {"workspace_id": ACME, "user_id": user_id, "status": "active"}
    return client.get("contracts", params=params).json()["data"][0]


def sheet_of(client: httpx.Client, day: date, user_id: int = MEMBER) -> dict[str, Any] | None:
    params = {"workspace_id": ACME, "user_id": user_id, "date_from": day, "date_to": day}
    found = client.get("timesheets", params=params).json()["data"]
    return found[0] if found else None


def tracked(client: httpx.Client, day: date, user_id: int = MEMBER) -> int:
    params = {"workspace_id": ACME, "users": user_id, "start_date": day, "end_date": day}
    report = client.get("reports/tracked-hours", params=params).json()["data"]
    return report["total"]["total_minutes"]


def entries_on(client: httpx.Client, day: date, user_id: int = MEMBER) -> list[dict[str, Any]]:
    params = {"workspace_id": ACME, "user_id": user_id, "date": day, "per_page": 50}
    return client.get("time-entries", params=params).json()["data"]


def add(client: httpx.Client, day: date, start: str, end: str, **extra: Any) -> httpx.Response:
    body = {"workspace_id": ACME, "user_id": MEMBER, "date": day.isoformat()}
    return client.post("time-entries", json={**body, "start_time": start, "end_time": end, **extra})


def test_an_entry_changes_the_timesheet_and_every_report(owner: httpx.Client) -> None:
    day = last_saturday()
    contract = contract_of(owner)
    before = (sheet_of(owner, day) or {}).get("total_minutes", 0), tracked(owner, day)
    created = add(owner, day, "10:00", "11:30", contract_id=contract["id"], notes="Weekend fix")
    assert created.status_code == 201
    body = created.json()
    assert body["saved_minutes"] == body["data"]["duration_minutes"] == 90
    assert body["message"].startswith("1 hr 30 min successfully added for ")
    sheet = sheet_of(owner, day)
    assert sheet is not None and sheet["total_minutes"] == before[0] + 90
    assert sum(r["total_minutes"] for r in sheet["daily_breakdown"][day.isoformat()]) == 90
    assert tracked(owner, day) == before[1] + 90
    timeline = owner.get(
        "reports/daily-timeline", params={"workspace_id": ACME, "date": day, "user_ids": MEMBER}
    ).json()["data"][0]
    assert timeline["entries"][0]["activity_description"] == "Weekend fix"

    entry_id = body["data"]["id"]
    moved = owner.put(f"time-entries/{entry_id}", json={"workspace_id": ACME, "end_time": "12:00"})
    assert moved.status_code == 200
    assert moved.json()["data"]["is_edited"] is True
    assert moved.json()["data"]["start_time"].endswith("T10:00:00Z")
    assert tracked(owner, day) == before[1] + 120
    gone = owner.request("DELETE", f"time-entries/{entry_id}", json={"workspace_id": ACME})
    assert gone.status_code == 200
    assert tracked(owner, day) == before[1]
    assert (sheet_of(owner, day) or {}).get("total_minutes") == before[0]


def test_a_day_lists_its_entries_in_order(owner: httpx.Client) -> None:
    sheet = owner.get(
        "timesheets", params={"workspace_id": ACME, "user_id": MEMBER, "status": "approved"}
    ).json()["data"][0]
    day = next(iter(sheet["daily_breakdown"]))
    rows = entries_on(owner, date.fromisoformat(day))
    assert rows and [r["start_time"] for r in rows] == sorted(r["start_time"] for r in rows)
    assert sum(r["duration_minutes"] for r in rows) == sum(
        r["total_minutes"] for r in sheet["daily_breakdown"][day]
    )
    too_many = owner.get(
        "time-entries",
        params={"workspace_id": ACME, "user_id": MEMBER, "date": day, "per_page": 51},
    )
    assert too_many.status_code == 422


@pytest.mark.parametrize(
    ("start", "end", "extra", "status", "field"),
    [
        ("11:00", "10:00", {}, 422, "end_time"),  # negative
        ("10:00", "10:00", {}, 422, "end_time"),
        ("9:00", "10:00", {}, 422, "start_time"),
        ("10:00", "11:00", {"notes": "x" * 256}, 422, "notes"),
        ("10:00", "11:00", {"user_id": 999999}, 404, None),
        ("10:00", "11:00", {"user_id": 123}, 422, "user_id"),  # a project viewer
        ("10:00", "11:00", {"task_id": 7001}, 422, "task_id"),  # a task needs a contract
        ("10:00", "11:00", {"contract_id": 2999}, 404, None),
    ],
)
def test_bad_entries_are_refused_and_change_nothing(
    owner: httpx.Client, start: str, end: str, extra: dict, status: int, field: str | None
) -> None:
    day = last_saturday()
    response = add(owner, day, start, end, **extra)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False and body["message"]
    if field:
        assert field in body["errors"]
    assert entries_on(owner, day) == []


def test_future_and_overlapping_time_is_refused(owner: httpx.Client) -> None:
    future = add(owner, today() + timedelta(days=1), "09:00", "10:00")
    assert future.status_code == 422 and "end_time" in future.json()["errors"]
    day = last_saturday()
    assert add(owner, day, "10:00", "11:00").status_code == 201
    clash = add(owner, day, "10:30", "12:00")
    assert clash.status_code == 422 and "start_time" in clash.json()["errors"]
    assert add(owner, day, "11:00", "12:00").status_code == 201  # touching is fine
    first = entries_on(owner, day)[0]
    overlap = owner.put(
        f"time-entries/{first['id']}", json={"workspace_id": ACME, "end_time": "11:15"}
    )
    assert overlap.status_code == 422
    assert [e["end_time"][11:16] for e in entries_on(owner, day)] == ["11:00", "12:00"]


def test_an_approved_week_is_locked(owner: httpx.Client) -> None:
    sheet = owner.get(
        "timesheets", params={"workspace_id": ACME, "user_id": MEMBER, "status": "approved"}
    ).json()["data"][0]
    saturday = date.fromisoformat(sheet["date_from"]) + timedelta(days=5)
    refused = add(owner, saturday, "10:00", "11:00")
    assert refused.status_code == 400 and "approved" in refused.json()["message"]
    entry = entries_on(owner, date.fromisoformat(next(iter(sheet["daily_breakdown"]))))[0]
    path = f"time-entries/{entry['id']}"
    assert owner.put(path, json={"workspace_id": ACME, "notes": "later"}).status_code == 400
    assert owner.request("DELETE", path, json={"workspace_id": ACME}).status_code == 400
    again = sheet_of(owner, date.fromisoformat(sheet["date_from"]))
    assert again is not None and again["total_minutes"] == sheet["total_minutes"]


def test_time_in_a_week_without_a_timesheet_opens_one(owner: httpx.Client) -> None:
    day = last_saturday()
    assert sheet_of(owner, day, user_id=101) is None  # the owner does not track time
    body = {"workspace_id": ACME, "user_id": 101, "date": day.isoformat()}
    assert (
        owner.post(
            "time-entries", json={**body, "start_time": "08:00", "end_time": "09:00"}
        ).status_code
        == 201
    )
    sheet = sheet_of(owner, day, user_id=101)
    assert sheet is not None and sheet["status"] == "pending" and sheet["total_minutes"] == 60


def test_an_edit_moves_time_to_another_project_and_day(owner: httpx.Client) -> None:
    day = last_saturday()
    first, second = owner.get("contracts", params={"workspace_id": ACME, "user_id": MEMBER}).json()[
        "data"
    ][:2]
    entry = add(owner, day, "10:00", "11:00", contract_id=first["id"]).json()["data"]
    friday = day - timedelta(days=1)
    path = f"time-entries/{entry['id']}"
    moved = owner.put(
        path,
        json={
            "workspace_id": ACME,
            "project_id": second["project_id"],
            "date": friday.isoformat(),
            "start_time": "22:00",
            "end_time": "23:00",
        },
    )
    assert moved.status_code == 200, moved.text
    data = moved.json()["data"]
    assert (data["project_id"], data["contract_id"], data["date"]) == (
        second["project_id"],
        second["id"],
        friday.isoformat(),
    )
    assert entries_on(owner, day) == []
    nowhere = owner.put(path, json={"workspace_id": ACME, "project_id": 999999})
    assert nowhere.status_code == 404


@pytest.mark.parametrize("email", ["lead@acme.test", "taro@acme.test"])
def test_only_managers_touch_time_entries(sandbox: Sandbox, email: str) -> None:
    day = last_saturday()
    with sandbox.api(email) as client:
        assert add(client, day, "10:00", "11:00").status_code == 403
        listing = client.get(
            "time-entries", params={"workspace_id": ACME, "user_id": MEMBER, "date": day}
        )
        assert listing.status_code == 403


def test_entries_of_another_workspace_are_not_found(sandbox: Sandbox, owner: httpx.Client) -> None:
    with sandbox.api("owner@globex.test") as other:
        globex = sandbox.workspace_id("Globex")
        member = other.get("members", params={"workspace_id": globex, "email": "dev1@globex.test"})
        user_id = member.json()["data"][0]["id"]
        body = {"workspace_id": globex, "user_id": user_id, "date": last_saturday().isoformat()}
        made = other.post("time-entries", json={**body, "start_time": "10:00", "end_time": "11:00"})
        entry_id = made.json()["data"]["id"]
    path = f"time-entries/{entry_id}"
    assert owner.put(path, json={"workspace_id": ACME, "notes": "x"}).status_code == 404
    assert owner.request("DELETE", path, json={"workspace_id": ACME}).status_code == 404
    assert add(owner, last_saturday(), "10:00", "11:00", user_id=user_id).status_code == 404
