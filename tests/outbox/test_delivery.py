"""Delivery through a real SMTP server: sent once, retried with backoff, refused for good."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dashboard.audit.models import AuditEntry
from dashboard.outbox import delivery
from dashboard.outbox.mail import enqueue
from dashboard.outbox.models import Message

pytestmark = pytest.mark.django_db


def queue_digest(**extra):
    values = {
        "to": "lead@example.test",
        "subject": "Waiting for you today",
        "text": "3 timesheets wait for you.",
        "html": "<p>3 timesheets wait for you.</p>",
        "purpose": "digest",
    }
    return enqueue(**(values | extra))


def make_due(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_a_queued_message_reaches_the_smtp_server_once(smtp, manager):
    message = queue_digest(user=manager, workspace_id=7)
    assert delivery.deliver_due() == 1
    assert delivery.deliver_due() == 0
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at
    assert [rcpt for _, rcpt in smtp.envelopes] == [["lead@example.test"]]
    caught = smtp.received[0]
    assert caught["Subject"] == "Waiting for you today"
    assert caught["To"] == "lead@example.test"
    assert caught.get_body(("plain",)).get_content().strip() == "3 timesheets wait for you."
    assert "<p>3 timesheets" in caught.get_body(("html",)).get_content()
    entry = AuditEntry.objects.get(action="outbox.email")
    assert entry.outcome == "ok" and entry.user == manager and entry.workspace_id == 7
    assert "timesheets wait" not in str(entry.summary) + entry.upstream_message


def test_the_same_key_twice_is_one_message(smtp):
    first = queue_digest(key="digest:user1:2026-12-01T09:00")
    second = queue_digest(key="digest:user1:2026-12-01T09:00", subject="Another")
    assert first.pk == second.pk
    delivery.deliver_due()
    third = queue_digest(key="digest:user1:2026-12-01T09:00")
    delivery.deliver_due()
    assert third.pk == first.pk
    assert len(smtp.received) == 1


def test_a_busy_mailbox_is_tried_again_later(smtp):
    smtp.refuse_rcpt = "450 4.2.0 Mailbox busy"
    message = queue_digest()
    before = timezone.now()
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 1
    assert message.last_error == "450 4.2.0 Mailbox busy"
    assert message.next_attempt_at >= before + timedelta(minutes=1)
    assert delivery.deliver_due() == 0  # not due yet
    smtp.refuse_rcpt = ""
    make_due(message)
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    assert len(smtp.received) == 1
    outcomes = list(AuditEntry.objects.order_by("id").values_list("outcome", "upstream_message"))
    assert outcomes == [("failed", "450 4.2.0 Mailbox busy"), ("ok", "")]


def test_a_refused_recipient_fails_at_once(smtp):
    smtp.refuse_rcpt = "550 5.1.1 No such user here"
    message = queue_digest()
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 1
    assert message.last_error == "550 5.1.1 No such user here"
    make_due(message)
    assert delivery.deliver_due() == 0
    assert smtp.received == []


def test_a_refused_connection_is_tried_again(no_smtp):
    message = queue_digest()
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 1
    assert message.last_error.startswith("ConnectionRefusedError")
