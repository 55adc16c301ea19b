"""Bulk-approving 100 timesheets in Chromium, with a real task worker and the sandbox."""

from __future__ import annotations

import threading

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

FAST = 6000  # the budget is raised so that this finishes in seconds; bench/ measures the pace


@pytest.fixture
def worker():
    """The ``db_worker`` loop in a thread, on the test database."""
    loop = Worker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e-worker",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    yield loop
    loop.running = False
    thread.join(timeout=10)


@pytest.fixture
def owner_page(owner_page, settings, sandbox):
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    sandbox.set_rate_limit(FAST)
    return owner_page


def submitted(sandbox) -> int:
    with sandbox.api("owner@acme.test") as api:
        params = {"workspace_id": sandbox.workspace_id(), "status": "submitted", "per_page": 1}
        return api.get("timesheets", params=params).json()["meta"]["pagination"]["total"]


def test_bulk_approving_100_timesheets_moves_the_bar_to_100(
    owner_page, live_server, sandbox, worker, screenshot
):
    before = submitted(sandbox)
    page = owner_page
    page.goto(live_server.url + "/approvals/timesheets/?per_page=100")
    page.get_by_role("button", name="Select every row on this page").click()
    expect(page.locator("[data-selected-count]").first).to_have_text("100")
    page.get_by_role("button", name="Approve…").click()

    expect(page.get_by_role("heading", name="100 selected items")).to_be_visible()
    screenshot("approvals-bulk-preview")
    page.get_by_role("button", name="Start: approve 100").click()

    expect(page.get_by_role("heading", name="Approve in bulk")).to_be_visible()
    expect(page.locator("#job-bar")).to_have_attribute("value", "100", timeout=60_000)
    expect(page.locator("#progress")).to_contain_text("Finished")
    screenshot("approvals-bulk-job")
    assert submitted(sandbox) == before - 100
