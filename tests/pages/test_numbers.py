"""The pages' numbers agree with the sandbox's own, in every shape; flags are never false."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

from .conftest import Truth

pytestmark = pytest.mark.django_db

WAITING = {"timesheet": ("timesheets", "submitted"), "leave": ("leaves", "pending")}
WAITING["time_request"] = ("time-requests", "pending")
LISTS = {"timesheet": "/approvals/timesheets/", "leave": "/approvals/leaves/"}
LISTS["time_request"] = "/approvals/time-requests/"
EVERY_ROW = {"show": "all"}  # the inbox shows the oldest 50 first; this is every row it read


def counts(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def test_the_inbox_counts_what_the_sandbox_has_waiting(live, truth):
    html = live.get("/").content.decode()
    expected = {kind: truth.total(path, status=s) for kind, (path, s) in WAITING.items()}
    assert counts(html) == expected
    assert sum(expected.values()) > 0


@pytest.mark.parametrize("kind", list(LISTS))
def test_each_list_counts_what_the_sandbox_has_waiting(live, truth, kind):
    path, status = WAITING[kind]
    html = live.get(LISTS[kind]).content.decode()
    assert re.search(rf"<p class=\"muted\">{truth.total(path, status=status)} ", html)


def test_the_open_filter_counts_the_sheets_not_yet_submitted(live, truth):
    html = live.get(LISTS["timesheet"], {"status": "pending"}).content.decode()
    assert f'<p class="muted">{truth.total("timesheets", status="pending")} timesheet' in html


def over_limit_sheet(truth: Truth) -> dict[str, Any]:
    """A submitted sheet whose total is over the sum of its member's weekly limits (every
    contract of theirs limited), so either doc variant's data proves it; from the api shape."""
    limits: dict[int, list[int | None]] = defaultdict(list)
    for contract in truth.get("contracts", per_page=100)["data"]:
        limit = contract.get("weekly_hours_limit")
        limits[contract["user_id"]].append(limit if limit and limit < 168 else None)
    sheets = truth.get("timesheets", status="submitted", per_page=100)["data"]
    for sheet in sheets:
        mine = limits.get(sheet["user_id"], [None])
        if None not in mine and sheet["total_minutes"] > 60 * sum(x for x in mine if x):
            return sheet
    raise AssertionError("the seed has no submitted sheet over its member's limits")


def inbox_flags(html: str, sheet_id: str) -> str:
    row = re.search(rf'id="inbox-timesheet-{re.escape(sheet_id)}".*?</tr>', html, re.S)
    assert row, f"sheet {sheet_id} is not in the inbox"
    return row.group(0)


def test_the_same_over_limit_sheet_is_flagged_in_both_variants(live, truth, sandbox, shape):
    sandbox.set_variant("api")
    sheet = over_limit_sheet(truth)
    sandbox.set_variant(shape.variant)
    row = inbox_flags(live.get("/", EVERY_ROW).content.decode(), str(sheet["id"]))
    assert "flag-over-limit" in row and "Over the weekly limit" in row


def test_no_day_is_called_empty_that_had_time(live, truth, sandbox):
    """Every "weekdays with nothing tracked" flag agrees with the sheet's own breakdown."""
    html = live.get("/", EVERY_ROW).content.decode()
    sandbox.set_variant("api")
    # Every submitted sheet, whichever page: with more than a page of them, the inbox (oldest
    # first) and a plain list (newest first) hold different ones.
    sheets: dict[str, dict] = {}
    for number in range(1, 20):
        page = truth.get("timesheets", status="submitted", per_page=100, page=number)["data"]
        sheets |= {str(sheet["id"]): sheet for sheet in page}
        if len(page) < 100:
            break
    shown = re.findall(r'<tr id="inbox-timesheet-([^"]+)"', html)
    assert len(shown) == min(len(sheets), 100)  # every sheet the inbox read is a row
    for sheet_id in shown:
        sheet = sheets[sheet_id]
        flagged = re.search(r"(\d+) weekdays? with nothing tracked", inbox_flags(html, sheet_id))
        if flagged:
            tracked = {day for day, rows in sheet["daily_breakdown"].items() if rows}
            assert int(flagged.group(1)) <= 5 - min(len(tracked), 5)
