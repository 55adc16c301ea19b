"""Reviewing the inbox by keyboard alone, in Chromium against the sandbox."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def current_id(page) -> str:
    return page.evaluate("document.activeElement.closest('[data-row]').id")


def moved_on_from(page, previous: str) -> str:
    """The row focus moved to once the decision on ``previous`` has settled."""
    page.wait_for_function(
        "id => document.activeElement.closest('[data-row]')?.id !== id", arg=previous
    )
    return current_id(page)


def test_three_inbox_items_are_reviewed_by_keyboard_alone(
    owner_page, live_server, sandbox, screenshot
):
    page = owner_page
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(page.locator("#inbox [data-row]").first).to_be_visible()
    screenshot("inbox")

    page.keyboard.press("?")
    expect(page.locator(".keys-panel")).to_be_visible()
    screenshot("inbox-keys")
    page.keyboard.press("?")

    page.keyboard.press("j")
    first = current_id(page)
    page.keyboard.press("a")
    expect(page.locator(f"#{first}")).to_have_attribute("data-decided", "")
    expect(page.locator(f"#{first} [role=status]")).to_contain_text("approved")
    second = moved_on_from(page, first)  # focus moves on to the next waiting item

    page.keyboard.press("r")
    page.keyboard.type("Please split this by project")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{second}")).to_have_attribute("data-decided", "")
    expect(page.locator(f"#{second} [role=status]")).to_contain_text("rejected")
    third = moved_on_from(page, second)

    page.keyboard.press("x")
    expect(page.locator(f"#{third} [data-key-select]")).to_be_checked()
    page.keyboard.press("a")
    expect(page.locator(f"#{third}")).to_have_attribute("data-decided", "")
    expect(page.locator("#key-announcer")).not_to_be_empty()

    kinds = {"timesheet": "timesheets", "leave": "leaves", "time_request": "time-requests"}
    expected = {first: "approved", second: "rejected", third: "approved"}
    with sandbox.api("owner@acme.test") as api:
        for dom_id, status in expected.items():
            _, kind, item_id = dom_id.split("-", 2)
            params = {"workspace_id": sandbox.workspace_id(), "id": item_id}
            assert api.get(kinds[kind], params=params).json()["data"][0]["status"] == status
