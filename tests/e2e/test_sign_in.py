from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_signs_in_sees_the_inbox_and_signs_out(page, live_server, manager, screenshot):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/")
    screenshot("sign-in")

    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox")
    ).to_have_attribute("aria-current", "page")
    screenshot("inbox-not-connected")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert errors == []


def test_a_wrong_password_is_explained(page, live_server, manager):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct username and password"
    )


def test_audit_filters_update_the_url_and_the_table_without_a_reload(signed_in, live_server):
    page = signed_in
    page.goto(live_server.url + "/audit/")
    page.get_by_label("Outcome").select_option("failed")
    expect(page).to_have_url(
        live_server.url + "/audit/?q=&action=&outcome=failed&date_from=&date_to="
    )
    expect(page.locator("#results")).to_contain_text("No actions match these filters")


def test_the_layout_reads_on_a_phone(page, live_server, manager, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot("inbox-phone")
