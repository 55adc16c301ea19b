"""Approving, rejecting and reopening in Chromium against the sandbox, row by row."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def status_of(sandbox, path: str, item_id: str) -> str:
    with sandbox.api("owner@acme.test") as api:
        params = {"workspace_id": sandbox.workspace_id(), "id": item_id}
        return api.get(path, params=params).json()["data"][0]["status"]


def row_ids(page, selector: str, count: int) -> list[str]:
    rows = page.locator(selector)
    return [rows.nth(n).get_attribute("id").split("-", 1)[1] for n in range(count)]


def test_a_manager_approves_rejects_and_reopens_timesheets(
    owner_page, live_server, sandbox, screenshot
):
    page = owner_page
    page.goto(live_server.url + "/approvals/timesheets/")
    expect(page.get_by_role("heading", name="Timesheets", level=1)).to_be_visible()
    first, second, third = row_ids(page, "tbody.sheet", 3)

    row = page.locator(f"#timesheet-{first}")
    row.get_by_role("button", name="Days").click()
    expect(row.locator(".breakdown")).to_be_visible()
    screenshot("approvals-timesheets")
    row.get_by_role("button", name="Approve").click()
    expect(row.get_by_role("status")).to_contain_text("Timesheet approved successfully")

    row = page.locator(f"#timesheet-{second}")
    row.locator("summary", has_text="Reject…").click()
    row.get_by_label("Reason").fill("Friday is missing")
    row.get_by_role("button", name="Reject", exact=False).last.click()
    expect(row.get_by_role("status")).to_contain_text("Timesheet rejected successfully")

    row = page.locator(f"#timesheet-{third}")
    row.get_by_role("button", name="Reopen").click()
    expect(row.get_by_role("status")).to_contain_text("unsubmitted")

    assert status_of(sandbox, "timesheets", first) == "approved"
    assert status_of(sandbox, "timesheets", second) == "rejected"
    assert status_of(sandbox, "timesheets", third) == "pending"


def test_a_manager_approves_a_leave_and_a_time_request(
    owner_page, live_server, sandbox, screenshot
):
    page = owner_page
    page.goto(live_server.url + "/approvals/leaves/")
    rows = page.locator("tr[data-row]")
    expect(rows.first).to_be_visible()
    # A request in this year's policy shows the balance; one in another year says where it is
    # counted (near a year's end every pending request may be next year's).
    balanced = rows.filter(has_text=re.compile(r"-?\d+ (days|hours)"))
    row = balanced.first if balanced.count() else rows.first
    expect(row).to_contain_text(re.compile(r"-?\d+ (days|hours)|Counted in \d{4}"))
    leave_id = (row.get_attribute("id") or "").removeprefix("leave-")
    screenshot("approvals-leaves")
    page.locator(f"#leave-{leave_id}").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#leave-{leave_id}").get_by_role("status")).to_contain_text("approved")

    page.goto(live_server.url + "/approvals/time-requests/")
    request_id = (
        page.locator("tr[data-row]").first.get_attribute("id").removeprefix("time_request-")
    )
    screenshot("approvals-time-requests")
    page.locator(f"#time_request-{request_id}").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#time_request-{request_id}").get_by_role("status")).to_contain_text(
        "approved"
    )

    assert status_of(sandbox, "leaves", leave_id) == "approved"
    assert status_of(sandbox, "time-requests", request_id) == "approved"


def contrast(page, selector: str) -> float:
    """The WCAG contrast ratio of an element's text against its own background."""
    return page.evaluate(
        """selector => {
          const style = getComputedStyle(document.querySelector(selector));
          const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
          const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        selector,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_bulk_reject_button_is_readable_in_both_themes(owner_page, live_server, scheme):
    page = owner_page
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + "/approvals/timesheets/")
    assert contrast(page, "#bulk-form .button.danger") >= 4.5
