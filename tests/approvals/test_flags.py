"""Flags on timesheets, from contracts, approved leave and approved manual time."""

from __future__ import annotations

from datetime import timedelta

from dashboard.approvals.flags import FlagData, timesheet_flags
from dashboard.webwork.records import Contract, Leave, Timesheet

from .conftest import MONDAY, leave, sheet


def flags_of(raw, contracts=(), leaves=(), requests=()):
    data = FlagData.build(contracts, [Leave.from_json(x) for x in leaves], requests)
    return [f.code for f in timesheet_flags(Timesheet.from_json(raw), data)]


def test_a_full_normal_week_has_no_flag():
    assert flags_of(sheet()) == []


def test_the_default_weekly_limit_means_no_limit():
    contract = Contract(id=2001, project_id=501, user_id=9, status="active", weekly_hours_limit=168)
    assert flags_of(sheet(minutes_per_day=(900,) * 5), [contract]) == []


def test_a_weekday_without_time_is_flagged_unless_on_leave():
    raw = sheet(minutes_per_day=(300, 0, 300, 300, 300))
    assert flags_of(raw) == ["empty"]
    day_off = leave(status="approved", user={"id": 9}, start=MONDAY + timedelta(days=1))
    day_off["end_date"] = day_off["start_date"]
    assert flags_of(raw, leaves=[day_off]) == []


def test_pending_leave_does_not_count():
    raw = sheet()
    assert flags_of(raw, leaves=[leave(status="pending", user={"id": 9}, start=MONDAY)]) == []
