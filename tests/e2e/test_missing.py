"""The chase list in Chromium: remind two members, find them in the outbox, submit a third's
timesheet on their behalf and watch the job finish (a real task worker, the sandbox)."""

from __future__ import annotations

import threading

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from tests.approvals.missing_world import World, name_of

pytestmark = pytest.mark.django_db(transaction=True)

FAST = 6000


@pytest.fixture
def worker():
    """The ``db_worker`` loop in a thread, on the test database (bulk jobs, outbox delivery)."""
    loop = Worker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e-missing-worker",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    yield loop
    loop.running = False
    thread.join(timeout=10)


@pytest.fixture
def world(owner_page, settings, sandbox, manager):
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    sandbox.set_rate_limit(FAST)
    manager.is_staff = True  # the outbox page is for staff
    manager.save()
    found = World(sandbox)
    yield found
    found.close()


def test_remind_two_then_submit_for_a_third(owner_page, live_server, world, worker, screenshot):
    first, second, third = world.submitted_members(3)
    for member in (first, second, third):
        world.unsubmit(member)
    page = owner_page
    page.goto(live_server.url + "/approvals/missing/")
    expect(page.get_by_role("heading", name=f"Week of {world.week.label}")).to_be_visible()
    page.get_by_label(f"Select {name_of(first)}", exact=True).check()
    page.get_by_label(f"Select {name_of(second)}", exact=True).check()
    expect(page.locator("[data-selected-count]")).to_have_text("2")
    screenshot("approvals-missing")
    page.get_by_role("button", name="Remind selected").click()
    expect(page.locator("#messages")).to_contain_text("Reminded 2 members about")

    page.goto(live_server.url + "/outbox/")
    for member in (first, second):
        expect(page.get_by_text(member["email"]).first).to_be_visible()

    page.goto(live_server.url + "/approvals/missing/")
    row = page.locator(f"#missing-{first['id']}")
    expect(row).to_contain_text("by manager")
    page.get_by_label(f"Select {name_of(third)}", exact=True).check()
    page.get_by_role("button", name="Submit on their behalf").click()
    expect(page.get_by_role("heading", name="Submit in bulk")).to_be_visible()
    expect(page.locator("#job-bar")).to_have_attribute("value", "1", timeout=30_000)
    expect(page.locator("#progress")).to_contain_text("Finished")
    expect(page.locator("#progress")).to_contain_text(name_of(third))
    sheet = world.get("timesheets", id=third["sheet"]["id"])[0]
    assert sheet["status"] == "submitted"
