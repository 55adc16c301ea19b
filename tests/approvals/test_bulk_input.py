"""What a bulk request may carry: labels are only shown, filters are checked, items paged."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.approvals import jobs
from dashboard.approvals.models import BulkItem, BulkJob
from dashboard.audit.models import AuditEntry
from tests.fakes import ok, pages

from .conftest import leave, listing, sheet

MADE_UP = "Ceo Fired · Approve Me"


@pytest.fixture(autouse=True)
def _generous_budget(settings):
    settings.WEBWORK_RATE_PER_MINUTE = 100_000


def start(client, *items: str, action: str = "approve", **extra) -> BulkJob:
    data = {"action": action, "items": list(items), "confirm": "1", **extra}
    assert client.post("/approvals/bulk/", data).status_code == 302
    return BulkJob.objects.get()


def run(job: BulkJob) -> None:
    jobs.Runner(job, sleep=lambda seconds: None).run()
    job.refresh_from_db()


def test_a_made_up_label_never_reaches_the_audit_log(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet("ts-1")]))
    routes.route("PUT", "/timesheets/ts-1/approve", ok(None, message="Timesheet approved"))
    job = start(connected_client, f"timesheet|ts-1|{MADE_UP}")
    run(job)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_id, entry.outcome) == ("timesheet.approve", "ts-1", "ok")
    assert MADE_UP not in entry.target_label
    assert entry.target_label.startswith("Ada Lovelace · ")
    assert job.items.get().label == entry.target_label  # the job page names it as WebWork does


def test_a_made_up_label_of_an_item_webwork_does_not_know_is_not_audited(connected_client, routes):
    routes.route("GET", "/leaves", listing([]))
    job = start(connected_client, f"leave|lv-404|{MADE_UP}")
    run(job)
    entry = AuditEntry.objects.get()
    assert (entry.target_id, entry.outcome) == ("lv-404", "failed")
    assert entry.target_label == ""
    assert not routes.calls("PUT", "/leaves/lv-404/approve")


def test_a_selected_item_already_decided_in_webwork_is_not_sent(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave("lv-1", status="approved")]))
    job = start(connected_client, "leave|lv-1|Bob")
    run(job)
    item = job.items.get()
    assert (item.status, item.message) == ("done", "Already approved in WebWork; nothing was sent.")
    assert not routes.calls("PUT", "/leaves/lv-1/approve")
    assert "Bob" in AuditEntry.objects.get().target_label


def test_the_same_item_selected_twice_is_one_item(connected_client, upstream):
    job = start(connected_client, "timesheet|ts-1|Ada", "timesheet|ts-1|Someone", "leave|lv-1|Bob")
    assert list(job.items.values_list("kind", "target_id", "label")) == [
        ("timesheet", "ts-1", "Ada"),
        ("leave", "lv-1", "Bob"),
    ]


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


def test_the_job_page_shows_its_items_a_page_at_a_time(connected_client, manager):
    job = BulkJob.objects.create(user=manager, workspace_id=7, action="approve", status="finished")
    BulkItem.objects.bulk_create(
        BulkItem(job=job, position=n, kind="timesheet", target_id=f"ts-{n}", label=f"Sheet {n:02}")
        for n in range(25)
    )
    html = connected_client.get(f"/approvals/jobs/{job.pk}/").content.decode()
    assert "Sheet 00" in html and "Sheet 19" in html and "Sheet 20" not in html
    assert re.search(r'rel="next" href="\?page=2" hx-get="\?page=2" hx-target="#progress"', html)
    second = connected_client.get(f"/approvals/jobs/{job.pk}/?page=2").content.decode()
    assert "Sheet 20" in second and "Sheet 24" in second and "Sheet 19" not in second
    assert "Page 2 of 2" in second
