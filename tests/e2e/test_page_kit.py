"""What every page shares, in Chromium: notices that go by themselves, focus after paging."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_success_notice_goes_by_itself_and_an_error_stays(owner_page, live_server):
    page = owner_page
    page.clock.install()
    page.goto(live_server.url + "/workspace/")
    page.get_by_role("button", name="Use this workspace").click()
    notice = page.locator("#messages .banner-success")
    expect(notice).to_contain_text("Now working in")
    # The notice is in the document before its deferred script has run.
    page.wait_for_load_state()
    page.evaluate("window.dashboard.showBanner('That did not work', 'Nothing was changed.')")
    error = page.locator("#messages .banner-error")
    page.clock.run_for(5_000)
    expect(notice).to_have_count(1)
    page.clock.run_for(4_000)
    expect(notice).to_have_count(0)
    expect(error).to_have_count(1)


def test_a_notice_stays_while_it_is_pointed_at(owner_page, live_server):
    page = owner_page
    page.clock.install()
    page.goto(live_server.url + "/workspace/")
    page.get_by_role("button", name="Use this workspace").click()
    notice = page.locator("#messages .banner-success")
    notice.hover()
    page.clock.run_for(20_000)
    expect(notice).to_have_count(1)


def test_the_next_page_by_keyboard_puts_focus_on_the_list(owner_page, live_server):
    page = owner_page
    page.goto(live_server.url + "/approvals/timesheets/?status=approved")
    next_page = page.get_by_role("link", name="Next page")
    next_page.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Page 2 of")).to_be_visible()
    focused_in_list = "document.activeElement.closest('#results') !== null"
    page.wait_for_function(focused_in_list)
    assert page.evaluate("document.activeElement.tagName") != "BODY"
