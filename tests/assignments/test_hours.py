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
