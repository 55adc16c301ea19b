"""Reads the approval pages and bulk jobs rely on: one item by id, the list's sort order."""

from __future__ import annotations

import pytest

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkNotFound
from tests.fakes import FakeUpstream, ok
from tests.webwork.conftest import WORKSPACE

SHEET = {"id": "ts1", "status": "open", "user_id": 9, "total_hours": 7.5}
LEAVE = {"id": "lv1", "status": "pending", "policy_id": 31, "policy_name": "Vacation"}


def test_it_reads_one_timesheet_through_the_id_filter_past_the_cache(
    webwork: WebworkClient, upstream: FakeUpstream
):
    upstream.route("GET", "/timesheets", ok([SHEET]))
    first = webwork.timesheets.get("ts1")
    webwork.timesheets.get("ts1")
    assert first.status == "pending" and first.minutes == 450
    assert len(upstream.requests) == 2
    assert dict(upstream.last.url.params) == {
        "id": "ts1",
        "per_page": "1",
        "workspace_id": str(WORKSPACE),
    }


def test_it_says_not_found_when_the_id_filter_finds_nothing(
    webwork: WebworkClient, upstream: FakeUpstream
):
    upstream.route("GET", "/leaves", ok([]))
    with pytest.raises(WebworkNotFound):
        webwork.leaves.get("gone")


def test_it_reads_one_leave_with_its_policy_name(webwork: WebworkClient, upstream: FakeUpstream):
    upstream.route("GET", "/leaves", ok([LEAVE]))
    leave = webwork.leaves.get("lv1")
    assert leave.policy_name == "Vacation"
    assert upstream.last.url.params["id"] == "lv1"


def test_it_asks_for_the_oldest_timesheets_first(webwork: WebworkClient, upstream: FakeUpstream):
    upstream.route("GET", "/timesheets", ok([SHEET]))
    webwork.timesheets.list(status="submitted", order_by="asc")
    assert upstream.last.url.params["order_by"] == "asc"
