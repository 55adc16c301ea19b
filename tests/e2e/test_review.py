"""Review pages in Chromium against the sandbox: from a flagged inbox row to a decision by
keyboard and back to the next row; every review page fits a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def inbox_ids(page) -> list[str]:
    return page.eval_on_selector_all("#inbox [data-row]", "rows => rows.map(r => r.id)")


def test_a_flagged_timesheet_is_reviewed_and_approved_by_keyboard(
    owner_page, live_server, sandbox, screenshot
):
    page = owner_page
    page.goto(live_server.url + "/")
    flagged = page.locator("#inbox [data-row][data-kind=timesheet]:has(.flag-over-limit)").first
    expect(flagged).to_be_visible()
    opened = flagged.get_attribute("id")
    order = inbox_ids(page)
    expected_next = order[order.index(opened) + 1]

    flagged.focus()
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(r"/approvals/timesheets/[^/]+/\?next="))
    expect(page.get_by_role("heading", name=re.compile("^Timesheet of"), level=1)).to_be_visible()
    explained = page.locator(".explained li.flag-over-limit").first
    expect(explained).to_be_visible()  # the numbers behind the flag
    expect(explained).to_contain_text(re.compile(r"\d+ h( \d+ m)? tracked against a \d+ h limit"))
    first_day = page.locator("details.review-day summary").first
    first_day.click()  # a day's entries are read when it is opened
    entries = page.locator("details.review-day[open] table.entries tbody tr")
    expect(entries.first).to_be_visible()
    expect(page.locator("details.review-day[open] summary")).to_be_focused()
    expect(entries.first.locator("th time").first).to_have_text(re.compile(r"^\d\d:\d\d$"))
    screenshot("review-timesheet")

    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(rf"/\?row={opened}#{opened}$"))
    expect(page.locator(f"#{opened}")).to_have_count(0)  # approved: no longer waiting
    expect(page.locator(f"#{expected_next}")).to_be_focused()
    expect(page.locator(f"#{expected_next}")).to_have_class(re.compile("is-current"))

    _, _, sheet_id = opened.split("-", 2)
    with sandbox.api("owner@acme.test") as api:
        params = {"workspace_id": sandbox.workspace_id(), "id": sheet_id}
        assert api.get("timesheets", params=params).json()["data"][0]["status"] == "approved"


def test_going_back_from_a_review_returns_to_the_same_row(owner_page, live_server):
    page = owner_page
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(live_server.url + "/")
    rows = page.locator("#inbox [data-row]")
    expect(rows.first).to_be_visible()
    row = rows.nth(min(5, rows.count() - 1))
    opened = row.get_attribute("id")
    row.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    row.locator("[data-review-link]").click()
    expect(page.locator("[data-key-back]")).to_be_visible()
    page.wait_for_load_state()  # the keys are the review's deferred script's
    page.keyboard.press("b")
    # The inbox is read again on the way back: a busy machine may take a while.
    expect(page.locator(f"#{opened}")).to_be_focused(timeout=20_000)
    assert abs(page.evaluate("window.scrollY") - scrolled) < 2


@pytest.mark.parametrize("kind", ["timesheet", "leave", "time_request"])
def test_each_review_page_fits_a_phone(owner_page, live_server, kind, screenshot):
    page = owner_page
    page.goto(live_server.url + "/?show=all")  # every row read, not only the oldest 50
    link = page.locator(f"#inbox [data-row][data-kind={kind}] [data-review-link]").first
    expect(link).to_be_attached()
    href = link.get_attribute("href")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + href)
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(f"review-{kind.replace('_', '-')}-phone")
