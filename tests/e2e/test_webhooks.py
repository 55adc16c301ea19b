"""The webhook settings page in Chromium against the sandbox: found in the navigation, registered
from the keyboard, the sandbox's delivery listed, no serious axe violation, and it fits a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def hooks_page(owner_page: Page, live_server, settings, sandbox) -> Page:
    settings.DASHBOARD_URL = live_server.url
    return owner_page


def serious(page: Page) -> list[str]:
    found = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in found
        if v["impact"] in {"serious", "critical"}
    ]


def test_register_from_the_keyboard_and_see_the_delivery(hooks_page: Page, live_server, sandbox):
    page = hooks_page
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()
    expect(page.get_by_text("Not registered")).to_be_visible()

    register = page.get_by_role("button", name="Register the webhook")
    register.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Registered the webhook")).to_be_visible()
    expect(page.get_by_role("link", name="Remove…")).to_be_visible()

    workspace = sandbox.workspace_id()
    with sandbox.api("owner@acme.test") as api:
        rows = api.get("members", params={"workspace_id": workspace, "per_page": 100})
        member = next(m for m in rows.json()["data"] if m["current_role"] == "Regular User")
        body = {"workspace_id": workspace, "weekly_hours_limit": 33}
        assert api.put(f"members/{member['id']}", json=body).status_code == 200

    row = page.get_by_role("row").filter(has_text="member.updated")
    for _ in range(50):  # the sandbox delivers after its commit, in its own thread
        page.reload()
        if row.count():
            break
        page.wait_for_timeout(100)
    expect(row).to_contain_text("Verified")
    assert serious(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_reads_well_and_fits_a_phone(hooks_page: Page, live_server, scheme):
    page = hooks_page
    page.emulate_media(color_scheme=scheme)
    for size in ({"width": 1280, "height": 800}, PHONE):
        page.set_viewport_size(size)
        for path in ("/settings/webhooks/", "/settings/webhooks/remove/"):
            page.goto(live_server.url + path)
            assert serious(page) == [], f"{path} at {size['width']} px"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"], f"{path} is {width} px wide"
    page.goto(live_server.url + "/settings/webhooks/")
    box = page.get_by_role("button", name="Register the webhook").bounding_box()
    assert box is not None and box["height"] >= 44
