"""The records of tasks, time entries, trackers and expenses, read in both doc variants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from tests.fakes import body_of, ok
from tests.webwork.conftest import WORKSPACE
from tests.webwork.test_new_resources import DAY, ENTRY, EXPENSE_API, EXPENSE_V2, TASK


def test_a_task_is_read_with_its_assignees(webwork, upstream):
    upstream.route("GET", "/tasks/7001", ok(TASK))
    task = webwork.tasks.get(7001, 501)
    assert (task.is_done, task.priority, task.assignee_ids) == (True, 10, frozenset({9}))
    assert task.assignees[0].name == "Ana Lee"
    assert task.completed_at == datetime(2026, 11, 2, 15, tzinfo=UTC)


def test_added_time_tells_how_much_was_saved(webwork, upstream):
    upstream.route("POST", "/time-entries", ok({**ENTRY, "duration_minutes": 60}, status=201))
    added = webwork.time_entries.create(user_id=9, day=DAY, start=time(9), end=time(10, 30))
    assert (added.requested_minutes, added.saved_minutes, added.is_partial) == (90, 60, True)
    assert added.entry.is_manual and added.entry.date == DAY


def test_an_edit_may_answer_without_the_entry(webwork, upstream):
    # Reference: the documented answer of PUT /time-entries/{id} carries only a message.
    upstream.route("PUT", "/time-entries/te-1", ok(None, message="Time entry updated successfully"))
    saved = webwork.time_entries.update("te-1", notes="x")
    assert (saved.item, saved.message) == (None, "Time entry updated successfully")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"message": "Time tracking stopped successfully", "stopped_at": "2026-01-05T12:30:00Z"},
            "",
        ),
        ({"stopped_at": "2026-01-05T12:30:00+00:00"}, "Time tracking stopped successfully"),
    ],
    ids=["api", "v2"],
)
def test_a_stop_reads_in_both_variants(webwork, upstream, data, message):
    upstream.route("POST", "/time-tracking/stop", ok(data, message=message))
    stopped = webwork.time_tracking.stop()
    assert stopped.message == "Time tracking stopped successfully"
    assert stopped.stopped_at == datetime(2026, 1, 5, 12, 30, tzinfo=UTC)
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE}  # v2: the caller's own tracker


@pytest.mark.parametrize(
    ("data", "running"),
    [
        ({"user_id": 9, "total_minutes": 7, "contract_id": 5, "task_id": 3}, True),
        ({"user_id": 9, "total_minutes": 7, "contract_id": None}, False),
        ({"user_id": 9, "total_minutes": 7, "is_running": False, "contract_id": 5}, False),
    ],
)
def test_current_data_tells_whether_a_tracker_runs(webwork, upstream, data, running):
    upstream.route("GET", "/time-tracking/current-data", ok(data))
    current = webwork.time_tracking.current(9)
    assert (current.is_running, current.total_minutes) == (running, 7)


@pytest.mark.parametrize("raw", [EXPENSE_V2, EXPENSE_API], ids=["v2", "api"])
def test_an_expense_reads_in_both_variants(webwork, upstream, raw):
    upstream.route("GET", "/expenses", ok([raw]))
    (expense,) = webwork.expenses.list()
    assert (expense.name, expense.amount, expense.date) == ("Taxi", 42.5, DAY)
    assert (expense.is_billable, expense.category_name, expense.member_name) == (
        True,
        "Travel",
        "Ana Lee",
    )
    assert expense.added_on == date(2026, 1, 6)
    assert expense.currency == (None if raw is EXPENSE_V2 else "EUR")
