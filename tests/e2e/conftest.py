"""Browser tests: Playwright drives Debian's Chromium against live servers."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.accounts.connecting import establish
from dashboard.webwork.oauth import TokenSet

# Playwright's sync API keeps an event loop running in this thread; Django's ORM calls made by
# fixtures from here on are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _no_console_errors(request):
    """Any error in the browser console, or an uncaught script error, fails the test.

    A test that provokes an error on purpose names it: ``@pytest.mark.console_allows("status
    of 400")`` lets console errors containing that text through.
    """
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    allowed = [text for mark in request.node.iter_markers("console_allows") for text in mark.args]
    errors: list[str] = []

    def seen(text: str) -> None:
        if not any(part in text for part in allowed):
            errors.append(text)

    page.on("console", lambda message: seen(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: seen(f"uncaught: {exc}"))
    yield
    assert not errors, f"console errors: {errors}"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def screenshot(page):
    """Save a screenshot of the current page under docs/screenshots/ (only when asked to)."""

    def take(name: str) -> None:
        if os.environ.get("SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            # caret="initial": hiding the caret takes an inline style, which the CSP refuses.
            page.screenshot(path=SCREENSHOTS / f"{name}.png", caret="initial")

    return take


@pytest.fixture
def signed_in(page, live_server, manager):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))  # signed in before moving on
    return page


@pytest.fixture
def owner_page(settings, sandbox, manager, signed_in):
    """Signed in to the dashboard, connected to the sandbox as the owner of Acme Studio."""
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    return signed_in
