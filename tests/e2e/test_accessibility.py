"""axe-core over every page of the dashboard, light and dark, on a desktop and on a phone.

A violation of impact ``serious`` or ``critical`` on any page fails the test; the message names
the page, the rule and the first elements it found. axe runs through ``page.evaluate``, which the
page's CSP does not govern, so the CSP stays on here as everywhere else.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
SERIOUS = {"serious", "critical"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
REPORT_KINDS = (
    "tracked-hours",
    "daily-timeline",
    "activity-level",
    "task-report",
    "activity-descriptions",
    "daily-attendance",
)
SIGNED_IN_PAGES = (
    "/",
    "/approvals/timesheets/",
    "/approvals/leaves/",
    "/approvals/time-requests/",
    "/approvals/missing/",
    "/approvals/missing/template/",
    "/viewers/",
    "/viewers/new/",
    "/viewers/access/",
    "/assignments/",
    "/members/",
    "/projects/",
    "/projects/501/",
    "/projects/501/tasks/",
    "/expenses/",
    "/reports/",
    *(f"/reports/{kind}/" for kind in REPORT_KINDS),
    "/audit/",
    "/notifications/",
    "/connect/",
    "/workspace/",
    "/no-such-page/",
)


@pytest.fixture
def webwork(settings, sandbox):
    # Every report kind in one test: the rate budget is raised so the reports are not paced.
    settings.WEBWORK_RATE_PER_MINUTE = 600
    sandbox.set_rate_limit(600)
    return sandbox


def _a_viewer_id(sandbox) -> int:
    with sandbox.api() as api:
        params = {"workspace_id": sandbox.workspace_id()}
        return api.get("project-viewers", params=params).json()["data"][0]["id"]


def _serious(page: Page, path: str) -> list[str]:
    """The page's serious and critical violations, once nothing on it is loading any more."""
    expect(page.locator("[aria-busy='true']")).to_have_count(0, timeout=20_000)
    found = AXE.run(page).response["violations"]
    return [
        f"{path}: {v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in found
        if v["impact"] in SERIOUS
    ]


def _bulk_bar_shown(page: Page) -> None:
    """The timesheets list with a row ticked, so that the bulk bar and its buttons are live."""
    waiting = page.locator("tbody.sheet").filter(has=page.locator("input[type=checkbox]:enabled"))
    waiting.first.locator("input[type=checkbox]").check()
    waiting.first.locator("summary", has_text="Reject…").click()


@pytest.mark.console_allows("status of 404")  # the 404 page, on purpose
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_no_page_has_a_serious_accessibility_violation(
    owner_page, live_server, webwork, scheme, viewport
):
    page = owner_page
    page.set_viewport_size(VIEWPORTS[viewport])
    page.emulate_media(color_scheme=scheme)
    paths = [*SIGNED_IN_PAGES, f"/viewers/{_a_viewer_id(webwork)}/"]
    problems: list[str] = []
    for path in paths:
        page.goto(live_server.url + path)
        problems += _serious(page, path)

    page.goto(live_server.url + "/approvals/timesheets/")
    _bulk_bar_shown(page)
    problems += _serious(page, "/approvals/timesheets/ with a row ticked")

    page.get_by_role("button", name="Sign out").click()
    for path in ("/accounts/login/", "/no-such-page/"):
        page.goto(live_server.url + path)
        problems += _serious(page, f"{path} (signed out)")
    assert not problems, "\n".join(problems)
