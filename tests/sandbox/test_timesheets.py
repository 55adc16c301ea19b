"""Timesheets: the approval state machine, filters, and the two documented shapes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def _first(client: httpx.Client, status: str, **params: object) -> dict:
    query = {"workspace_id": ACME, "status": status, "per_page": 1, **params}
    return client.get("timesheets", params=query).json()["data"][0]


def _status(client: httpx.Client, sheet_id: str) -> str:
    return client.get("timesheets", params={"workspace_id": ACME, "id": sheet_id}).json()["data"][
        0
    ]["status"]


def test_the_seed_has_enough_submitted_timesheets(owner: httpx.Client) -> None:
    body = owner.get("timesheets", params={"workspace_id": ACME, "status": "submitted"}).json()
    assert body["meta"]["pagination"]["total"] >= 100


def test_a_submitted_timesheet_can_be_approved_once(owner: httpx.Client) -> None:
    sheet = _first(owner, "submitted")
    path = f"timesheets/{sheet['id']}/approve"
    response = owner.put(path, json={"workspace_id": ACME})
    assert response.status_code == 200
    assert response.json() == {**response.json(), "data": None, "success": True}
    assert response.json()["message"] == "Timesheet approved successfully"
    assert _status(owner, sheet["id"]) == "approved"
    again = owner.put(path, json={"workspace_id": ACME})
    assert again.status_code == 400
    assert (
        owner.put(f"timesheets/{sheet['id']}/unsubmit", json={"workspace_id": ACME}).status_code
        == 400
    )


def test_rejecting_needs_a_reason(owner: httpx.Client) -> None:
    sheet = _first(owner, "submitted")
    path = f"timesheets/{sheet['id']}/reject"
    missing = owner.put(path, json={"workspace_id": ACME})
    assert missing.status_code == 422
    assert "reason" in missing.json()["errors"]
    assert _status(owner, sheet["id"]) == "submitted"
    done = owner.put(path, json={"workspace_id": ACME, "reason": "Missing Friday"})
    assert done.status_code == 200
    rejected = owner.get("timesheets", params={"workspace_id": ACME, "id": sheet["id"]}).json()
    assert rejected["data"][0]["reject_reason"] == "Missing Friday"


def test_only_submitted_timesheets_can_be_approved_or_rejected(owner: httpx.Client) -> None:
    sheet = _first(owner, "pending")
    assert (
        owner.put(f"timesheets/{sheet['id']}/approve", json={"workspace_id": ACME}).status_code
        == 400
    )
    response = owner.put(
        f"timesheets/{sheet['id']}/reject", json={"workspace_id": ACME, "reason": "x"}
    )
    assert response.status_code == 400
    assert _status(owner, sheet["id"]) == "pending"


def test_submit_and_unsubmit_go_back_and_forth(owner: httpx.Client) -> None:
    sheet = _first(owner, "pending")
    base = f"timesheets/{sheet['id']}"
    assert owner.put(f"{base}/unsubmit", json={"workspace_id": ACME}).status_code == 400
    assert owner.put(f"{base}/submit", json={"workspace_id": ACME}).status_code == 200
    assert _status(owner, sheet["id"]) == "submitted"
    assert owner.put(f"{base}/submit", json={"workspace_id": ACME}).status_code == 400
    assert owner.put(f"{base}/unsubmit", json={"workspace_id": ACME}).status_code == 200
    assert _status(owner, sheet["id"]) == "pending"


def test_a_rejected_timesheet_can_be_submitted_again(owner: httpx.Client) -> None:
    sheet = _first(owner, "rejected")
    assert (
        owner.put(f"timesheets/{sheet['id']}/submit", json={"workspace_id": ACME}).status_code
        == 200
    )
    assert _status(owner, sheet["id"]) == "submitted"


def test_a_member_may_submit_their_own_timesheet_only(
    sandbox: Sandbox, owner: httpx.Client
) -> None:
    mine = _first(owner, "pending", user_id=103)
    someone_else = _first(owner, "pending", user_id=104)
    with sandbox.api("lead@acme.test") as lead:
        assert (
            lead.put(f"timesheets/{mine['id']}/submit", json={"workspace_id": ACME}).status_code
            == 200
        )
        other = lead.put(f"timesheets/{someone_else['id']}/submit", json={"workspace_id": ACME})
    assert other.status_code in (403, 404)


def test_filters_by_user_and_date_range(owner: httpx.Client) -> None:
    sheet = _first(owner, "approved")
    params = {
        "workspace_id": ACME,
        "user_id": sheet["user_id"],
        "date_from": sheet["date_from"],
        "date_to": sheet["date_to"],
    }
    found = owner.get("timesheets", params=params).json()["data"]
    assert [s["id"] for s in found] == [sheet["id"]]


def test_the_daily_breakdown_adds_up(owner: httpx.Client) -> None:
    sheet = _first(owner, "submitted")
    breakdown = sheet["daily_breakdown"]
    assert (
        sum(row["total_minutes"] for rows in breakdown.values() for row in rows)
        == sheet["total_minutes"]
    )
    assert all(sheet["date_from"] <= day <= sheet["date_to"] for day in breakdown)


def test_the_v2_variant_uses_open_and_total_hours(sandbox: Sandbox, owner: httpx.Client) -> None:
    api_sheet = _first(owner, "pending")
    sandbox.set_variant("v2")
    v2_sheet = _first(owner, "open")
    assert v2_sheet["id"] == api_sheet["id"]
    assert v2_sheet["status"] == "open"
    assert v2_sheet["total_hours"] == round(api_sheet["total_minutes"] / 60, 2)
    assert "daily_breakdown" not in v2_sheet and "total_minutes" not in v2_sheet
    assert _first(owner, "pending")["id"] == api_sheet["id"]
