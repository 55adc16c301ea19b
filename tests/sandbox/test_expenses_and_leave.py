"""Expenses with their categories, and leave requests made through the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1
EUR_PROJECT = "Café Menu Redesign 🍰"


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def today() -> date:
    return datetime.now(UTC).date()


def category(client: httpx.Client, name: str = "Travel") -> str:
    found = client.get("expenses/categories", params={"workspace_id": ACME}).json()["data"]
    return next(c["id"] for c in found if c["name"] == name)


def expenses(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    query = {"workspace_id": ACME, "per_page": 100, **params}
    return client.get("expenses", params=query).json()["data"]


def new_expense(client: httpx.Client, **body: Any) -> httpx.Response:
    fields = {
        "workspace_id": ACME,
        "expense_name": "Taxi to the client",
        "date": (today() - timedelta(days=2)).isoformat(),
        "amount": 42.456,
        "category_id": category(client),
        **body,
    }
    return client.post("expenses", json=fields)


def test_categories_are_listed_by_name(owner: httpx.Client) -> None:
    found = owner.get("expenses/categories", params={"workspace_id": ACME}).json()["data"]
    names = [c["name"] for c in found]
    assert names == sorted(names) and "Travel" in names
    assert all(isinstance(c["id"], str) for c in found)


def test_an_expense_takes_its_project_currency(owner: httpx.Client) -> None:
    projects = owner.get("projects", params={"workspace_id": ACME}).json()["data"]
    cafe = next(p for p in projects if p["name"] == EUR_PROJECT)
    created = new_expense(owner, project_id=cafe["id"], note="Receipt 12")
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert (data["currency"], data["amount"], data["type"]) == ("EUR", 42.46, "billable")
    assert (data["project"], data["category"], data["member"]) == (
        EUR_PROJECT,
        "Travel",
        "Amelia Stone",
    )
    assert data in expenses(owner, id=data["id"])
    plain = new_expense(owner).json()["data"]
    assert (plain["currency"], plain["type"], plain["project"]) == ("USD", "non-billable", None)


def test_the_v2_variant_shows_the_documented_display_shape(
    sandbox: Sandbox, owner: httpx.Client
) -> None:
    sandbox.set_variant("v2")
    row = expenses(owner)[0]
    assert set(row) == {
        "id",
        "member",
        "expense_date",
        "expense_name",
        "project",
        "category",
        "amount",
        "note",
        "type",
        "added_dte",
    }
    month, rest = row["expense_date"].split(" ", 1)
    assert len(month) == 3 and rest[-4:].isdigit()


def test_expenses_filter_by_dates(owner: httpx.Client) -> None:
    everything = expenses(owner)
    dates = sorted(e["date"] for e in everything)
    middle = dates[len(dates) // 2]
    later = expenses(owner, date_from=middle)
    assert later and all(e["date"] >= middle for e in later)
    assert [e["date"] for e in everything] == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"amount": 0}, 422, "amount"),
        ({"amount": -5}, 422, "amount"),
        ({"amount": 2_000_000}, 422, "amount"),
        ({"date": "2100-01-01"}, 422, "date"),
        ({"expense_name": ""}, 422, "expense_name"),
        ({"note": "n" * 256}, 422, "note"),
        ({"is_billable": "yes"}, 422, "is_billable"),
        ({"is_billable": True}, 422, "is_billable"),  # billable needs a project
        ({"category_id": "not-a-category"}, 404, None),
        ({"project_id": 999999}, 404, None),
    ],
)
def test_bad_expenses_are_refused_and_nothing_is_written(
    owner: httpx.Client, body: dict, status: int, field: str | None
) -> None:
    before = len(expenses(owner))
    response = new_expense(owner, **body)
    assert response.status_code == status, response.text
    if field:
        assert field in response.json()["errors"]
    assert len(expenses(owner)) == before


def test_an_expense_is_edited_and_deleted(owner: httpx.Client) -> None:
    made = new_expense(owner).json()["data"]
    path = f"expenses/{made['id']}"
    changed = owner.put(
        path, json={"workspace_id": ACME, "amount": 10, "category_id": category(owner, "Hardware")}
    )
    assert changed.status_code == 200
    assert (changed.json()["data"]["amount"], changed.json()["data"]["category"]) == (
        10,
        "Hardware",
    )
    future = owner.put(path, json={"workspace_id": ACME, "date": "2100-01-01"})
    assert future.status_code == 422
    assert expenses(owner, id=made["id"])[0]["amount"] == 10
    assert owner.request("DELETE", path, params={"workspace_id": ACME}).status_code == 200
    assert expenses(owner, id=made["id"]) == []
    assert owner.request("DELETE", path, params={"workspace_id": ACME}).status_code == 404


def test_members_manage_their_own_expenses_only(sandbox: Sandbox, owner: httpx.Client) -> None:
    theirs = new_expense(owner).json()["data"]
    with sandbox.api("taro@acme.test") as member:
        own = new_expense(member)
        assert own.status_code == 201
        assert {e["user_id"] for e in expenses(member)} == {107}
        body = {"workspace_id": ACME, "amount": 1}
        assert member.put(f"expenses/{theirs['id']}", json=body).status_code == 404
        assert member.put(f"expenses/{own.json()['data']['id']}", json=body).status_code == 200
    with sandbox.api("layla@acme.test") as designer:  # in the lead's team
        hers = new_expense(designer).json()["data"]
    with sandbox.api("lead@acme.test") as lead:
        team = expenses(lead)
        assert hers["id"] in {e["id"] for e in team} and len(team) < len(expenses(owner))
        assert lead.put(f"expenses/{hers['id']}", json={"workspace_id": ACME}).status_code == 403


def leave(client: httpx.Client, **body: Any) -> httpx.Response:
    start = today() + timedelta(days=17 * 7 - today().weekday())  # a Monday, free of seeded leave
    fields = {
        "workspace_id": ACME,
        "user_id": 108,
        "policy_id": 31,
        "start": start.isoformat(),
        "end": (start + timedelta(days=4)).isoformat(),
        **body,
    }
    return client.post("leaves", json=fields)


def test_a_leave_request_is_created_pending(owner: httpx.Client) -> None:
    created = leave(owner, reason="Family trip")
    assert created.status_code == 201, created.text
    assert created.json()["data"] is None
    found = owner.get(
        "leaves", params={"workspace_id": ACME, "user_id": 108, "status": "pending"}
    ).json()["data"]
    mine = [item for item in found if item["note"] == "Family trip"]
    assert len(mine) == 1 and mine[0]["total"]["days"] == 5 and mine[0]["created_by"] == 101
    again = leave(owner)
    assert again.status_code == 422 and "start" in again.json()["errors"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"leave_period": 1}, 422),  # a half day over five days
        ({"policy_id": 34}, 422),  # hour-based: times and hours_per_day are needed
        ({"policy_id": 34, "start_time": "09:00", "end_time": "11:00", "hours_per_day": 3}, 422),
        ({"policy_id": 99999}, 404),
        ({"user_id": 123}, 422),  # a project viewer takes no leave
        ({"end": "2020-01-01"}, 422),
        ({"reason": "r" * 256}, 422),
    ],
)
def test_bad_leave_requests_are_refused(owner: httpx.Client, body: dict, status: int) -> None:
    before = owner.get("leaves", params={"workspace_id": ACME}).json()["meta"]["pagination"]
    assert leave(owner, **body).status_code == status
    after = owner.get("leaves", params={"workspace_id": ACME}).json()["meta"]["pagination"]
    assert after["total"] == before["total"]


def test_hour_based_and_half_day_leave(owner: httpx.Client) -> None:
    hours = {"policy_id": 34, "start_time": "09:00", "end_time": "11:00", "hours_per_day": 2}
    monday = today() + timedelta(days=17 * 7 - today().weekday())
    single = {"start": monday.isoformat(), "end": monday.isoformat()}
    assert leave(owner, **hours, **single).status_code == 201
    tuesday = (monday + timedelta(days=1)).isoformat()
    assert leave(owner, leave_period=2, start=tuesday, end=tuesday).status_code == 201
    found = owner.get("leaves", params={"workspace_id": ACME, "user_id": 108, "date_from": monday})
    totals = sorted(item["total"]["days"] for item in found.json()["data"])
    assert totals == [0.25, 0.5]


def test_members_request_leave_for_themselves_only(sandbox: Sandbox) -> None:
    with sandbox.api("alexei@acme.test") as member:
        assert leave(member).status_code == 201
        assert leave(member, user_id=107).status_code == 403
