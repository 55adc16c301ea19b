"""Bulk jobs: the preview, the job page, and the runner that works through the items."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dashboard.approvals import jobs
from dashboard.approvals.models import BulkItem, BulkJob
from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import fail, ok

from .conftest import listing, sheet

APPROVED = ok(None, message="Timesheet approved successfully")


@pytest.fixture(autouse=True)
def _generous_budget(settings):
    settings.WEBWORK_RATE_PER_MINUTE = 100_000


def make_job(manager, *ids, action="approve", reason="", **fields):
    job = BulkJob.objects.create(
        user=manager,
        workspace_id=7,
        workspace_name="Acme Studio",
        action=action,
        reason=reason,
        **fields,
    )
    for n, target in enumerate(ids):
        BulkItem.objects.create(
            job=job, position=n, kind="timesheet", target_id=target, label=f"Sheet {target}"
        )
    return job


def run(job, sleeps=None):
    jobs.Runner(job, sleep=(sleeps if sleeps is not None else []).append).run()
    job.refresh_from_db()
    return {item.target_id: (item.status, item.message, item.attempts) for item in job.items.all()}


def test_the_preview_says_what_will_happen_and_starts_nothing(connected_client, upstream):
    response = connected_client.post(
        "/approvals/bulk/",
        {
            "action": "approve",
            "items": ["timesheet|ts-1|Ada · 1-7 Jan", "timesheet|ts-2|Bob"],
            "next": "/",
        },
    )
    html = response.content.decode()
    assert "2 selected items" in html and "Ada · 1-7 Jan" in html
    assert not BulkJob.objects.exists()


def test_confirming_creates_the_job_and_queues_the_task(connected_client, upstream, manager):
    response = connected_client.post(
        "/approvals/bulk/",
        {
            "action": "reject",
            "reason": "Wrong project",
            "items": ["timesheet|ts-1|Ada"],
            "confirm": "1",
        },
    )
    job = BulkJob.objects.get()
    assert response["Location"] == f"/approvals/jobs/{job.pk}/"
    assert (job.user, job.action, job.reason, job.workspace_id) == (
        manager,
        "reject",
        "Wrong project",
        7,
    )
    assert list(job.items.values_list("target_id", "label")) == [("ts-1", "Ada")]
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [str(job.pk)]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "approve"}, "Select at least one item."),
        ({"action": "reject", "items": ["timesheet|ts-1|A"]}, "Give a reason for the rejection."),
        ({"action": "approve", "items": ["planet|x|A"]}, "not recognised"),
    ],
)
def test_bad_bulk_requests_are_explained(connected_client, upstream, data, error):
    html = connected_client.post("/approvals/bulk/", data).content.decode()
    assert error in html
    assert not BulkJob.objects.exists()


def test_all_matching_counts_the_waiting_items_of_the_filter(connected_client, upstream):
    upstream.route(
        "GET",
        "/timesheets",
        ok(
            [sheet()], pagination={"total": 104, "per_page": 1, "current_page": 1, "last_page": 104}
        ),
    )
    filters = json.dumps({"user_id": 9, "status": "approved"})
    html = connected_client.post(
        "/approvals/bulk/",
        {"action": "approve", "scope": "all", "collect_kind": "timesheet", "filters": filters},
    ).content.decode()
    assert "104 now" in html
    params = upstream.last.url.params
    assert (params["status"], params["user_id"]) == ("submitted", "9")


def test_the_runner_approves_every_item_and_audits_each_with_the_job(connected, upstream, manager):
    upstream.route("PUT", "/timesheets/ts-1/approve", APPROVED)
    upstream.route("PUT", "/timesheets/ts-2/approve", fail(400, "this one is approved"))
    job = make_job(manager, "ts-1", "ts-2")
    results = run(job)
    assert results == {
        "ts-1": ("done", "Timesheet approved successfully", 1),
        "ts-2": ("failed", "this one is approved", 1),
    }
    assert job.status == "finished" and job.runner == ""
    entries = AuditEntry.objects.order_by("id")
    assert [(e.target_id, e.outcome, e.job_id) for e in entries] == [
        ("ts-1", "ok", str(job.pk)),
        ("ts-2", "failed", str(job.pk)),
    ]


def test_a_429_is_waited_out_and_never_fails_an_item(connected, upstream, manager):
    upstream.route(
        "PUT",
        "/timesheets/ts-1/approve",
        fail(429, "Too many requests", headers={"Retry-After": "7"}),
        APPROVED,
    )
    sleeps: list[float] = []
    assert run(make_job(manager, "ts-1"), sleeps)["ts-1"] == (
        "done",
        "Timesheet approved successfully",
        1,
    )
    assert sum(sleeps) >= 7
    assert len(upstream.calls("PUT", "/timesheets/ts-1/approve")) == 2


def test_a_retry_reads_the_item_first_and_sends_nothing_when_already_done(
    connected, upstream, manager
):
    upstream.route("PUT", "/timesheets/ts-1/approve", httpx.ReadTimeout("slow"))
    job = make_job(manager, "ts-1")
    assert run(job)["ts-1"][0] == "failed"
    assert "outcome is unknown" in job.items.get().message
    upstream.route("GET", "/timesheets", listing([sheet("ts-1", status="approved")]))
    assert jobs.retry_failed(job) == 1
    assert run(job)["ts-1"] == ("done", "Already approved in WebWork; nothing was sent again.", 1)
    assert len(upstream.calls("PUT", "/timesheets/ts-1/approve")) == 1


def test_an_item_left_sending_by_a_dead_worker_is_checked_before_it_is_sent(
    connected, upstream, manager
):
    job = make_job(
        manager,
        "ts-1",
        "ts-2",
        status="running",
        runner="dead",
        lease_until=timezone.now() - timedelta(seconds=1),
    )
    BulkItem.objects.filter(target_id="ts-1").update(status="sending", attempts=1)
    upstream.route("GET", "/timesheets", listing([sheet("ts-1", status="submitted")]))
    upstream.route("PUT", "/timesheets/ts-1/approve", APPROVED)
    upstream.route("PUT", "/timesheets/ts-2/approve", APPROVED)
    results = run(job)
    assert results["ts-1"] == ("done", "Timesheet approved successfully", 2)
    assert results["ts-2"][0] == "done"
    assert len(upstream.calls("GET", "/timesheets")) == 1  # only the uncertain item was read


def test_a_job_with_a_live_lease_is_left_to_its_runner(connected, upstream, manager):
    job = make_job(
        manager,
        "ts-1",
        status="running",
        runner="alive",
        lease_until=timezone.now() + timedelta(minutes=1),
    )
    assert run(job)["ts-1"] == ("pending", "", 0)


def test_cancelling_stops_after_the_current_item(connected, upstream, manager):
    job = make_job(manager, "ts-1", "ts-2", "ts-3")

    def approve_then_cancel(request):
        jobs.cancel(BulkJob.objects.get(pk=job.pk))
        return APPROVED(request)

    upstream.route("PUT", "/timesheets/ts-1/approve", approve_then_cancel)
    results = run(job)
    assert job.status == "cancelled"
    assert [results[t][0] for t in ("ts-1", "ts-2", "ts-3")] == ["done", "pending", "pending"]


def test_a_queued_job_cancels_at_once(manager, db):
    job = make_job(manager, "ts-1")
    jobs.cancel(job)
    assert job.status == "cancelled"


def test_all_matching_collects_every_page_of_waiting_items(connected, upstream, manager):
    page_one = ok(
        [sheet("ts-1"), sheet("ts-2", status="approved")],
        pagination={"total": 3, "per_page": 2, "current_page": 1, "last_page": 2},
    )
    page_two = ok(
        [sheet("ts-3")], pagination={"total": 3, "per_page": 2, "current_page": 2, "last_page": 2}
    )
    upstream.route(
        "GET", "/timesheets", lambda r: (page_one if r.url.params["page"] == "1" else page_two)(r)
    )
    upstream.route("PUT", "/timesheets/ts-1/approve", APPROVED)
    upstream.route("PUT", "/timesheets/ts-3/approve", APPROVED)
    job = make_job(manager, collect_kind="timesheet", collect_filters={"user_id": 9})
    assert set(run(job)) == {"ts-1", "ts-3"}
    assert job.items.get(target_id="ts-1").label.startswith("Ada Lovelace · ")


def test_a_broken_connection_fails_what_is_left_with_the_reason(connected, upstream, manager):
    connected.mark_broken("Token revoked")
    results = run(make_job(manager, "ts-1"))
    assert results["ts-1"][0] == "failed" and "Reconnect WebWork" in results["ts-1"][1]


def test_the_job_page_shows_progress_and_polls_while_running(connected_client, manager, settings):
    settings.WEBWORK_RATE_PER_MINUTE = 60
    job = make_job(
        manager,
        "ts-1",
        "ts-2",
        status="running",
        runner="r",
        lease_until=timezone.now() + timedelta(minutes=1),
    )
    BulkItem.objects.filter(target_id="ts-1").update(status="done", message="Timesheet approved")
    html = connected_client.get(f"/approvals/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-bar" max="2" value="1">' in html
    assert 'hx-trigger="every 1s"' in html and "Cancel the job" in html
    assert "about 1 s" in html and "at 58 a minute" in html  # 59 calls in each 60.5 s
    partial = connected_client.get(f"/approvals/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<section id="progress"')


def test_a_finished_job_stops_polling_and_offers_to_retry_the_failed(connected_client, manager):
    job = make_job(manager, "ts-1", status="finished")
    BulkItem.objects.update(status="failed", message="Service unavailable")
    html = connected_client.get(f"/approvals/jobs/{job.pk}/").content.decode()
    assert "every 1s" not in html and "Retry the 1 failed" in html
    response = connected_client.post(f"/approvals/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "queued" and job.items.get().status == "pending"
    assert DBTaskResult.objects.count() == 1


def test_a_stale_job_is_queued_again_when_its_page_is_seen(connected_client, manager):
    job = make_job(
        manager,
        "ts-1",
        status="running",
        runner="dead",
        lease_until=timezone.now() - timedelta(seconds=5),
    )
    connected_client.get(f"/approvals/jobs/{job.pk}/", headers=HTMX)
    connected_client.get(f"/approvals/jobs/{job.pk}/", headers=HTMX)
    assert DBTaskResult.objects.count() == 1


def test_resume_jobs_queues_the_interrupted_jobs_once_and_leaves_live_ones(manager):
    from django.core.management import call_command

    dead = timezone.now() - timedelta(seconds=5)
    live = timezone.now() + timedelta(minutes=1)
    make_job(manager, "ts-1", status="running", runner="dead", lease_until=dead)
    make_job(manager, "ts-2", status="running", runner="alive", lease_until=live)
    make_job(manager, "ts-3", status="finished")
    call_command("resume_jobs", stdout=io.StringIO())
    call_command("resume_jobs", stdout=io.StringIO())
    assert DBTaskResult.objects.count() == 1


def test_cancel_from_the_page(connected_client, manager):
    job = make_job(
        manager,
        "ts-1",
        status="running",
        runner="r",
        lease_until=timezone.now() + timedelta(minutes=1),
    )
    html = connected_client.post(f"/approvals/jobs/{job.pk}/cancel/", headers=HTMX).content.decode()
    assert "Stopping after the current item" in html


def test_another_users_job_is_not_found(connected_client, outsider):
    job = make_job(outsider, "ts-1")
    assert connected_client.get(f"/approvals/jobs/{job.pk}/").status_code == 404
