"""What a bulk request may carry: a filter its list makes, checked before anything is read."""

from __future__ import annotations

import json

import pytest

from dashboard.approvals.models import BulkJob
from tests.fakes import ok, pages

from .conftest import leave


@pytest.fixture(autouse=True)
def _generous_budget(settings):
    settings.WEBWORK_RATE_PER_MINUTE = 100_000


@pytest.mark.parametrize(
    "filters",
    [
        '{"date_from": "not a date"}',
        '{"date_to": "2026-02-30"}',
        '[{"user_id": 9}]',
        '["date_from", "2026-01-01"]',
        '"submitted"',
        '{"user_id": [9, 10]}',
        '{"user_id": {"id": 9}}',
        '{"date_from": "2026-02-01", "date_to": "2026-01-01"}',
        "{not json",
    ],
)
def test_a_malformed_filter_is_explained_not_a_crash(connected_client, upstream, filters):
    data = {"action": "approve", "scope": "all", "collect_kind": "timesheet", "filters": filters}
    for confirm in ("", "1"):
        response = connected_client.post("/approvals/bulk/", data | {"confirm": confirm})
        assert response.status_code == 400
        assert "This cannot start yet" in response.content.decode()
    assert not upstream.requests
    assert not BulkJob.objects.exists()


def test_a_leave_filter_is_read_the_way_the_list_writes_it(connected_client, upstream):
    upstream.route("GET", "/leaves", ok([leave()], pagination=pages(7, 1, 1)))
    query = {"status": "all", "policy_id": "31", "is_paid": "no", "date_from": "2026-01-01"}
    data = {"action": "approve", "scope": "all", "collect_kind": "leave"}
    html = connected_client.post(
        "/approvals/bulk/", data | {"filters": json.dumps(query)}
    ).content.decode()
    assert "7 now" in html
    params = upstream.last.url.params
    assert (params["status"], params["policy_id"], params["is_paid"]) == ("pending", "31", "no")
    assert params["date_from"] == "2026-01-01"
    connected_client.post("/approvals/bulk/", data | {"filters": json.dumps(query), "confirm": "1"})
    assert BulkJob.objects.get().collect_filters == {
        "policy_id": "31",
        "is_paid": "no",
        "date_from": "2026-01-01",
    }
