"""A manager connects their WebWork account through the real OAuth2 flow, in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.oauth_flow import point_at_sandbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def webwork(settings, sandbox, live_server):
    return point_at_sandbox(
        settings, sandbox, f"{live_server.url}/connect/callback/", client_id="dashboard-e2e"
    )


def test_a_manager_connects_with_webwork_and_sees_the_inbox(
    signed_in, live_server, webwork, screenshot
):
    page = signed_in
    page.get_by_role("link", name="Connect WebWork").click()
    expect(page.get_by_role("heading", name="Connect your WebWork account")).to_be_visible()
    screenshot("connect")
    page.get_by_role("link", name="Connect with WebWork").click()

    expect(page.get_by_role("heading", name="Sign in to WebWork")).to_be_visible()
    page.get_by_label("Email").fill("owner@acme.test")
    page.get_by_label("Password").fill("sandbox")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Authorize").click()

    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Connected to WebWork.")).to_be_visible()
    expect(page.get_by_role("link", name="Acme Studio")).to_be_visible()
    assert page.url.startswith(live_server.url)


def test_a_manager_who_cancels_at_webwork_is_told_so(signed_in, live_server, webwork):
    page = signed_in
    page.goto(live_server.url + "/connect/")
    page.get_by_role("link", name="Connect with WebWork").click()
    page.get_by_label("Email").fill("owner@acme.test")
    page.get_by_label("Password").fill("sandbox")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alert")).to_contain_text("WebWork did not grant access")
