"""In Chromium against the sandbox: invite a member with a role, change it, offboard someone."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def screenshot(page):
    """As the shared fixture, but leaving the caret alone: hiding it makes Playwright add an
    inline style, which the CSP refuses (a console error that would fail the test)."""

    def take(name: str) -> None:
        if os.environ.get("SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}.png", caret="initial")

    return take


@pytest.fixture
def roomy_budget(settings, sandbox):
    """Clicks faster than a person: a budget of 600 a minute, so pacing stays out of the way."""
    settings.WEBWORK_RATE_PER_MINUTE = 600
    sandbox.set_rate_limit(600)


@pytest.fixture
def owner_page(owner_page, roomy_budget):
    owner_page.set_viewport_size({"width": 1280, "height": 900})
    return owner_page


def member_in_sandbox(sandbox, email: str) -> dict | None:
    with sandbox.api() as api:
        found = api.get("members", params={"workspace_id": 1, "email": email}).json()["data"]
    return found[0] if found else None


def waiting_in_sandbox(sandbox, path: str, user_id: int, status: str) -> list[dict]:
    with sandbox.api() as api:
        params = {"workspace_id": 1, "user_id": user_id, "status": status, "per_page": 100}
        return api.get(path, params=params).json()["data"]


def test_invite_a_member_with_a_role_and_change_it(owner_page, live_server, sandbox, screenshot):
    page = owner_page
    page.goto(live_server.url + "/members/?per_page=50")
    expect(page.get_by_role("heading", name="Members", level=1)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Zoë Müller"))).to_be_visible()
    screenshot("members")

    page.get_by_role("link", name="Invite a member").click()
    dialog = page.get_by_role("dialog", name="Invite a member")
    dialog.get_by_label("E-mail").fill("zoe@acme.test")
    dialog.get_by_label("First name").fill("Dana")
    dialog.get_by_label("Last name").fill("Delgado")
    dialog.get_by_label("Role").select_option("Team manager")
    dialog.get_by_role("button", name="Send invitation").click()
    expect(dialog.get_by_text("already has this e-mail in the workspace")).to_be_visible()
    screenshot("members-invite")
    dialog.get_by_label("E-mail").fill("dana@acme.test")
    dialog.get_by_role("button", name="Send invitation").click()
    expect(
        page.get_by_role("status").filter(has_text="Member invited successfully")
    ).to_be_visible()
    expect(dialog).to_be_hidden()
    row = page.get_by_role("row", name=re.compile("Dana Delgado"))
    expect(row).to_contain_text("Team manager")
    assert member_in_sandbox(sandbox, "dana@acme.test")["current_role"] == "Team manager"

    row.get_by_role("link", name="Change Dana Delgado").click()
    form = page.get_by_role("form", name=re.compile("Change Dana Delgado"))
    expect(form.get_by_label("Role")).to_be_focused()
    form.get_by_label("Role").select_option("Project manager")
    form.get_by_label("Weekly hours limit").fill("30")
    form.get_by_role("button", name="Save changes").click()
    expect(
        page.get_by_role("status").filter(has_text="Changed role and weekly limit of Dana Delgado")
    ).to_be_visible()
    expect(row).to_contain_text("Project manager")
    expect(row).to_contain_text("30 h")
    expect(row.get_by_role("link", name="Change Dana Delgado")).to_be_focused()
    changed = member_in_sandbox(sandbox, "dana@acme.test")
    assert (changed["current_role"], changed["weekly_hours_limit"]) == ("Project manager", 30)


def test_offboard_someone_with_waiting_items_to_the_end(
    owner_page, live_server, sandbox, screenshot
):
    page = owner_page
    sheets = waiting_in_sandbox(sandbox, "timesheets", 114, "submitted")
    leaves = waiting_in_sandbox(sandbox, "leaves", 114, "pending")
    assert sheets and leaves
    page.goto(live_server.url + "/members/?q=zo%C3%AB")
    page.get_by_role("link", name="Offboard Zoë Müller").click()
    expect(page.get_by_role("heading", name="Offboard Zoë Müller", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Step 1 of 3"))).to_be_visible()

    first_sheet = page.locator(".waiting-item").filter(has_text="Timesheet").first
    first_sheet.get_by_label("Approve", exact=True).check()
    leave = page.locator(".waiting-item").filter(has_text=leaves[0]["policy_name"]).first
    expect(leave.get_by_label("Reason for a rejection")).to_be_hidden()
    leave.get_by_label("Reject", exact=True).check()
    leave.get_by_label("Reason for a rejection").fill("Overlaps the handover week")
    screenshot("members-offboard")
    page.get_by_role("button", name="Send the decisions and continue").click()

    expect(page.get_by_role("heading", name=re.compile("Step 2 of 3"))).to_be_focused()
    page.get_by_text("What the earlier steps did").click()
    expect(page.locator(".earlier")).to_contain_text("Timesheet approved successfully")
    expect(page.locator(".earlier")).to_contain_text(leaves[0]["policy_name"])
    still = {s["id"] for s in waiting_in_sandbox(sandbox, "timesheets", 114, "submitted")}
    assert sheets[0]["id"] not in still and sheets[1]["id"] in still  # the others were left

    page.goto(live_server.url + "/members/?q=zo%C3%AB")  # it stopped here; the row says so
    row = page.get_by_role("row", name=re.compile("Zoë Müller"))
    expect(row).to_contain_text("Offboarding: step 2 of 3")
    row.get_by_role("link", name="Resume offboarding Zoë Müller").click()
    expect(page.get_by_role("heading", name=re.compile("Step 2 of 3"))).to_be_visible()

    page.get_by_role("button", name="Pause the ticked and continue").click()
    expect(page.get_by_role("heading", name=re.compile("Step 3 of 3"))).to_be_focused()
    page.get_by_role("button", name="Archive Zoë Müller").click()
    expect(page.get_by_role("heading", name="Offboarded Zoë Müller")).to_be_visible()
    expect(page.locator(".outcomes").last).to_contain_text("Member archived successfully")
    screenshot("members-offboarded")

    assert member_in_sandbox(sandbox, "zoe@acme.test") is None
    pending = {x["id"] for x in waiting_in_sandbox(sandbox, "leaves", 114, "pending")}
    assert leaves[0]["id"] not in pending
    with sandbox.api() as api:
        contracts = api.get("contracts", params={"workspace_id": 1, "user_id": 114}).json()["data"]
    assert contracts and all(c["status"] == "paused" for c in contracts)


def test_the_member_pages_fit_a_phone(owner_page, live_server, screenshot):
    page = owner_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/members/")
    expect(page.get_by_role("row", name=re.compile("Amelia Stone"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("members-phone")
    page.goto(live_server.url + "/members/114/offboard/")
    expect(page.get_by_role("heading", name=re.compile("Step 1 of 3"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("members-offboard-phone")
