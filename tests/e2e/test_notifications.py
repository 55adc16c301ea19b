"""The notification settings page in Chromium: by keyboard alone, on a phone, and under axe."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from dashboard.notifications.models import NotificationSettings

pytestmark = pytest.mark.django_db(transaction=True)

HOOK = "https://hooks.chat.example/services/T1/B2/secretpartXyZ9"
PHONE = {"width": 390, "height": 844}


def serious(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in {"serious", "critical"}]


def test_a_manager_sets_a_digest_and_alerts_with_the_keyboard_alone(
    owner_page, live_server, manager, screenshot
):
    page = owner_page
    page.goto(live_server.url + "/approvals/timesheets/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", level=1, name="Notifications")).to_be_visible()
    expect(page.locator("#recipient")).to_contain_text("manager@example.test")

    page.get_by_label("Send me a daily digest").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Send it at")).to_be_focused()
    page.get_by_label("Send it at").select_option("07:00")
    page.get_by_label("Time zone").select_option("Pacific/Auckland")
    page.get_by_label(re.compile("Alert me when")).fill("0")
    page.get_by_label("Chat incoming webhook URL").fill("http://hooks.chat.example/x")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.get_by_text("Alert after 1 to 720 hours, or leave it empty.")).to_be_visible()
    expect(page.get_by_text("must start with https://")).to_be_visible()
    assert serious(page) == []
    assert not NotificationSettings.objects.filter(user=manager).exists()

    page.get_by_label(re.compile("Alert me when")).fill("36")
    page.get_by_label("Chat incoming webhook URL").fill(HOOK)
    page.get_by_label("Chat incoming webhook URL").press("Enter")
    expect(page.get_by_text("Notification settings saved.")).to_be_visible()
    expect(page.get_by_text("https://hooks.chat.example/…XyZ9")).to_be_visible()
    assert "secretpart" not in page.content()
    saved = NotificationSettings.objects.get(user=manager)
    assert (saved.digest_enabled, saved.digest_hour, saved.time_zone) == (
        True,
        7,
        "Pacific/Auckland",
    )
    assert saved.alert_after_hours == 36 and saved.chat_url == HOOK
    screenshot("notifications")


def test_the_page_fits_a_phone_and_its_controls_are_touch_sized(owner_page, live_server):
    page = owner_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/notifications/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    for control in (
        page.get_by_label("Send it at"),
        page.get_by_label("Time zone"),
        page.get_by_role("button", name="Save settings"),
    ):
        box = control.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 390
    assert serious(page) == []
