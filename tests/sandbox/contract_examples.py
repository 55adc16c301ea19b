"""A request that should succeed for every operation of the contract, against the seeded sandbox.

Generated cases rarely name records that exist, so the coverage run of ``test_contract.py``
aims them: ``EXAMPLES[operation_id](targets)`` gives the path parameters, query and body fields
that make the call valid (ids of live records, days that are free, states that allow the
action), and the generated values fill in the rest. ``Targets`` finds those records through the
API itself, as the owner of Acme Studio, right before the call.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any

import httpx

ACME = 1
MEMBER = 108  # a regular user with three active contracts
PROJECT = 501
_unique = itertools.count(1)


@dataclass
class Example:
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None


class Targets:
    """Live records to aim at, looked up (or made) on first use through ``api``."""

    def __init__(self, api: httpx.Client) -> None:
        self.api = api
        self.wrote = False

    def data(self, path: str, **params: Any) -> Any:
        response = self.api.get(path, params={"workspace_id": ACME, **params})
        response.raise_for_status()
        return response.json()["data"]

    def made(self, method: str, path: str, body: dict[str, Any]) -> Any:
        self.wrote = True
        response = self.api.request(method, path, json={"workspace_id": ACME, **body})
        response.raise_for_status()
        return response.json()["data"]

    @staticmethod
    def unique(prefix: str) -> str:
        return f"{prefix}-{next(_unique)}"

    @cached_property
    def today(self) -> date:
        return datetime.now(UTC).date()

    @property
    def last_saturday(self) -> date:
        return self.today - timedelta(days=self.today.weekday() + 2)

    @property
    def week(self) -> tuple[str, str]:
        start = self.today - timedelta(days=self.today.weekday() + 7)
        return start.isoformat(), (start + timedelta(days=6)).isoformat()

    @cached_property
    def contract(self) -> dict[str, Any]:
        return self.data("contracts", user_id=MEMBER, status="active")[0]

    @cached_property
    def task(self) -> dict[str, Any]:
        return self.data("tasks", project_id=PROJECT)[0]

    @cached_property
    def worker(self) -> int:
        """Someone with a contract on the task's project."""
        return self.data("contracts", project_id=self.task["project_id"])[0]["user_id"]

    def viewer(self, status: str) -> int:
        return self.data("project-viewers", status=status)[0]["id"]

    @cached_property
    def free_pair(self) -> tuple[int, int]:
        """A project and a member without a contract between them."""
        taken = {(c["project_id"], c["user_id"]) for c in self.data("contracts", per_page=100)}
        projects = [p["id"] for p in self.data("projects", per_page=100)]
        return next((p, 102) for p in projects if (p, 102) not in taken)

    def first(self, path: str, **params: Any) -> str:
        return self.data(path, per_page=1, **params)[0]["id"]

    @cached_property
    def webhook(self) -> str:
        body = {"url": "http://127.0.0.1:9/hook", "events": ["tracker.started"]}
        return self.made("POST", "webhooks", body)["id"]

    @cached_property
    def entry(self) -> str:
        body = {"user_id": MEMBER, "date": self.last_saturday.isoformat()}
        body |= {"start_time": "06:00", "end_time": "07:00"}
        return self.made("POST", "time-entries", body)["id"]

    @cached_property
    def category(self) -> str:
        return self.data("expenses/categories")[0]["id"]

    def tracker(self, running: bool) -> int:
        """MEMBER, with their tracker running or not, as asked."""
        now = self.data("time-tracking/current-data", user_id=MEMBER)["is_running"]
        if now != running:
            path = "time-tracking/start" if running else "time-tracking/stop"
            self.made("POST", path, {"user_id": MEMBER, "contract_id": self.contract["id"]})
        return MEMBER


def _range(t: Targets) -> dict[str, Any]:
    start, end = t.week
    return {"start_date": start, "end_date": end}


def _day(t: Targets) -> dict[str, Any]:
    return {"date": (t.last_saturday - timedelta(days=1)).isoformat()}


def _task(t: Targets, **body: Any) -> Example:
    ids = {"project_id": t.task["project_id"]}
    return Example(path={"taskId": t.task["id"]}, query=ids, body={**ids, **body})


def _expense(t: Targets) -> dict[str, Any]:
    return {
        "expense_name": "Train ticket",
        "date": t.last_saturday.isoformat(),
        "amount": 12.5,
        "category_id": t.category,
        "project_id": PROJECT,
        "note": "Receipt",
        "description": "Receipt",
        "is_billable": False,
    }


def _leave(t: Targets) -> dict[str, Any]:
    monday = t.today + timedelta(days=17 * 7 - t.today.weekday())
    end = monday + timedelta(days=4)
    return {"policy_id": 31, "user_id": MEMBER, "start": monday.isoformat(), "end": end.isoformat()}


def _time_request(t: Targets) -> dict[str, Any]:
    start = datetime.combine(t.last_saturday, datetime.min.time(), UTC) + timedelta(hours=3)
    return {
        "user_id": MEMBER,
        "contract_id": t.contract["id"],
        "task_id": None,
        "start": start.isoformat(),
        "end": (start + timedelta(hours=1)).isoformat(),
        "notes": "Train",
        "activity_description": "Train",
    }


def _sheet(status: str) -> Callable[[Targets], Example]:
    def example(t: Targets) -> Example:
        return Example(path={"timesheetId": t.first("timesheets", status=status)}, body={})

    return example


TASK_FIELDS = {"start_date": None, "end_date": None, "parent_id": None, "description": "Notes"}
CONTRACT_FIELDS = {"weekly_hours_limit": 40, "screenshots": "full", "rate": 50}
ENTRY_FIELDS = {"project_id": None, "task_id": None, "notes": "Edited", "start_time": "06:00"}
HOOK = {"url": "http://127.0.0.1:9/hook", "events": ["member.updated"]}

EXAMPLES: dict[str, Callable[[Targets], Example]] = {
    "getWorkspaces": lambda t: Example(),
    "getMembers": lambda t: Example(),
    "inviteMember": lambda t: Example(
        body={
            "email": f"{t.unique('invite')}@acme.test",
            "firstname": "Ines",
            "lastname": "Vite",
            "role": "Regular User",
        }
    ),
    "getMember": lambda t: Example(path={"memberId": MEMBER}),
    "updateMember": lambda t: Example(
        path={"memberId": MEMBER},
        body={"email": f"{t.unique('alexei')}@acme.test", "role": "Regular User"},
    ),
    "deleteMember": lambda t: Example(path={"memberId": MEMBER}, body={}),
    "getProjects": lambda t: Example(),
    "createProject": lambda t: Example(
        body={"name": "New site", "start_date": None, "deadline": None}
    ),
    "getProject": lambda t: Example(path={"projectId": PROJECT}),
    "updateProject": lambda t: Example(
        path={"projectId": PROJECT}, body={"name": "Renamed", "start_date": None, "deadline": None}
    ),
    "deleteProject": lambda t: Example(path={"projectId": PROJECT}, body={}),
    "getTasks": lambda t: Example(query={"project_id": PROJECT, "contract_id": None}),
    "createTask": lambda t: Example(
        body={"project_id": PROJECT, "title": "New task", "assignees": [], **TASK_FIELDS}
    ),
    "getTask": lambda t: _task(t),
    "updateTask": lambda t: _task(t, title="Renamed", **TASK_FIELDS),
    "deleteTask": lambda t: _task(t),
    "getTaskAssignees": lambda t: _task(t),
    "assignTask": lambda t: _with_user(_task(t), t.worker),
    "unassignTask": lambda t: _with_user(_task(t), t.worker),
    "getProjectViewers": lambda t: Example(),
    "createProjectViewer": lambda t: Example(
        body={"email": f"{t.unique('viewer')}@brand.test", "firstname": "Vi", "lastname": "Ewer"}
    ),
    "getProjectViewer": lambda t: Example(path={"viewerId": t.viewer("active")}),
    "deleteProjectViewer": lambda t: Example(path={"viewerId": t.viewer("active")}, body={}),
    "restoreProjectViewer": lambda t: Example(path={"viewerId": t.viewer("inactive")}, body={}),
    "assignProjectToViewer": lambda t: Example(
        path={"viewerId": t.viewer("active")}, body={"project_id": PROJECT}
    ),
    "unassignProjectFromViewer": lambda t: Example(
        path={"viewerId": t.viewer("active")}, body={"project_id": PROJECT}
    ),
    "getContracts": lambda t: Example(),
    "createContract": lambda t: Example(
        body={"project_id": t.free_pair[0], "user_id": t.free_pair[1], **CONTRACT_FIELDS}
    ),
    "getContract": lambda t: Example(path={"contractId": t.contract["id"]}),
    "updateContract": lambda t: Example(
        path={"contractId": t.contract["id"]}, body={"status": "active", **CONTRACT_FIELDS}
    ),
    "startTimeTracking": lambda t: Example(
        body={
            "user_id": t.tracker(running=False),
            "contract_id": t.contract["id"],
            "task_id": None,
            "activity_description": "Pairing",
        }
    ),
    "stopTimeTracking": lambda t: Example(body={"user_id": t.tracker(running=True)}),
    "getCurrentTrackerData": lambda t: Example(query={"user_id": MEMBER}),
    "getTimeEntries": lambda t: Example(
        query={"user_id": MEMBER, **_day(t), "project_id": None, "task_id": None}
    ),
    "createTimeEntry": lambda t: Example(
        body={
            "user_id": MEMBER,
            "date": t.last_saturday.isoformat(),
            "start_time": "05:00",
            "end_time": "05:45",
            "contract_id": t.contract["id"],
            "task_id": None,
            "notes": "Early start",
        }
    ),
    "updateTimeEntry": lambda t: Example(
        path={"time_entry_id": t.entry},
        body={"date": t.last_saturday.isoformat(), "end_time": "07:30", **ENTRY_FIELDS},
    ),
    "deleteTimeEntry": lambda t: Example(path={"time_entry_id": t.entry}, body={}),
    "getTimesheets": lambda t: Example(),
    "approveTimesheet": _sheet("submitted"),
    "rejectTimesheet": lambda t: _with_body(_sheet("submitted")(t), reason="Missing Friday"),
    "submitTimesheet": _sheet("pending"),
    "unsubmitTimesheet": _sheet("submitted"),
    "getTimeRequests": lambda t: Example(query={"date_from": None, "date_to": None}),
    "createTimeRequest": lambda t: Example(body=_time_request(t)),
    "getTimeRequest": lambda t: Example(path={"id": t.first("time-requests", status="pending")}),
    "approveTimeRequest": lambda t: Example(
        path={"timeRequestId": t.first("time-requests", status="pending")}, body={}
    ),
    "rejectTimeRequest": lambda t: Example(
        path={"timeRequestId": t.first("time-requests", status="pending")},
        body={"comment": "Not agreed"},
    ),
    "getLeaves": lambda t: Example(query={"date_from": None, "date_to": None}),
    "createLeaveRequest": lambda t: Example(
        body={**_leave(t), "leave_period": 0, "reason": "Trip"}
    ),
    "getLeaveBalances": lambda t: Example(
        query={"date_from": t.week[0], "date_to": t.week[1], "user_id": None}
    ),
    "getLeavePolicies": lambda t: Example(),
    "approveLeave": lambda t: Example(
        path={"leaveId": t.first("leaves", status="pending")}, body={}
    ),
    "rejectLeave": lambda t: Example(
        path={"leaveId": t.first("leaves", status="pending")}, body={"reason": "Busy"}
    ),
    "getExpenses": lambda t: Example(query={"date_from": None, "date_to": None}),
    "createExpense": lambda t: Example(body=_expense(t)),
    "updateExpense": lambda t: Example(path={"expenseId": t.first("expenses")}, body=_expense(t)),
    "deleteExpense": lambda t: Example(path={"expenseId": t.first("expenses")}, body={}),
    "getExpenseCategories": lambda t: Example(),
    "getWebhooks": lambda t: Example(),
    "createWebhook": lambda t: Example(body=HOOK),
    "getWebhook": lambda t: Example(path={"webhookId": t.webhook}),
    "updateWebhook": lambda t: Example(path={"webhookId": t.webhook}, body=HOOK),
    "deleteWebhook": lambda t: Example(path={"webhookId": t.webhook}, body={}),
    "getTrackedHoursReport": lambda t: Example(query=_range(t)),
    "getDailyTimelineReport": lambda t: Example(query=_day(t)),
    "getTaskReport": lambda t: Example(query=_range(t)),
    "getActivityLevelReport": lambda t: Example(query={**_range(t), "contract_id": None}),
    "getDailyAttendanceReport": lambda t: Example(query=_day(t)),
    "getActivityDescriptionsReport": lambda t: Example(query=_range(t)),
}


def _with_user(example: Example, user_id: int) -> Example:
    example.path["userId"] = user_id
    return example


def _with_body(example: Example, **body: Any) -> Example:
    example.body = {**(example.body or {}), **body}
    return example
