"""The sandbox as its owner sees it, for the chase list's live tests: last week's sheets and
leave, read and changed straight through WebWork's API (never through the dashboard)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from django.utils import timezone

from dashboard.approvals.chase.weeks import Week, default_week
from tests.plugins.sandbox import Sandbox

OWNER = "owner@acme.test"
VACATION = 31  # a policy counted in days


class World:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.workspace = sandbox.workspace_id()
        self.api: httpx.Client = sandbox.api(OWNER)
        self.week: Week = default_week(timezone.localdate())

    def get(self, path: str, **params: Any) -> list[dict[str, Any]]:
        params = {"workspace_id": self.workspace, "per_page": 100, **params}
        response = self.api.get(path, params=params)
        response.raise_for_status()
        return response.json()["data"]

    def put(self, path: str) -> None:
        response = self.api.put(path, json={"workspace_id": self.workspace})
        assert response.status_code == 200, response.text

    def members(self) -> dict[int, dict[str, Any]]:
        found = self.get("members")
        return {
            m["id"]: m
            for m in found
            if m["status"] == "active"
            and (m.get("current_role") or m.get("role")) != "Project viewer"
        }

    def sheets(self) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = {}
        week = {"date_from": self.week.monday, "date_to": self.week.sunday}
        for sheet in self.get("timesheets", **week):
            found.setdefault(sheet["user_id"], []).append(sheet)
        return found

    def on_leave(self) -> set[int]:
        """Members with any approved leave in the week (the tests leave them alone)."""
        week = {"date_from": self.week.monday, "date_to": self.week.sunday}
        return {leave["user_id"] for leave in self.get("leaves", status="approved", **week)}

    def submitted_members(self, count: int) -> list[dict[str, Any]]:
        """``count`` members with one submitted sheet for the week and no leave in it."""
        members, sheets, away = self.members(), self.sheets(), self.on_leave()
        found = [
            members[user] | {"sheet": mine[0]}
            for user, mine in sorted(sheets.items())
            if user in members and user not in away and [s["status"] for s in mine] == ["submitted"]
        ]
        assert len(found) >= count, "the seed has too few submitted sheets last week"
        return found[:count]

    def unsubmit(self, who: dict[str, Any]) -> None:
        self.put(f"timesheets/{who['sheet']['id']}/unsubmit")

    def submit(self, who: dict[str, Any]) -> None:
        self.put(f"timesheets/{who['sheet']['id']}/submit")

    def approved_leave(self, who: dict[str, Any], first: int, last: int) -> None:
        """Approved leave from the week's day ``first`` to day ``last`` (0 is Monday)."""
        start, end = self.day(first), self.day(last)
        body = {"workspace_id": self.workspace, "user_id": who["id"], "policy_id": VACATION}
        body |= {"start": start.isoformat(), "end": end.isoformat()}
        created = self.api.post("leaves", params={"workspace_id": self.workspace}, json=body)
        assert created.status_code in (200, 201), created.text
        pending = self.get("leaves", user_id=who["id"], status="pending")
        leave = next(x for x in pending if x["start_date"] == start.isoformat())
        self.put(f"leaves/{leave['id']}/approve")

    def day(self, n: int) -> date:
        return self.week.monday + timedelta(days=n)

    def close(self) -> None:
        self.api.close()


def name_of(member: dict[str, Any]) -> str:
    return f"{member['firstname']} {member['lastname']}".strip() or member["email"]
