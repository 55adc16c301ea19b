"""In Chromium against the sandbox: create a contract, edit it, pause it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def contract_in_sandbox(sandbox, user_id: int, project_id: int) -> dict:
    with sandbox.api() as api:
        params = {"workspace_id": 1, "user_id": user_id, "project_id": project_id}
        return api.get("contracts", params=params).json()["data"][0]


@pytest.fixture
def roomy_budget(settings, sandbox):
    """Clicks faster than a person: a budget of 600 a minute, so pacing stays out of the way
    (pacing itself is tested in tests/webwork and measured in bench/)."""
    settings.WEBWORK_RATE_PER_MINUTE = 600
    sandbox.set_rate_limit(600)


def test_create_edit_and_pause_a_contract(
    owner_page,
    live_server,
    sandbox,
    screenshot,
    roomy_budget,
):
    page = owner_page
    page.goto(live_server.url + "/assignments/")
    expect(page.get_by_role("heading", name="Project assignments")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Marcus Webb")).first).to_be_visible()
    screenshot("assignments")

    page.get_by_role("link", name="Put a member on a project").first.click()
    page.get_by_role("combobox", name="Member").select_option(label="Zoë Müller")
    page.get_by_role("combobox", name="Project").select_option(label="Website Redesign")
    page.get_by_label("Custom rate").check()
    page.get_by_label("Custom hourly rate").fill("45")
    page.get_by_label("Weekly hours limit").fill("30")
    page.get_by_role("combobox", name="Screenshot mode").select_option(label="Blurred screenshots")
    screenshot("assignment-form")
    page.get_by_role("button", name="Create the contract").click()
    expect(
        page.get_by_role("status").filter(has_text="Contract created successfully")
    ).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Zoë Müller"))
    expect(row).to_contain_text("30 h")
    expect(row).to_contain_text("45.00")

    page.get_by_role("link", name="Edit Zoë Müller on Website Redesign").click()
    page.get_by_label("Weekly hours limit").fill("25")
    page.get_by_role("button", name="Save changes").click()
    expect(
        page.get_by_role("status").filter(has_text="Contract updated successfully")
    ).to_be_visible()
    expect(row).to_contain_text("25 h")

    row.get_by_role("button", name="Pause Zoë Müller on Website Redesign").click()
    expect(row.get_by_text("Paused")).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Paused Zoë Müller on Website Redesign")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Resume Zoë Müller on Website Redesign")).to_be_focused()
    stored = contract_in_sandbox(sandbox, 114, 501)
    assert (stored["status"], stored["weekly_hours_limit"], stored["rate"]) == ("paused", 25, 45.0)
    assert stored["screenshots"] == "blurred"
