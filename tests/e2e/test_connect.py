"""A manager connects their WebWork account through the real OAuth2 flow, in Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from dashboard.accounts.connecting import establish
from dashboard.webwork.oauth import TokenSet
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


@pytest.mark.console_allows("status of 400")  # the page saying access was not granted
def test_a_manager_who_cancels_at_webwork_is_told_so(signed_in, live_server, webwork):
    page = signed_in
    page.goto(live_server.url + "/connect/")
    page.get_by_role("link", name="Connect with WebWork").click()
    page.get_by_label("Email").fill("owner@acme.test")
    page.get_by_label("Password").fill("sandbox")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alert")).to_contain_text("WebWork did not grant access")


@pytest.fixture
def both_hosts(settings, sandbox, live_server):
    """The dashboard registered as the demo registers it: on localhost and 127.0.0.1 alike."""
    port = urlsplit(live_server.url).port
    callbacks = [f"http://{host}:{port}/connect/callback/" for host in ("localhost", "127.0.0.1")]
    point_at_sandbox(settings, sandbox, callbacks[0], client_id="dashboard-e2e")
    sandbox.register_client("dashboard-e2e", "dashboard-e2e-secret", callbacks)
    settings.WEBWORK_LOGOUT_URL = f"{sandbox.url}/logout/"
    return port


def _sign_in_to_the_dashboard(page: Page, base: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _sign_in_at_the_sandbox(page: Page, email: str) -> None:
    expect(page.get_by_role("heading", name="Sign in to WebWork")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("sandbox")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible()
    page.get_by_role("button", name="Authorize").click()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_a_manager_connects_through_the_sandboxs_sign_in_and_consent_from_either_host(
    page, manager, both_hosts, host
):
    base = f"http://{host}:{both_hosts}"
    _sign_in_to_the_dashboard(page, base)
    page.goto(base + "/connect/")
    page.get_by_role("link", name="Connect with WebWork").click()
    _sign_in_at_the_sandbox(page, "exec@acme.test")

    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Connected to WebWork.")).to_be_visible()
    assert page.url.startswith(base + "/")


@pytest.mark.console_allows("status of 409")  # the page saying the account is taken
def test_a_manager_whose_account_is_taken_is_told_whose_and_connects_another(
    page, manager, outsider, both_hosts, sandbox
):
    establish(outsider, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    base = f"http://localhost:{both_hosts}"
    _sign_in_to_the_dashboard(page, base)
    page.goto(base + "/connect/")
    page.get_by_role("link", name="Connect with WebWork").click()
    _sign_in_at_the_sandbox(page, "owner@acme.test")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The WebWork account Amelia Stone (owner@acme.test)")
    expect(alert).to_contain_text("ask outsider to disconnect it")
    page.get_by_role("link", name="Use another WebWork account").click()
    _sign_in_at_the_sandbox(page, "exec@acme.test")

    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    assert page.url.startswith(base + "/")
