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


def v2_shape(raw):
    """The restricted doc variant's timesheet: total_hours, no member, no daily breakdown."""
    minutes = raw["total_minutes"]
    kept = {k: v for k, v in raw.items() if k not in ("total_minutes", "daily_breakdown")}
    return {**kept, "member": None, "total_hours": round(minutes / 60, 2), "status": "submitted"}


LIMITED = Contract(id=2001, project_id=501, user_id=9, status="active", weekly_hours_limit=20)


def test_without_a_daily_breakdown_no_day_is_called_empty():
    assert flags_of(v2_shape(sheet())) == []


def test_a_sheet_with_no_time_at_all_has_every_weekday_empty_in_either_shape():
    empty = sheet(minutes_per_day=(0, 0, 0, 0, 0))
    assert flags_of(empty) == ["empty"]
    assert flags_of(v2_shape(empty)) == ["empty"]


def test_over_the_limit_is_raised_from_the_total_when_there_is_no_breakdown():
    over = sheet(minutes_per_day=(300,) * 5)  # 25 h against 20
    assert flags_of(over, [LIMITED]) == ["over-limit"]
    assert flags_of(v2_shape(over), [LIMITED]) == ["over-limit"]
    raw = Timesheet.from_json(v2_shape(over))
    text = timesheet_flags(raw, FlagData.build([LIMITED], [], [])).pop().text
    assert "25:00 h of 20:00 h" in text


def test_the_total_raises_no_flag_when_a_contract_has_no_limit():
    unlimited = Contract(id=2002, project_id=502, user_id=9, status="active")
    over = v2_shape(sheet(minutes_per_day=(300,) * 5))
    assert flags_of(over, [LIMITED, unlimited]) == []  # the hours may all be on the other one


def test_the_total_is_held_against_the_sum_of_the_limits():
    other = Contract(id=2002, project_id=502, user_id=9, status="active", weekly_hours_limit=10)
    assert flags_of(v2_shape(sheet(minutes_per_day=(300,) * 5)), [LIMITED, other]) == []
    assert flags_of(v2_shape(sheet(minutes_per_day=(400,) * 5)), [LIMITED, other]) == ["over-limit"]
