"""Viewers, contracts, members, projects, time requests and leave."""

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


def test_a_viewer_lifecycle(owner: httpx.Client) -> None:
    created = owner.post(
        "project-viewers",
        json={
            "workspace_id": ACME,
            "email": "new.client@brand.test",
            "firstname": "Nia",
            "lastname": "New",
        },
    )
    assert created.status_code == 201
    viewer = created.json()["data"]
    assert viewer["projects"] == [] and viewer["status"] == "active"
    base = f"project-viewers/{viewer['id']}"
    body = {"workspace_id": ACME, "project_id": 501}
    assert owner.post(f"{base}/assign-project", json=body).status_code == 200
    assert owner.post(f"{base}/assign-project", json=body).status_code == 200
    shown = owner.get(base, params={"workspace_id": ACME}).json()["data"]
    assert shown["projects"] == [{"project_id": 501, "project_name": "Website Redesign"}]
    assert owner.request("DELETE", f"{base}/unassign-project", json=body).status_code == 200
    assert owner.get(base, params={"workspace_id": ACME}).json()["data"]["projects"] == []
    assert owner.request("DELETE", base, json={"workspace_id": ACME}).status_code == 200
    archived = owner.get("project-viewers", params={"workspace_id": ACME, "status": "inactive"})
    assert viewer["id"] in [v["id"] for v in archived.json()["data"]]
    assert owner.post(f"{base}/assign-project", json=body).status_code == 400
    assert owner.post(f"{base}/restore", json={"workspace_id": ACME}).status_code == 200
    assert owner.post(f"{base}/restore", json={"workspace_id": ACME}).status_code == 400


def test_viewers_filter_by_email_and_refuse_duplicates(owner: httpx.Client) -> None:
    found = owner.get(
        "project-viewers", params={"workspace_id": ACME, "email": "client.one@brand.test"}
    ).json()["data"]
    assert [v["email"] for v in found] == ["client.one@brand.test"]
    duplicate = owner.post(
        "project-viewers",
        json={
            "workspace_id": ACME,
            "email": "client.one@brand.test",
            "firstname": "A",
            "lastname": "B",
        },
    )
    assert duplicate.status_code == 422
    assert "email" in duplicate.json()["errors"]


def test_assigning_an_unknown_project_is_404(owner: httpx.Client) -> None:
    response = owner.post(
        "project-viewers/123/assign-project", json={"workspace_id": ACME, "project_id": 999999}
    )
    assert response.status_code == 404


def test_contracts_filter_create_and_update(owner: httpx.Client) -> None:
    listed = owner.get("contracts", params={"workspace_id": ACME, "user_id": 103}).json()["data"]
    assert listed and all(c["user_id"] == 103 for c in listed)
    paused = owner.get("contracts", params={"workspace_id": ACME, "status": "paused"}).json()
    assert all(c["status"] == "paused" for c in paused["data"])
    taken = {c["project_id"] for c in listed}
    free = next(p for p in (501, 502, 503, 504, 505, 506, 507, 508, 509) if p not in taken)
    body = {"workspace_id": ACME, "project_id": free, "user_id": 103, "rate": 42.5}
    created = owner.post("contracts", json={**body, "weekly_hours_limit": 30})
    assert created.status_code == 201
    contract = created.json()["data"]
    assert contract["weekly_hours_limit"] == 30
    assert owner.post("contracts", json=body).status_code == 422
    updated = owner.put(
        f"contracts/{contract['id']}",
        json={"workspace_id": ACME, "status": "paused", "screenshots": "blurred"},
    )
    assert updated.status_code == 200
    assert updated.json()["data"]["status"] == "paused"
    assert (
        owner.put(
            f"contracts/{contract['id']}", json={"workspace_id": ACME, "weekly_hours_limit": 500}
        ).status_code
        == 422
    )


def test_members_can_be_invited_updated_and_archived(owner: httpx.Client) -> None:
    invite = {
        "workspace_id": ACME,
        "email": "new@acme.test",
        "firstname": "New",
        "lastname": "Hire",
    }
    response = owner.post("members", json={**invite, "role": "Regular User"})
    assert response.status_code == 200
    user_id = response.json()["data"]["user_id"]
    assert response.json()["data"]["invitation_link"].startswith("http")
    assert owner.post("members", json={**invite, "role": "Owner"}).status_code == 422
    updated = owner.put(f"members/{user_id}", json={"workspace_id": ACME, "weekly_hours_limit": 25})
    assert updated.json()["data"]["weekly_hours_limit"] == 25
    assert (
        owner.request("DELETE", f"members/{user_id}", params={"workspace_id": ACME}).status_code
        == 200
    )
    assert owner.get(f"members/{user_id}", params={"workspace_id": ACME}).status_code == 404
    found = owner.get("members", params={"workspace_id": ACME, "role": "Team manager"}).json()
    assert {m["current_role"] for m in found["data"]} == {"Team manager"}


def test_a_time_request_is_approved_into_the_timeline(owner: httpx.Client) -> None:
    pending = owner.get(
        "time-requests", params={"workspace_id": ACME, "status": "pending", "per_page": 1}
    ).json()["data"][0]
    day = pending["start"][:10]
    params = {
        "workspace_id": ACME,
        "start_date": day,
        "end_date": day,
        "user_id": pending["user_id"],
    }
    before = owner.get("reports/tracked-hours", params=params).json()["data"]["total"][
        "total_minutes"
    ]
    assert (
        owner.post(
            f"time-requests/{pending['id']}/approve", json={"workspace_id": ACME}
        ).status_code
        == 200
    )
    after = owner.get("reports/tracked-hours", params=params).json()["data"]["total"][
        "total_minutes"
    ]
    assert after > before
    again = owner.post(f"time-requests/{pending['id']}/approve", json={"workspace_id": ACME})
    assert again.status_code == 400


def test_rejecting_a_time_request_needs_a_comment(owner: httpx.Client) -> None:
    pending = owner.get(
        "time-requests", params={"workspace_id": ACME, "status": "pending", "per_page": 1}
    ).json()["data"][0]
    path = f"time-requests/{pending['id']}/reject"
    assert owner.post(path, json={"workspace_id": ACME}).status_code == 422
    assert owner.post(path, json={"workspace_id": ACME, "comment": "No"}).status_code == 200
    shown = owner.get(f"time-requests/{pending['id']}", params={"workspace_id": ACME}).json()
    assert shown["data"]["status"] == "rejected"
    assert shown["data"]["comment"] == "No"


def test_creating_a_time_request_follows_the_variant(sandbox: Sandbox, owner: httpx.Client) -> None:
    contract = owner.get("contracts", params={"workspace_id": ACME, "user_id": 103}).json()["data"][
        0
    ]
    body = {
        "workspace_id": ACME,
        "user_id": 103,
        "contract_id": contract["id"],
        "start": "2026-01-05T18:00:00Z",
        "end": "2026-01-05T19:30:00Z",
        "notes": "Offline work",
    }
    created = owner.post("time-requests", json=body)
    assert created.status_code == 201
    assert set(created.json()["data"]) == {"id", "status"}
    sandbox.set_variant("v2")
    full = owner.post("time-requests", json=body).json()["data"]
    assert full["notes"] == "Offline work" and full["status"] == "pending"
    assert owner.post("time-requests", json={**body, "end": body["start"]}).status_code == 422
    assert owner.post("time-requests", json={**body, "contract_id": None}).status_code == 422


def test_leaves_are_approved_or_rejected_with_a_reason(owner: httpx.Client) -> None:
    pending = owner.get(
        "leaves", params={"workspace_id": ACME, "status": "pending", "per_page": 2}
    ).json()["data"]
    first, second = pending
    assert (
        owner.put(f"leaves/{first['id']}/approve", json={"workspace_id": ACME}).status_code == 200
    )
    assert (
        owner.put(f"leaves/{first['id']}/approve", json={"workspace_id": ACME}).status_code == 400
    )
    assert (
        owner.put(f"leaves/{second['id']}/reject", json={"workspace_id": ACME}).status_code == 422
    )
    response = owner.put(
        f"leaves/{second['id']}/reject", json={"workspace_id": ACME, "reason": "Busy"}
    )
    assert response.status_code == 200
    shown = owner.get("leaves", params={"workspace_id": ACME, "id": second["id"]}).json()["data"][0]
    assert shown["status"] == "rejected" and shown["reject_reason"] == "Busy"


def test_leave_balances_and_policies(owner: httpx.Client) -> None:
    policies = owner.get("leaves/policies", params={"workspace_id": ACME}).json()["data"]
    assert {p["name"] for p in policies} >= {"Vacation", "Sick leave"}
    missing = owner.get("leaves/balances", params={"workspace_id": ACME})
    assert missing.status_code == 422
    balances = owner.get(
        "leaves/balances",
        params={"workspace_id": ACME, "date_from": "2026-01-01", "date_to": "2026-12-31"},
    ).json()
    row = balances["data"][0]
    assert len(row["leave_information"]) == len(policies)
    assert balances["meta"]["pagination"]["per_page"] == 20
    unpaid = owner.get("leaves", params={"workspace_id": ACME, "is_paid": "no"}).json()["data"]
    assert all(leave["is_paid"] == "no" for leave in unpaid)
