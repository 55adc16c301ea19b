from __future__ import annotations

from datetime import date

import pytest

from dashboard.assignments.hours import ContractRow, this_week
from dashboard.webwork.records import Contract


def test_the_week_runs_from_monday_to_sunday():
    assert this_week(date(2026, 11, 25)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert this_week(date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 29))


@pytest.mark.parametrize(
    ("limit", "minutes", "level"),
    [
        (20, 0, ""),
        (20, 15 * 60, ""),
        (20, 16 * 60, "near"),
        (20, 20 * 60, "over"),
        (20, 25 * 60, "over"),
        (0, 30, "over"),
        (None, 3000, ""),
    ],
)
def test_a_contract_is_near_from_80_percent_and_over_at_its_limit(limit, minutes, level):
    contract = Contract(id=1, project_id=2, user_id=3, status="active", weekly_hours_limit=limit)
    assert ContractRow(contract, minutes).level == level


@pytest.mark.parametrize("limit", [169, int(1e308)], ids=["169", "1e308"])
def test_a_limit_beyond_the_hours_of_a_week_is_no_limit(limit):
    contract = Contract(id=1, project_id=2, user_id=3, status="active", weekly_hours_limit=limit)
    row = ContractRow(contract, 3000)
    assert (row.limit, row.level, row.meter_max) == (None, "", 50.0)


def test_a_limit_of_every_hour_of_the_week_still_counts():
    contract = Contract(id=1, project_id=2, user_id=3, status="active", weekly_hours_limit=168)
    assert ContractRow(contract, 168 * 60).level == "over"
