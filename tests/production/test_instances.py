"""Two dashboard server processes, one PostgreSQL, one Redis, one sandbox: what must hold."""

from __future__ import annotations

import threading
import time
from collections import Counter

import httpx
import pytest
from django.conf import settings

from dashboard.accounts.models import WebworkConnection
from tests.oauth_flow import connect_with_oauth, point_at_sandbox
from tests.production.conftest import (
    requires_shared_services,
    start_instances,
    start_workers,
)

pytestmark = [requires_shared_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def webwork(settings, sandbox):
    return point_at_sandbox(settings, sandbox, "http://testserver/connect/callback/")


def session_of(client) -> dict[str, str]:
    """The test client's session cookie: sessions live in the shared database."""
    name = settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


def _hammer(instances, cookies, path: str, count: int) -> list[int]:
    """``count`` concurrent page views spread over the instances; answers their statuses."""
    statuses: list[int] = []
    start = threading.Barrier(count)

    def view(url: str) -> None:
        with httpx.Client(base_url=url, cookies=cookies, timeout=60) as browser:
            start.wait()
            statuses.append(browser.get(path).status_code)

    threads = [
        threading.Thread(target=view, args=(instances[n % len(instances)].url,))
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_an_expired_token_is_refreshed_once_across_two_instances(
    manager_client, manager, webwork, tmp_path, settings
):
    settings.WEBWORK_RATE_PER_MINUTE = 600
    webwork.set_rate_limit(600)
    connect_with_oauth(manager_client)
    webwork.expire_token(email="owner@acme.test", kind="access")
    with start_instances(webwork, tmp_path, env={"WEBWORK_RATE_PER_MINUTE": "600"}) as instances:
        cookies = session_of(manager_client)
        statuses = _hammer(instances, cookies, "/workspace/", 20)
        logs = "".join(instance.output() for instance in instances)
    assert statuses == [200] * 20
    assert logs.count("refreshed the WebWork token") == 1
    assert WebworkConnection.objects.get(user=manager).status == "ok"


def test_two_instances_share_one_request_budget(manager_client, manager, webwork, tmp_path):
    manager_client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    with start_instances(webwork, tmp_path) as instances:
        cookies = session_of(manager_client)
        # Three times the burst, at once, across both instances, with a fresh cache each time.
        statuses = _hammer(instances, cookies, "/workspace/", 30)
    upstream = [call["status"] for call in webwork.calls()]
    assert 429 not in upstream  # paced before the upstream had to refuse anything
    assert statuses.count(200) >= 10
    assert set(statuses) <= {200, 503}  # the rest were told to wait, by us


def _submitted_timesheets(webwork, count: int) -> list[str]:
    with webwork.api("owner@acme.test") as api:
        answer = api.get(
            "timesheets",
            params={
                "workspace_id": webwork.workspace_id(),
                "status": "submitted",
                "per_page": count,
            },
        )
    return [row["id"] for row in answer.json()["data"]]


def _bulk_job(manager, workspace_id: int, ids: list[str]):
    from dashboard.approvals.models import BulkItem, BulkJob

    job = BulkJob.objects.create(
        user=manager, workspace_id=workspace_id, workspace_name="Acme Studio", action="approve"
    )
    BulkItem.objects.bulk_create(
        BulkItem(job=job, position=n, kind="timesheet", target_id=i, label=i)
        for n, i in enumerate(ids)
    )
    return job


def _wait_until_settled(job, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            return
        time.sleep(0.5)
    raise AssertionError(f"job still {job.status} after {seconds} s")


def test_a_job_is_picked_up_once_while_pages_share_its_budget(
    manager_client, manager, webwork, tmp_path
):
    from dashboard.approvals.tasks import run_bulk_job

    manager_client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    ids = _submitted_timesheets(webwork, 12)
    job = _bulk_job(manager, webwork.workspace_id(), ids)
    webwork.clear_calls()
    with start_instances(webwork, tmp_path) as instances, start_workers(webwork, tmp_path):
        cookies = session_of(manager_client)
        run_bulk_job.enqueue(str(job.pk))
        run_bulk_job.enqueue(str(job.pk))  # queued twice: still applied once
        pages: list[int] = []
        deadline = time.monotonic() + 120
        while job.is_active and time.monotonic() < deadline:
            pages += _hammer(instances, cookies, "/workspace/", 2)
            time.sleep(1)
            job.refresh_from_db()
        _wait_until_settled(job)
    calls = webwork.calls()
    approvals = Counter(c["path"] for c in calls if c["path"].endswith("/approve"))
    assert job.status == "finished"
    outcomes = list(job.items.values_list("status", "message"))
    assert [status for status, _ in outcomes] == ["done"] * len(ids), outcomes
    assert len(approvals) == len(ids) and set(approvals.values()) == {1}
    assert 429 not in [c["status"] for c in calls]
    assert pages and set(pages) <= {200, 503}


def test_a_write_on_one_instance_is_seen_at_once_on_the_other(
    manager_client, manager, webwork, tmp_path
):
    manager_client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    first = _submitted_timesheets(webwork, 1)[0]
    with start_instances(webwork, tmp_path) as (one, two):
        cookies = session_of(manager_client)
        with httpx.Client(base_url=one.url, cookies=cookies, timeout=60) as browser:
            assert first in browser.get("/approvals/timesheets/").text  # now cached
        with httpx.Client(base_url=two.url, cookies=cookies, timeout=60) as browser:
            page = browser.get("/approvals/timesheets/")
            token = page.cookies.get(settings.CSRF_COOKIE_NAME) or browser.cookies.get(
                settings.CSRF_COOKIE_NAME
            )
            decided = browser.post(
                f"/approvals/timesheets/{first}/approve/",
                headers={"X-CSRFToken": token, "Referer": f"{two.url}/"},
            )
            assert decided.status_code in (200, 302), decided.text
        with httpx.Client(base_url=one.url, cookies=cookies, timeout=60) as browser:
            assert first not in browser.get("/approvals/timesheets/").text
