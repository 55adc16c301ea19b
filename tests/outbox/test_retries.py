"""Backoff, the cap on attempts, leases, and refusals of the message itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dashboard.audit.models import AuditEntry
from dashboard.outbox import delivery
from dashboard.outbox.mail import enqueue
from dashboard.outbox.models import Message

pytestmark = pytest.mark.django_db


def queue(**extra) -> Message:
    values = {"to": "lead@example.test", "subject": "Reminder", "text": "Submit your timesheet."}
    return enqueue(**(values | {"purpose": "reminder"} | extra))


def make_due(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_the_waits_double_from_one_minute():
    waits = [delivery.backoff(n) for n in range(1, 6)]
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]


def test_a_message_refused_for_now_gives_up_after_six_attempts(smtp):
    smtp.refuse_rcpt = "451 4.3.0 Try again later"
    message = queue()
    waits = []
    for _ in range(delivery.MAX_ATTEMPTS):
        make_due(message)
        before = timezone.now()
        delivery.deliver_due()
        message.refresh_from_db()
        if message.status == "queued":
            waits.append(round((message.next_attempt_at - before).total_seconds() / 60))
    assert message.status == "failed" and message.attempts == 6
    assert message.last_error == "451 4.3.0 Try again later"
    assert waits == [1, 2, 4, 8, 16]
    make_due(message)
    assert delivery.deliver_due() == 0
    assert AuditEntry.objects.filter(action="outbox.email", outcome="failed").count() == 6


def test_a_message_refused_at_data_with_5xx_fails_at_once(smtp):
    smtp.refuse_data = "554 5.6.0 Message content rejected"
    message = queue()
    delivery.deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error == "554 5.6.0 Message content rejected"


def test_a_message_refused_at_data_with_4xx_is_tried_again(smtp):
    smtp.refuse_data = "452 4.3.1 Insufficient system storage"
    message = queue()
    delivery.deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    smtp.refuse_data = ""
    make_due(message)
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.status == "sent" and len(smtp.received) == 1


def test_one_refusal_does_not_stop_the_rest_of_a_batch(smtp):
    refused = queue(to="gone@example.test")
    kept = queue(to="lead@example.test")
    smtp.refuse_rcpt = ""

    async def refuse_one(server, session, envelope, address, options):
        if address == "gone@example.test":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp.handle_RCPT = refuse_one  # type: ignore[method-assign]
    assert delivery.deliver_due() == 2
    refused.refresh_from_db()
    kept.refresh_from_db()
    assert (refused.status, kept.status) == ("failed", "sent")
    assert [rcpt for _, rcpt in smtp.envelopes] == [["lead@example.test"]]


def test_a_message_whose_worker_died_mid_send_is_sent_once_its_lease_runs_out(smtp):
    message = queue()
    stale = timezone.now() - timedelta(seconds=1)
    Message.objects.filter(pk=message.pk).update(
        status="sending", claimed_by="dead-worker", lease_until=stale
    )
    assert delivery.deliver_due() == 1
    message.refresh_from_db()
    assert message.status == "sent" and len(smtp.received) == 1


def test_a_message_under_a_live_lease_is_left_alone(smtp):
    message = queue()
    Message.objects.filter(pk=message.pk).update(
        status="sending", claimed_by="busy-worker", lease_until=timezone.now() + delivery.LEASE
    )
    assert delivery.deliver_due() == 0
    assert smtp.received == []


def test_a_worker_that_lost_its_lease_does_not_overwrite_the_new_holder(smtp):
    message = queue()
    (mine,) = delivery.claim()
    # The lease ran out and another worker took the message over.
    Message.objects.filter(pk=message.pk).update(claimed_by="other", lease_until=timezone.now())
    delivery.send(mine)
    message.refresh_from_db()
    assert message.status == "sending" and message.claimed_by == "other"
    entry = AuditEntry.objects.get(action="outbox.email")
    assert entry.summary["lease"] == "ran out during the attempt"


def test_a_claimed_message_is_not_claimed_again():
    queue()
    assert len(delivery.claim()) == 1
    assert delivery.claim() == []


def test_queueing_starts_a_delivery_once_the_transaction_commits(
    smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    task = DBTaskResult.objects.get()
    assert task.task_path == "dashboard.outbox.tasks.deliver_outbox"
    task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])  # as the worker does
    message.refresh_from_db()
    assert message.status == "sent"
    assert [rcpt for _, rcpt in smtp.envelopes] == [["lead@example.test"]]


def test_settled_messages_are_deleted_after_thirty_days():
    from dashboard.outbox.schedules import prune

    old_sent, old_queued, recent = queue(), queue(), queue()
    Message.objects.filter(pk=old_sent.pk).update(status="sent")
    Message.objects.filter(pk=recent.pk).update(status="failed")
    month_ago = timezone.now() - timedelta(days=31)
    Message.objects.filter(pk__in=[old_sent.pk, old_queued.pk]).update(created_at=month_ago)
    prune(timezone.now())
    assert set(Message.objects.values_list("pk", flat=True)) == {old_queued.pk, recent.pk}
