"""Connecting another WebWork account than the one signed in at WebWork, against the sandbox."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from dashboard.accounts.connecting import establish
from dashboard.accounts.models import WebworkConnection
from dashboard.audit.models import AuditEntry
from dashboard.webwork.oauth import TokenSet
from tests.accounts.sandbox_pages import at_sandbox
from tests.oauth_flow import point_at_sandbox

pytestmark = pytest.mark.django_db(transaction=True)

CALLBACKS = ["http://testserver/connect/callback/", "http://localhost/connect/callback/"]


@pytest.fixture
def webwork(settings, sandbox):
    """The dashboard registered at the sandbox for both of its host names, with its sign-out."""
    point_at_sandbox(settings, sandbox, CALLBACKS[0])
    sandbox.register_client("dashboard-test", "dashboard-test-secret", CALLBACKS)
    settings.WEBWORK_LOGOUT_URL = f"{sandbox.url}/logout/"
    return sandbox


@pytest.fixture
def browser():
    """The manager's browser at the sandbox: it keeps the sandbox's cookies between pages."""
    with httpx.Client(timeout=30) as client:
        yield client


def _callback(client, url: str, host: str = "testserver"):
    parts = httpx.URL(url)
    assert parts.host == host
    return client.get(f"{parts.path}?{parts.query.decode()}", headers={"Host": host})


def test_a_manager_told_the_account_is_taken_connects_another_one_on_the_next_try(
    client, manager, outsider, webwork, browser
):
    establish(outsider, "token", TokenSet(webwork.token("owner@acme.test"), "", None, ""))
    client.force_login(manager)
    start = client.get("/connect/?method=oauth&next=/audit/")
    callback, _ = at_sandbox(browser, start["Location"], "owner@acme.test")

    failed = _callback(client, callback)
    assert failed.status_code == 409
    page = failed.content.decode()
    assert "The WebWork account Amelia Stone (owner@acme.test) is already connected" in page
    assert "ask outsider to disconnect it" in page
    assert AuditEntry.objects.filter(user=manager, outcome="failed").count() == 1

    another = re.search(r'<a class="button primary" href="([^"]+)">Use another', page)
    assert another, page
    switch = client.get(html.unescape(another.group(1)))
    assert switch["Location"].startswith(f"{webwork.url}/logout/?next=")
    callback, seen = at_sandbox(browser, switch["Location"], "exec@acme.test")
    assert seen == ["sign-in", "consent"]  # signed out at the sandbox, so it asked who

    done = _callback(client, callback)
    assert done["Location"] == "/audit/"
    connection = WebworkConnection.objects.get(user=manager)
    assert connection.workspace_role == "Executive manager"


def test_the_consent_page_lets_the_user_pick_another_account(client, manager, webwork, browser):
    client.force_login(manager)
    at_sandbox(browser, client.get("/connect/?method=oauth")["Location"], "lead@acme.test")
    consent = browser.get(client.get("/connect/?method=oauth")["Location"])  # still lead there
    link = re.search(r'<a href="([^"]+)">Not you\? Use another account</a>', consent.text)
    assert link, consent.text
    switch = consent.url.join(html.unescape(link.group(1)))
    callback, seen = at_sandbox(browser, str(switch), "exec@acme.test")
    assert seen == ["sign-in", "consent"]
    assert _callback(client, callback).status_code == 302
    assert WebworkConnection.objects.get(user=manager).workspace_role == "Executive manager"


def test_the_sandbox_sign_out_goes_back_only_to_its_own_pages(webwork, browser):
    offsite = browser.get(f"{webwork.url}/logout/?next=https://evil.example/oauth/authorize/")
    assert offsite.headers["location"] == "/login/"
    back = browser.get(f"{webwork.url}/logout/?next={webwork.url}/oauth/authorize/%3Fa%3D1")
    assert back.headers["location"] == "/login/?next=%2Foauth%2Fauthorize%2F%3Fa%3D1"


def test_a_manager_on_localhost_connects_through_the_localhost_callback(
    client, manager, webwork, browser
):
    client.force_login(manager)
    start = client.get("/connect/?method=oauth&next=/audit/", headers={"Host": "localhost"})
    callback, _ = at_sandbox(browser, start["Location"], "exec@acme.test")
    assert callback.startswith("http://localhost/connect/callback/?")
    assert _callback(client, callback, host="localhost")["Location"] == "/audit/"
    assert WebworkConnection.objects.get(user=manager).kind == "oauth"
