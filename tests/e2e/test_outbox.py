"""The outbox page in a browser: axe finds nothing serious, light and dark, on a desktop and a
phone; at 390 px it does not scroll sideways, and the caught mail opens with the keyboard."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from dashboard.outbox.models import Message
from tests.e2e.test_accessibility import VIEWPORTS, _serious

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outbox(settings, tmp_path, manager):
    User.objects.filter(pk=manager.pk).update(is_staff=True)
    Message.objects.create(
        recipient="amelia.stone@acme.test",
        subject="3 timesheets wait for you",
        text="3 timesheets wait for you.",
        purpose="digest",
        status="sent",
        attempts=1,
    )
    Message.objects.create(
        recipient="someone-with-a-very-long-address.for-the-phone@subdomain.acme.test",
        subject="Your timesheet for the week of 23 November is not submitted",
        text="Please submit it.",
        purpose="reminder",
        status="queued",
        attempts=2,
        last_error="450 4.2.0 Mailbox busy, try again in a little while please",
    )
    settings.MAIL_SINK_DIR = str(tmp_path / "mail")
    caught = EmailMessage()
    caught["From"] = "WebWork dashboard <dashboard@localhost>"
    caught["To"] = "amelia.stone@acme.test"
    caught["Subject"] = "3 timesheets wait for you"
    caught.set_content("3 timesheets wait for you, the oldest since Monday.\n" + "word " * 200)
    mailbox.Maildir(settings.MAIL_SINK_DIR).add(caught)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_outbox_has_no_serious_accessibility_violation(
    owner_page, live_server, outbox, scheme, viewport, screenshot
):
    page = owner_page
    page.set_viewport_size(VIEWPORTS[viewport])
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + "/outbox/")
    expect(page.get_by_role("heading", level=1, name="Outbox")).to_be_visible()
    page.locator("details.caught-mail summary").first.click()
    if (viewport, scheme) == ("desktop", "light"):
        screenshot("outbox")
    assert not _serious(page, f"/outbox/ ({viewport}, {scheme})")


def test_the_outbox_fits_a_phone_and_opens_caught_mail_by_keyboard(
    owner_page, live_server, outbox, screenshot
):
    page = owner_page
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(live_server.url + "/outbox/")
    expect(page.get_by_text("450 4.2.0 Mailbox busy")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    summary = page.locator("details.caught-mail summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("the oldest since Monday")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    screenshot("outbox-phone")
