"""Tasks, time entries, time tracking, expenses and leave requests: what each method sends,
what it refuses before any call, and which caches its writes invalidate.

Records in both doc variants: ``test_work_records.py``; against the sandbox process:
``test_new_resources_live.py``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkInvalid
from tests.fakes import body_of, fail, ok
from tests.webwork.conftest import WORKSPACE

Call = Callable[[WebworkClient], Any]
WS = {"workspace_id": str(WORKSPACE)}
TASK = {
    "id": 7001,
    "title": "QA & fixes",
    "project_id": 501,
    "owner_id": 1,
    "creator_id": 1,
    "status": 20,
    "priority": 10,
    "completed_at": "2026-11-02T15:00:00Z",
    "assignees": [{"id": 9, "firstname": "Ana", "lastname": "Lee", "email": "a@x.test"}],
}
ENTRY = {
    "id": "te-1",
    "user_id": 9,
    "contract_id": 5,
    "project_id": 501,
    "date": "2026-01-05",
    "start_time": "2026-01-05T09:00:00Z",
    "end_time": "2026-01-05T10:30:00Z",
    "duration_minutes": 90,
    "method": "Manually added time",
    "activity_level": 0,
    "is_edited": False,
}
EXPENSE_V2 = {
    "id": "ex-1",
    "member": "Ana Lee",
    "expense_date": "Jan 5, 2026",
    "expense_name": "Taxi",
    "project": "Website",
    "category": "Travel",
    "amount": 42.5,
    "note": None,
    "type": "billable",
    "added_dte": "Jan 6, 2026",
}
EXPENSE_API = {**EXPENSE_V2, "date": "2026-01-05", "currency": "EUR", "project_id": 501}
DAY = date(2026, 1, 5)

READS: list[tuple[str, Call, str, dict[str, str], Any]] = [
    (
        "tasks.list",
        lambda w: w.tasks.list(project_id=501, status=20, order_by="-title"),
        "/tasks",
        {"project_id": "501", "status": "20", "order_by": "-title", "page": "1", "per_page": "20"},
        [TASK],
    ),
    (
        "tasks.all",
        lambda w: w.tasks.all(501),
        "/tasks",
        {"project_id": "501", "page": "1", "per_page": "100"},
        [TASK],
    ),
    ("tasks.get", lambda w: w.tasks.get(7001, 501), "/tasks/7001", {"project_id": "501"}, TASK),
    (
        "tasks.assignees",
        lambda w: w.tasks.assignees(7001, 501),
        "/tasks/7001/assignees",
        {"project_id": "501"},
        TASK["assignees"],
    ),
    (
        "time_entries.list",
        lambda w: w.time_entries.list(9, DAY, per_page=100),
        "/time-entries",
        {"user_id": "9", "date": "2026-01-05", "page": "1", "per_page": "50"},
        [ENTRY],
    ),
    (
        "time_tracking.current",
        lambda w: w.time_tracking.current(9),
        "/time-tracking/current-data",
        {"user_id": "9"},
        {"user_id": 9, "total_minutes": 7, "total_seconds": 9, "date": "2026-01-05"},
    ),
    (
        "expenses.list",
        lambda w: w.expenses.list(date_from=DAY),
        "/expenses",
        {"date_from": "2026-01-05", "page": "1", "per_page": "20"},
        [EXPENSE_V2],
    ),
    ("expenses.get", lambda w: w.expenses.get("ex-1"), "/expenses", {"id": "ex-1"}, [EXPENSE_V2]),
    (
        "expenses.categories",
        lambda w: w.expenses.categories(),
        "/expenses/categories",
        {},
        [{"id": "c1", "name": "Travel"}],
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "path", "params", "data"), READS, ids=[r[0] for r in READS]
)
def test_each_read_asks_for_the_right_thing(webwork, upstream, name, call, path, params, data):
    upstream.route("GET", path, ok(data))
    result = call(webwork)
    query = dict(upstream.last.url.params)
    if name == "expenses.get":
        query.pop("per_page")  # a lookup by id asks for one item
    assert query == {**WS, **params}
    assert result


WRITES: list[tuple[str, Call, str, str, dict[str, Any], Any]] = [
    (
        "tasks.create",
        lambda w: w.tasks.create(project_id=501, title="Ship", assignees=[9], end_date=DAY),
        "POST",
        "/tasks",
        {"project_id": 501, "title": "Ship", "assignees": [9], "end_date": "2026-01-05"},
        TASK,
    ),
    (
        "tasks.update",
        lambda w: w.tasks.update(7001, 501, status=30),
        "PUT",
        "/tasks/7001",
        {"project_id": 501, "status": 30},
        TASK,
    ),
    (
        "tasks.delete",
        lambda w: w.tasks.delete(7001, 501),
        "DELETE",
        "/tasks/7001",
        {"project_id": 501},
        None,
    ),
    (
        "tasks.assign",
        lambda w: w.tasks.assign(7001, 9, 501),
        "POST",
        "/tasks/7001/assign/9",
        {"project_id": 501},
        None,
    ),
    (
        "tasks.unassign",
        lambda w: w.tasks.unassign(7001, 9, 501),
        "DELETE",
        "/tasks/7001/unassign/9",
        {"project_id": 501},
        None,
    ),
    (
        "time_entries.create",
        lambda w: w.time_entries.create(
            user_id=9, day=DAY, start=time(9), end=time(10, 30), contract_id=5, notes="Fix"
        ),
        "POST",
        "/time-entries",
        {
            "user_id": 9,
            "date": "2026-01-05",
            "start_time": "09:00",
            "end_time": "10:30",
            "contract_id": 5,
            "notes": "Fix",
        },
        ENTRY,
    ),
    (
        "time_entries.update",
        lambda w: w.time_entries.update("te-1", end=time(11), notes="Longer"),
        "PUT",
        "/time-entries/te-1",
        {"end_time": "11:00", "notes": "Longer"},
        ENTRY,
    ),
    (
        "time_entries.delete",
        lambda w: w.time_entries.delete("te-1"),
        "DELETE",
        "/time-entries/te-1",
        {},
        None,
    ),
    (
        "time_tracking.start",
        lambda w: w.time_tracking.start(9, contract_id=5, task_id=7001),
        "POST",
        "/time-tracking/start",
        {"user_id": 9, "contract_id": 5, "task_id": 7001},
        {"user_id": 9, "start_time": "2026-01-05T09:00:00+00:00", "contract_id": 5},
    ),
    (
        "time_tracking.stop",
        lambda w: w.time_tracking.stop(9),
        "POST",
        "/time-tracking/stop",
        {"user_id": 9},
        {
            "message": "Time tracking stopped successfully",
            "stopped_at": "2026-01-05T12:30:00+00:00",
        },
    ),
    (
        "expenses.create",
        lambda w: w.expenses.create(name="Taxi", day=DAY, amount=42.5, category_id="c1"),
        "POST",
        "/expenses",
        {"expense_name": "Taxi", "date": "2026-01-05", "amount": 42.5, "category_id": "c1"},
        EXPENSE_API,
    ),
    (
        "expenses.update",
        lambda w: w.expenses.update("ex-1", note="Receipt", is_billable=False),
        "PUT",
        "/expenses/ex-1",
        {"note": "Receipt", "description": "Receipt", "is_billable": False},
        EXPENSE_API,
    ),
    ("expenses.delete", lambda w: w.expenses.delete("ex-1"), "DELETE", "/expenses/ex-1", {}, None),
    (
        "leaves.create",
        lambda w: w.leaves.create(user_id=9, policy_id=31, start=DAY, end=DAY, leave_period=1),
        "POST",
        "/leaves",
        {
            "user_id": 9,
            "policy_id": 31,
            "start": "2026-01-05",
            "end": "2026-01-05",
            "leave_period": 1,
        },
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "method", "path", "body", "data"), WRITES, ids=[w[0] for w in WRITES]
)
def test_each_write_sends_the_right_body(webwork, upstream, name, call, method, path, body, data):
    upstream.route(method, path, ok(data, message="Done", status=201 if "create" in name else 200))
    result = call(webwork)
    assert upstream.last.url.raw_path.decode().split("?")[0] == f"/api/v2{path}"
    assert dict(upstream.last.url.params) == WS
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE, **body}
    assert result == "Done" if data is None else result


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda w: w.tasks.create(project_id=501, title="  "), "title"),
        (lambda w: w.tasks.create(project_id=501, title="x" * 256), "title"),
        (lambda w: w.tasks.update(1, 501, priority=15), "priority"),
        (lambda w: w.tasks.update(1, 501, start_date=DAY, end_date=DAY - timedelta(1)), "end_date"),
        (
            lambda w: w.time_entries.create(user_id=9, day=DAY, start=time(10), end=time(9)),
            "end_time",
        ),
        (
            lambda w: w.time_entries.create(
                user_id=9, day=DAY, start=time(9), end=time(10), task_id=1
            ),
            "task_id",
        ),
        (lambda w: w.time_entries.update("te-1", notes="n" * 256), "notes"),
        (lambda w: w.time_tracking.start(9, task_id=1), "task_id"),
        (lambda w: w.expenses.create(name="Taxi", day=DAY, amount=0, category_id="c1"), "amount"),
        (lambda w: w.expenses.update("ex-1", name=""), "expense_name"),
        (
            lambda w: w.leaves.create(
                user_id=9, policy_id=31, start=DAY, end=DAY + timedelta(1), leave_period=2
            ),
            "end",
        ),
    ],
)
def test_input_webwork_would_refuse_is_refused_before_any_call(webwork, upstream, call, field):
    with pytest.raises(WebworkInvalid) as caught:
        call(webwork)
    assert field in caught.value.field_errors
    assert upstream.requests == []


def test_webworks_own_message_is_kept_when_it_refuses(webwork, upstream):
    message = "The time overlaps time already tracked by this member."
    upstream.route("POST", "/time-entries", fail(422, message, errors={"start_time": [message]}))
    with pytest.raises(WebworkInvalid) as caught:
        webwork.time_entries.create(user_id=9, day=DAY, start=time(9), end=time(10))
    assert message in str(caught.value)
    assert caught.value.field_errors == {"start_time": [message]}


@pytest.mark.parametrize(
    ("read", "write", "method", "path"),
    [
        (
            lambda w: w.tasks.list(project_id=501),
            lambda w: w.tasks.delete(7001, 501),
            "DELETE",
            "/tasks/7001",
        ),
        (
            lambda w: w.time_entries.list(9, DAY),
            lambda w: w.time_entries.delete("te-1"),
            "DELETE",
            "/time-entries/te-1",
        ),
        (
            lambda w: w.expenses.list(),
            lambda w: w.expenses.delete("ex-1"),
            "DELETE",
            "/expenses/ex-1",
        ),
    ],
    ids=["tasks", "time_entries", "expenses"],
)
def test_a_write_invalidates_the_cached_list(webwork, upstream, read, write, method, path):
    for list_path in ("/tasks", "/time-entries", "/expenses"):
        upstream.route("GET", list_path, ok([]))
    upstream.route(method, path, ok(None, message="Deleted"))
    read(webwork)
    read(webwork)
    assert len([r for r in upstream.requests if r.method == "GET"]) == 1
    write(webwork)
    read(webwork)
    assert len([r for r in upstream.requests if r.method == "GET"]) == 2


def test_time_entry_writes_invalidate_timesheets_and_reports(webwork, upstream):
    upstream.route("GET", "/timesheets", ok([]))
    upstream.route("POST", "/time-tracking/stop", ok({"stopped_at": "2026-01-05T12:30:00Z"}))
    webwork.timesheets.list()
    webwork.time_tracking.stop(9)
    webwork.timesheets.list()
    assert len(upstream.calls("GET", "/timesheets")) == 2


def test_categories_are_cached_as_reference_data(webwork, upstream):
    upstream.route("GET", "/expenses/categories", ok([{"id": "c1", "name": "Travel"}]))
    first = webwork.expenses.categories()
    again = webwork.expenses.categories()
    assert first == again and len(upstream.requests) == 1
    assert first[0].id == "c1"
