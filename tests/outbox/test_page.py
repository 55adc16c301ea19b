"""The outbox page: staff only, filters in the URL, the htmx region, and the sink's catch."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage

import pytest
from django.contrib.auth.models import User

from dashboard.outbox.models import Message
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, db):
    staff = User.objects.create_user("ops", "ops@example.test", "ops-password", is_staff=True)
    client.force_login(staff)
    return client


def message(**fields) -> Message:
    values = {
        "recipient": "lead@example.test",
        "subject": "Waiting for you today",
        "text": "3 timesheets wait for you.",
        "purpose": "digest",
    }
    return Message.objects.create(**(values | fields))


def test_it_lists_every_message_with_its_state(staff_client):
    message(status="failed", attempts=1, last_error="550 5.1.1 No such user here")
    message(purpose="reminder", recipient="ada@example.test", subject="Your timesheet")
    html = staff_client.get("/outbox/").content.decode()
    assert "2 messages" in html
    assert "550 5.1.1 No such user here" in html
    assert "ada@example.test" in html and "Your timesheet" in html
    assert "3 timesheets wait" not in html  # bodies are not listed
    assert 'href="/outbox/"' in html  # the staff navigation


def test_it_filters_by_status_purpose_and_text(staff_client):
    message(status="sent")
    message(purpose="reminder", subject="Your timesheet")
    assert "1 message<" in staff_client.get("/outbox/?status=sent").content.decode()
    assert "Your timesheet" in staff_client.get("/outbox/?purpose=reminder").content.decode()
    html = staff_client.get("/outbox/?q=timesheet").content.decode()
    assert "1 message<" in html and "Your timesheet" in html


def test_bad_filters_are_ignored(staff_client):
    message()
    response = staff_client.get("/outbox/?status=nonsense&page=x&per_page=7")
    assert response.status_code == 200
    assert "1 message<" in response.content.decode()


def test_it_answers_the_results_region_for_htmx(staff_client):
    message()
    html = staff_client.get("/outbox/?status=queued", headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html


def test_it_pages_the_list(staff_client):
    for n in range(25):
        message(subject=f"Digest {n}")
    html = staff_client.get("/outbox/").content.decode()
    assert "Page 1 of 2" in html and "page=2" in html


def test_it_is_for_staff_only(manager_client):
    response = manager_client.get("/outbox/")
    assert response.status_code == 403
    assert 'href="/outbox/"' not in manager_client.get("/audit/").content.decode()


def test_it_shows_what_the_sink_caught(staff_client, settings, tmp_path):
    settings.MAIL_SINK_DIR = str(tmp_path / "mail")
    caught = EmailMessage()
    caught["From"] = "dashboard@example.test"
    caught["To"] = "lead@example.test"
    caught["Subject"] = "Waiting for you today"
    caught["X-Outbox-Purpose"] = "digest"
    caught.set_content("3 timesheets wait for you.\n<script>alert(1)</script>")
    caught.add_alternative("<p>3 timesheets</p>", subtype="html")
    mailbox.Maildir(settings.MAIL_SINK_DIR).add(caught)
    html = staff_client.get("/outbox/").content.decode()
    assert "Caught by the local mail sink" in html
    assert "3 timesheets wait for you." in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_a_sink_it_says_nothing_of_one(staff_client, settings):
    settings.MAIL_SINK_DIR = ""
    assert "local mail sink" not in staff_client.get("/outbox/").content.decode()
