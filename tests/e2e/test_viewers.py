"""In Chromium against the sandbox: invite a client, give two projects, archive, restore."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def owner_page(owner_page):
    owner_page.set_viewport_size({"width": 1280, "height": 900})
    return owner_page


def viewer_in_sandbox(sandbox, email: str) -> dict:
    with sandbox.api() as api:
        listed = api.get("project-viewers", params={"workspace_id": 1, "email": email}).json()
    return listed["data"][0]


def test_invite_assign_two_projects_archive_and_restore(
    owner_page, live_server, sandbox, screenshot
):
    page = owner_page
    page.goto(live_server.url + "/viewers/")
    expect(page.get_by_role("heading", name="Client viewers")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Clara Client"))).to_be_visible()
    screenshot("viewers")

    page.get_by_role("link", name="Invite a viewer").first.click()
    dialog = page.get_by_role("dialog", name="Invite a client viewer")
    expect(dialog).to_be_visible()
    dialog.get_by_label("E-mail").fill("not an e-mail")
    dialog.get_by_label("First name").fill("Dana")
    dialog.get_by_label("Last name").fill("Delgado")
    screenshot("viewers-invite")
    dialog.get_by_label("E-mail").fill("dana@client.test")
    dialog.get_by_role("button", name="Send invitation").click()
    expect(
        page.get_by_role("status").filter(has_text="Project viewer created successfully")
    ).to_be_visible()
    expect(dialog).to_be_hidden()
    row = page.get_by_role("row", name=re.compile("Dana Delgado"))
    expect(row).to_be_visible()

    row.get_by_role("link", name="Dana Delgado", exact=True).click()
    expect(page.get_by_role("heading", name="Dana Delgado", level=1)).to_be_visible()
    page.get_by_label("Find a project").fill("mobile")
    expect(page.get_by_label("Website Redesign")).to_be_hidden()
    page.get_by_label("Mobile App (iOS & Android)").check()
    expect(page.locator("#access-502")).to_contain_text("Project assigned to viewer successfully")
    page.get_by_label("Find a project").fill("")
    expect(page.get_by_label("Website Redesign")).to_be_visible()  # the search is cleared
    page.get_by_label("Website Redesign").check()
    expect(page.locator("#access-501")).to_contain_text("Project assigned to viewer successfully")
    expect(page.get_by_label("Website Redesign")).to_be_focused()
    assigned = {p["project_id"] for p in viewer_in_sandbox(sandbox, "dana@client.test")["projects"]}
    assert assigned == {501, 502}
    page.reload()
    expect(page.get_by_role("cell", name="viewer.assign_project").first).to_be_visible()
    screenshot("viewer-detail")

    page.goto(live_server.url + "/viewers/?q=dana")
    page.once("dialog", lambda confirm: confirm.accept())
    page.get_by_role("link", name="Archive Dana Delgado").click()
    row = page.get_by_role("row", name=re.compile("Dana Delgado"))
    expect(row.get_by_text("Archived")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Archived Dana Delgado")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="deleted")).to_have_count(0)
    assert viewer_in_sandbox(sandbox, "dana@client.test")["status"] == "inactive"
    tabs = page.get_by_role("navigation", name="Viewer status")
    expect(tabs.get_by_role("link", name=re.compile("Archived"))).to_have_text(
        re.compile(r"Archived\s+1")
    )
    expect(tabs.get_by_role("link", name=re.compile("Active"))).to_have_text(
        re.compile(r"Active\s+0")
    )

    page.get_by_role("link", name=re.compile("Archived")).click()
    expect(page).to_have_url(re.compile("status=archived"))
    page.get_by_role("button", name="Restore Dana Delgado").click()
    expect(row.get_by_text("Active")).to_be_visible()
    expect(page.get_by_role("button", name="Restore Dana Delgado")).to_have_count(0)
    assert viewer_in_sandbox(sandbox, "dana@client.test")["status"] == "active"


def test_the_access_review_gives_access_from_a_cell(owner_page, live_server, sandbox, screenshot):
    page = owner_page
    page.goto(live_server.url + "/viewers/access/")
    expect(page.get_by_role("heading", name="Access review")).to_be_visible()
    screenshot("viewers-access")
    cell = page.get_by_role("button", name="Ann Auditor sees Website Redesign")
    expect(cell).to_have_attribute("aria-pressed", "false")
    cell.click()
    expect(page.get_by_role("button", name="Ann Auditor sees Website Redesign")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#matrix-status")).to_contain_text(
        "Project assigned to viewer successfully"
    )
    assert 501 in {
        p["project_id"] for p in viewer_in_sandbox(sandbox, "auditor@brand.test")["projects"]
    }

    page.get_by_label("Project").select_option(label="Website Redesign")
    expect(page.locator(".matrix-summary")).to_contain_text("can see Website Redesign")
    expect(page).to_have_url(re.compile(r"project=501"))
