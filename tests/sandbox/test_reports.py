"""Reports are computed from the same tracked time as the timesheets, so totals agree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def _approved_week(owner: httpx.Client) -> dict:
    params = {"workspace_id": ACME, "status": "approved", "user_id": 103, "per_page": 1}
    return owner.get("timesheets", params=params).json()["data"][0]


def test_tracked_hours_agree_with_the_timesheet(owner: httpx.Client) -> None:
    sheet = _approved_week(owner)
    report = owner.get(
        "reports/tracked-hours",
        params={
            "workspace_id": ACME,
            "user_id": 103,
            "start_date": sheet["date_from"],
            "end_date": sheet["date_to"],
        },
    ).json()["data"]
    assert report["report_type"] == "tracked_hours"
    assert report["total"]["total_minutes"] == sheet["total_minutes"]
    per_day = {day: value["total_minutes"] for day, value in report["dates"].items()}
    assert per_day == {
        day: sum(row["total_minutes"] for row in rows)
        for day, rows in sheet["daily_breakdown"].items()
    }


def test_every_range_report_adds_up_to_the_same_total(owner: httpx.Client) -> None:
    sheet = _approved_week(owner)
    params = {"workspace_id": ACME, "start_date": sheet["date_from"], "end_date": sheet["date_to"]}
    tracked = owner.get("reports/tracked-hours", params={**params, "users": "103"}).json()["data"]
    tasks = owner.get("reports/task-report", params={**params, "users": "103"}).json()["data"]
    activity = owner.get("reports/activity-level", params={**params, "user_ids": "103"}).json()[
        "data"
    ]
    words = owner.get(
        "reports/activity-descriptions", params={**params, "users": "103", "per_page": 100}
    ).json()["data"]
    total = sheet["total_minutes"]
    assert tracked["total"]["total_minutes"] == total
    assert tasks[0]["total_minutes"] == total
    assert sum(t["total_minutes"] for t in tasks[0]["tasks_breakdown"]) == total
    assert activity["members"][0]["total_minutes"] == total
    assert sum(row["total_minutes"] for row in words) == total


def test_a_day_report_matches_the_timesheet_day(owner: httpx.Client) -> None:
    sheet = _approved_week(owner)
    day, rows = next(iter(sheet["daily_breakdown"].items()))
    params = {"workspace_id": ACME, "date": day, "user_ids": "103"}
    timeline = owner.get("reports/daily-timeline", params=params).json()["data"][0]
    assert timeline["total_minutes"] == sum(r["total_minutes"] for r in rows)
    attendance = owner.get(
        "reports/daily-attendance", params={"workspace_id": ACME, "date": day, "users": "103"}
    ).json()["data"][0]
    assert attendance["tracked_minutes"] == timeline["total_minutes"]


@pytest.mark.parametrize(
    "path", ["tracked-hours", "task-report", "activity-level", "activity-descriptions"]
)
def test_ranges_are_limited_to_31_days(owner: httpx.Client, path: str) -> None:
    start = date(2026, 1, 1)
    ok = {
        "workspace_id": ACME,
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=30)).isoformat(),
    }
    assert owner.get(f"reports/{path}", params=ok).status_code == 200
    too_long = {**ok, "end_date": (start + timedelta(days=31)).isoformat()}
    response = owner.get(f"reports/{path}", params=too_long)
    assert response.status_code == 422
    assert "end_date" in response.json()["errors"]


def test_reports_paginate_by_member(owner: httpx.Client) -> None:
    params = {
        "workspace_id": ACME,
        "date": (date.today() - timedelta(days=1)).isoformat(),
        "per_page": 5,
    }
    first = owner.get("reports/daily-timeline", params=params).json()
    second = owner.get("reports/daily-timeline", params={**params, "page": 2}).json()
    assert first["meta"]["pagination"]["per_page"] == 5
    assert first["meta"]["pagination"]["total"] > 5
    ids = [m["user_id"] for m in first["data"]] + [m["user_id"] for m in second["data"]]
    assert len(ids) == len(set(ids)) == 10
    default = owner.get("reports/daily-timeline", params={**params, "per_page": None})
    assert default.json()["meta"]["pagination"]["per_page"] == 30


def test_attendance_filters_by_status(owner: httpx.Client) -> None:
    day = date.today() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    params = {"workspace_id": ACME, "date": day.isoformat(), "status": "absent,on_leave"}
    rows = owner.get("reports/daily-attendance", params=params).json()["data"]
    assert all({"Absent", "On leave"} & set(row["statuses"]) for row in rows)
    assert (
        owner.get("reports/daily-attendance", params={**params, "status": "asleep"}).status_code
        == 422
    )


def test_a_day_more_than_a_year_ago_is_refused(owner: httpx.Client) -> None:
    old = (date.today() - timedelta(days=400)).isoformat()
    assert (
        owner.get("reports/daily-timeline", params={"workspace_id": ACME, "date": old}).status_code
        == 422
    )


def test_amounts_need_rate_visibility(sandbox: Sandbox) -> None:
    with sandbox.api("exec@acme.test") as manager:
        report = manager.get("reports/tracked-hours", params={"workspace_id": ACME}).json()["data"]
    assert "total_amount" in report["total"]
