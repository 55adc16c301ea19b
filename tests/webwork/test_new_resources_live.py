"""Tasks, time entries, tracking, expenses and leave requests against the sandbox process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.transport.http import build_http


@pytest.fixture
def live(sandbox) -> Iterator[WebworkClient]:
    http = build_http(base_url=sandbox.api_url, timeout=10)
    tokens = StaticToken(sandbox.token("owner@acme.test"), "live-owner")
    yield WebworkClient(tokens, sandbox.workspace_id("Acme Studio"), http=http)
    http.close()


def _last_saturday() -> date:
    today = datetime.now(UTC).date()
    return today - timedelta(days=today.weekday() + 2)


def test_live_manual_time_lands_in_the_timesheet(live, sandbox):
    day = _last_saturday()
    contract = live.contracts.list(user_id=108, status="active").items[0]
    before = live.timesheets.list(user_id=108, date_from=day, date_to=day).items
    added = live.time_entries.create(
        user_id=108, day=day, start=time(9), end=time(10, 15), contract_id=contract.id, notes="Live"
    )
    assert (added.saved_minutes, added.is_partial) == (75, False)
    assert "successfully added" in added.message
    sheet = live.timesheets.list(user_id=108, date_from=day, date_to=day).items[0]
    assert sheet.minutes == (before[0].minutes if before else 0) + 75
    listed = live.time_entries.list(108, day).items
    assert [e.id for e in listed] == [added.entry.id]
    assert live.time_entries.update(added.entry.id, end=time(10, 45)).item.is_edited
    with pytest.raises(WebworkInvalid) as caught:
        live.time_entries.create(user_id=108, day=day, start=time(10), end=time(11))
    assert "overlaps" in str(caught.value)
    assert live.time_entries.delete(added.entry.id) == "Time entry deleted successfully"


def test_live_tasks_expenses_tracking_and_leave(live, sandbox):
    worker = live.contracts.list(project_id=501).items[0].user_id
    created = live.tasks.create(project_id=501, title="Live task", assignees=[worker])
    assert created.item.assignee_ids == {worker}
    assert live.tasks.unassign(created.item.id, worker, 501) == "Task unassigned successfully"
    assert live.tasks.assignees(created.item.id, 501) == ()
    category = live.expenses.categories()[0]
    spent = live.expenses.create(
        name="Taxi", day=_last_saturday(), amount=9.99, category_id=category.id
    )
    assert (spent.item.category_name, spent.item.amount) == (category.name, 9.99)
    assert live.expenses.get(spent.item.id).name == "Taxi"
    started = live.time_tracking.start(101)
    assert started.user_id == 101 and live.time_tracking.current(101).is_running
    sandbox.advance_clock(minutes=5)
    stopped = live.time_tracking.stop(101)
    assert stopped.minutes and stopped.minutes >= 5 and len(stopped.time_entry_ids) >= 1
    monday = datetime.now(UTC).date() + timedelta(days=17 * 7 - datetime.now(UTC).weekday())
    message = live.leaves.create(user_id=108, policy_id=31, start=monday, end=monday)
    assert message == "Leave request created successfully"
    assert [leave.status for leave in live.leaves.list(user_id=108, date_from=monday).items] == [
        "pending"
    ]
