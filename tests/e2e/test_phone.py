"""On a 390 by 844 px touch screen against the sandbox: decisions from every approval list, and no
list that scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LISTS = (
    "/",
    "/approvals/timesheets/",
    "/approvals/leaves/",
    "/approvals/time-requests/",
    "/approvals/missing/",
    "/viewers/",
    "/viewers/access/",
    "/assignments/",
    "/members/",
    "/projects/",
    "/projects/501/tasks/",
    "/expenses/",
    "/audit/",
    "/notifications/",
    "/reports/daily-timeline/",
    "/reports/activity-descriptions/",
)
KINDS = [
    ("/approvals/timesheets/", "timesheets", "timesheet-", "Reason"),
    ("/approvals/leaves/", "leaves", "leave-", "Reason"),
    ("/approvals/time-requests/", "time-requests", "time_request-", "Comment"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "has_touch": True}


def status_of(sandbox, path: str, item_id: str) -> str:
    with sandbox.api("owner@acme.test") as api:
        params = {"workspace_id": sandbox.workspace_id(), "id": item_id}
        return api.get(path, params=params).json()["data"][0]["status"]


def assert_no_sideways_scroll(page: Page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width} px wide in a {inner} px window"


def assert_on_screen(control: Locator) -> None:
    """The control needs no sideways scroll, shows once scrolled to, and is a 44 px target."""
    control.scroll_into_view_if_needed()
    expect(control).to_be_in_viewport()
    box = control.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["height"] >= 44, box


def waiting_rows(page: Page) -> Locator:
    approve = page.get_by_role("button", name=re.compile("^Approve "))
    return page.locator("[data-row]").filter(has=approve)


@pytest.mark.parametrize(("path", "upstream", "prefix", "reason"), KINDS)
def test_a_manager_approves_and_rejects_from_each_list_on_a_phone(
    owner_page, live_server, sandbox, screenshot, path, upstream, prefix, reason
):
    page = owner_page
    page.goto(live_server.url + path)
    rows = waiting_rows(page)
    expect(rows.first).to_be_visible()
    first, second = (rows.nth(n).get_attribute("id") or "" for n in (0, 1))
    assert_no_sideways_scroll(page)
    screenshot(f"phone-{upstream}")

    row = page.locator(f"#{first}")
    approve = row.get_by_role("button", name=re.compile("^Approve "))
    assert_on_screen(approve)
    assert_on_screen(row.locator("summary", has_text="Reject…"))
    approve.click()
    expect(row.get_by_role("status")).to_contain_text("approved")
    assert_no_sideways_scroll(page)

    row = page.locator(f"#{second}")
    opener = row.locator("summary", has_text="Reject…")
    assert_on_screen(opener)
    opener.click()
    row.get_by_label(reason).fill("Please add the missing day")
    reject = row.get_by_role("button", name=re.compile("^Reject "))
    assert_on_screen(reject)
    assert_no_sideways_scroll(page)
    reject.click()
    expect(row.get_by_role("status")).to_contain_text("rejected")
    assert_no_sideways_scroll(page)

    assert status_of(sandbox, upstream, first.removeprefix(prefix)) == "approved"
    assert status_of(sandbox, upstream, second.removeprefix(prefix)) == "rejected"


def test_the_first_waiting_item_is_on_the_inbox_s_first_screen(owner_page, live_server, screenshot):
    page = owner_page
    page.goto(live_server.url + "/")
    first = waiting_rows(page).first
    expect(first.get_by_role("button", name=re.compile("^Approve "))).to_be_in_viewport()
    expect(page.get_by_text("Keyboard shortcuts")).to_be_hidden()  # a touch screen has no keys
    screenshot("phone-inbox")


def test_filters_fold_behind_one_button(owner_page, live_server):
    page = owner_page
    page.goto(live_server.url + "/approvals/timesheets/")
    status = page.get_by_label("Status")
    expect(status).to_be_hidden()
    page.get_by_text("Filters", exact=True).click()
    expect(status).to_be_visible()
    status.select_option("approved")
    expect(page).to_have_url(re.compile(r"status=approved"))


def test_filters_that_need_fixing_stay_unfolded_with_their_reasons(owner_page, live_server):
    page = owner_page
    page.goto(live_server.url + "/approvals/timesheets/?status=bogus&date_from=2026-13-01")
    expect(page.get_by_text("Filters: 2 to fix", exact=True)).to_be_visible()
    expect(page.get_by_text("Enter a valid date.")).to_be_visible()
    expect(page.get_by_label("Status")).to_be_visible()


def test_no_list_scrolls_sideways_at_390_px(owner_page, live_server, settings, sandbox, screenshot):
    settings.WEBWORK_RATE_PER_MINUTE = 600  # the two reports in one test, unpaced
    sandbox.set_rate_limit(600)
    page = owner_page
    too_wide = {}
    for path in LISTS:
        page.goto(live_server.url + path)
        expect(page.locator("[aria-busy='true']")).to_have_count(0, timeout=20_000)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
        if path == "/viewers/":
            screenshot("phone-viewers")
    assert not too_wide
