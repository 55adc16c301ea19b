"""Bulk jobs against the real sandbox process: faults, retries, and no item applied twice."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from dashboard.accounts.connecting import establish
from dashboard.approvals import jobs
from dashboard.approvals.models import BulkItem, BulkJob
from dashboard.audit.models import AuditEntry
from dashboard.webwork.oauth import TokenSet

pytestmark = pytest.mark.django_db

FAST = 6000  # requests a minute: the test is about correctness; the benchmark measures pace


@pytest.fixture
def live(settings, sandbox, manager):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    sandbox.set_rate_limit(FAST)
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    return sandbox


def create_requests(sandbox, count: int) -> list[str]:
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    workspace = sandbox.workspace_id("Acme Studio")
    ids = []
    with sandbox.api("owner@acme.test") as api:
        for n in range(count):
            begin = start + timedelta(hours=n)
            body = {
                "workspace_id": workspace,
                "user_id": 104,
                "start": begin.isoformat(),
                "end": (begin + timedelta(minutes=30)).isoformat(),
                "notes": f"Bulk test {n}",
            }
            response = api.post("time-requests", params={"workspace_id": workspace}, json=body)
            response.raise_for_status()
            ids.append(response.json()["data"]["id"])
    return ids


def test_a_job_of_200_under_faults_accounts_for_every_item_and_a_retry_finishes(live, manager):
    ids = create_requests(live, 200)
    job = BulkJob.objects.create(
        user=manager, workspace_id=live.workspace_id(), workspace_name="Acme", action="approve"
    )
    BulkItem.objects.bulk_create(
        BulkItem(job=job, position=n, kind="time_request", target_id=i, label=f"Request {n}")
        for n, i in enumerate(ids)
    )
    live.clear_calls()
    live.set_faults(
        {"kind": "error", "status": 503, "rate": 0.05, "method": "POST"},
        {"kind": "timeout", "after_ms": 150, "then": "drop", "rate": 0.05, "method": "POST"},
        {"kind": "rate_limit", "retry_after": 1, "rate": 0.01, "method": "POST"},
        seed=6,
    )
    sleeps: list[float] = []
    jobs.Runner(job, sleep=sleeps.append).run()

    first = Counter(job.items.values_list("status", flat=True))
    assert first["done"] + first["failed"] == 200 and 0 < first["failed"] < 60
    assert all(m for m in job.items.filter(status="failed").values_list("message", flat=True))
    assert not job.items.filter(message__icontains="slow down").exists()  # no 429 surfaced

    live.clear_faults()
    assert jobs.retry_failed(job) == first["failed"]
    jobs.Runner(job, sleep=sleeps.append).run()
    job.refresh_from_db()
    assert job.status == "finished"
    assert set(job.items.values_list("status", flat=True)) == {"done"}

    approvals = [
        c["path"].split("/")[-2]
        for c in live.calls(method="POST")
        if c["path"].endswith("/approve") and c["status"] == 200
    ]
    assert Counter(approvals) == Counter(ids)  # each applied exactly once
    with live.api("owner@acme.test") as api:
        for request_id in ids[:5] + ids[-5:]:
            found = api.get(
                f"time-requests/{request_id}", params={"workspace_id": job.workspace_id}
            )
            assert found.json()["data"]["status"] == "approved"
    outcomes = Counter(
        AuditEntry.objects.filter(job_id=str(job.pk)).values_list("outcome", flat=True)
    )
    assert outcomes["ok"] == 200 and outcomes["failed"] == first["failed"]


def test_selected_items_under_heavier_faults_are_named_by_webwork_and_applied_once(live, manager):
    ids = create_requests(live, 200)
    job = BulkJob.objects.create(
        user=manager, workspace_id=live.workspace_id(), workspace_name="Acme", action="approve"
    )
    BulkItem.objects.bulk_create(
        BulkItem(
            job=job,
            position=n,
            kind="time_request",
            target_id=i,
            label="Made up",
            label_from_request=True,
        )
        for n, i in enumerate(ids)
    )
    live.clear_calls()
    live.set_faults(
        {"kind": "error", "status": 503, "rate": 0.10},
        {"kind": "timeout", "after_ms": 150, "then": "drop", "rate": 0.05, "method": "POST"},
        {"kind": "rate_limit", "retry_after": 1, "rate": 0.05},
        seed=11,
    )
    sleeps: list[float] = []
    jobs.Runner(job, sleep=sleeps.append).run()
    live.clear_faults()
    for _ in range(3):  # failed items were read, not applied: retry them without faults
        if jobs.retry_failed(job):
            jobs.Runner(job, sleep=sleeps.append).run()
    job.refresh_from_db()
    assert set(job.items.values_list("status", flat=True)) == {"done"}
    approvals = [
        c["path"].split("/")[-2]
        for c in live.calls(method="POST")
        if c["path"].endswith("/approve") and c["status"] == 200
    ]
    assert Counter(approvals) == Counter(ids)  # each applied exactly once
    labels = AuditEntry.objects.filter(job_id=str(job.pk)).values_list("target_label", flat=True)
    assert "Made up" not in set(labels) and all(labels)
