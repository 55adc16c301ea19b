"""Reviewing the inbox by keyboard alone, in Chromium against the sandbox."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def current_id(page) -> str:
    return page.evaluate("document.activeElement.closest('[data-row]').id")


def moved_on_from(page, previous: str) -> str:
    """The row focus moved to once the decision on ``previous`` has settled.

    While htmx swaps the decided row in, focus is briefly on no row at all.
    """
    page.wait_for_function(
        "id => { const row = document.activeElement.closest('[data-row]');"
        " return row !== null && row.id !== id; }",
        arg=previous,
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


def column_edges(page) -> list[tuple[float, float]]:
    return page.evaluate(
        "[...document.querySelectorAll('table.inbox thead th')]"
        ".map(th => { const r = th.getBoundingClientRect(); return [r.x, r.width]; })"
    )


def test_opening_the_reason_form_leaves_the_columns_where_they_are(owner_page, live_server):
    page = owner_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    row = page.locator("#inbox [data-row]").first
    expect(row).to_be_visible()
    before = column_edges(page)
    row.locator("summary", has_text="Reject…").click()
    expect(row.locator(".reject-form input[name=reason]")).to_be_visible()
    assert column_edges(page) == before


def test_a_regular_user_reads_the_inbox_without_decisions(
    settings, sandbox, manager, signed_in, live_server
):
    from dashboard.accounts.connecting import establish
    from dashboard.webwork.oauth import TokenSet

    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("freelancer@example.test"), "", None, ""))
    page = signed_in
    page.goto(live_server.url + "/workspace/")
    page.get_by_label("Acme Studio", exact=False).check()
    page.get_by_role("button", name="Use this workspace").click()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(page.locator("#inbox-summary")).to_contain_text("by an Owner or Executive manager")
    expect(page.get_by_role("note")).to_contain_text("Read only")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(page.locator("#bulk-form")).to_have_count(0)


def test_more_brings_the_rest_and_the_keys_go_on_through_them(owner_page, live_server):
    page = owner_page
    page.goto(live_server.url + "/")
    rows = page.locator("#inbox [data-row]")
    expect(rows).to_have_count(50)
    more = page.get_by_role("link", name="Show the other")
    total = 50 + int(more.inner_text().split()[3])
    more.click()
    expect(rows).to_have_count(total)
    expect(page.locator("#inbox-more")).to_have_count(0)
    fifty_first = rows.nth(50).get_attribute("id")
    expect(page.locator(f"#{fifty_first}")).to_be_focused()
    page.keyboard.press("j")
    assert current_id(page) == rows.nth(51).get_attribute("id")
    page.keyboard.press("x")
    expect(rows.nth(51).locator("[data-key-select]")).to_be_checked()
    expect(page.locator("[data-selected-count]").first).to_have_text("1")


def test_a_bulk_decision_with_nothing_selected_says_so_on_the_page(owner_page, live_server):
    page = owner_page
    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")  # the deferred script is in
    bar = page.locator("#bulk-form")
    bar.get_by_role("button", name="Approve…").click()
    expect(bar.get_by_role("alert")).to_contain_text("Select at least one item first")
    assert page.url.rstrip("/") == live_server.url  # no page of its own
    expect(page.locator("#inbox [data-key-select]").first).to_be_focused()
    page.keyboard.press("Space")  # ticking a box clears it
    expect(bar.get_by_role("alert")).to_be_hidden()
