"""This week's hours against weekly limits: the week, the limit, near and over."""

from __future__ import annotations

from datetime import date

from dashboard.core.weeks import WeekHours, this_week, weekly_limit
from dashboard.projects.hours import member_weeks, total_hours
from dashboard.webwork.records import Contract, Report
from tests.projects.conftest import ADA, BEN


def test_the_week_runs_monday_to_sunday():
    assert this_week(date(2026, 12, 3)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert this_week(date(2026, 11, 30)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert this_week(date(2026, 12, 6)) == (date(2026, 11, 30), date(2026, 12, 6))


def test_a_limit_past_the_hours_of_a_week_is_no_limit():
    assert weekly_limit(None) is None and weekly_limit(1e308) is None
    assert weekly_limit(168) == 168 and weekly_limit(0) == 0


def test_hours_are_near_from_eighty_percent_and_over_at_the_limit():
    assert WeekHours(0, 10).level == ""
    assert WeekHours(479, 10).level == ""
    assert WeekHours(480, 10).level == "near"
    assert WeekHours(600, 10).level == "over"
    assert WeekHours(6000, None).level == ""
    assert WeekHours(90, None).hours == 1.5 and WeekHours(90, None).meter_max == 1.5


def _report(rows: list[dict]) -> Report:
    from django.utils import timezone

    return Report("tracked_hours", None, None, tuple(rows), (), timezone.now())


def test_each_member_gets_their_minutes_on_the_project_and_their_contracts_limit():
    contracts = [Contract.from_json(BEN), Contract.from_json(ADA)]
    report = _report(
        [
            {"user_id": 114, "project_id": 501, "contract_id": 9001, "total_minutes": 300},
            {"user_id": 114, "project_id": 501, "contract_id": 9001, "total_minutes": 240},
        ]
    )
    rows = member_weeks(contracts, report)
    assert [r.contract.user_name for r in rows] == ["Ada Lovelace", "Ben Okafor"]
    ada, ben = rows
    assert (ada.week.minutes, ada.week.limit, ada.week.level) == (540, 10, "near")
    assert (ben.week.minutes, ben.week.limit) == (0, None)
    assert total_hours(rows) == 9.0


def test_without_a_report_every_member_shows_no_hours():
    rows = member_weeks([Contract.from_json(ADA)], None)
    assert rows[0].week.minutes == 0
