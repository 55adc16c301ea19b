"""From the sandbox to a real SMTP server: the digest and the alert as a manager receives them,
and ``manage.py send_digest``."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dashboard.audit.models import AuditEntry
from dashboard.notifications import notify
from dashboard.outbox import delivery
from dashboard.outbox.models import Message

pytestmark = pytest.mark.django_db

NOW = timezone.now()
REVIEW = re.compile(
    r"https://dashboard\.example\.test/approvals/(timesheets|leaves|time-requests)/[\w-]+/"
)


def test_the_digest_arrives_at_the_manager_s_address_with_review_links(
    live, manager, subscribe, smtp
):
    subscribe(digest_hour=0, time_zone="Pacific/Auckland")
    assert notify.run(NOW)[manager.pk].digest == "sent"
    assert delivery.deliver_due() == 1

    [(_sender, recipients)] = smtp.envelopes
    assert recipients == ["manager@example.test"]
    [mail] = smtp.received
    assert mail["To"] == "manager@example.test"
    assert "waiting for your decision (Acme Studio)" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    links = {m.group(0) for m in REVIEW.finditer(text)}
    assert {m.group(1) for m in REVIEW.finditer(text)} == {
        "timesheets",
        "leaves",
        "time-requests",
    }
    assert all(link in html for link in links)
    assert "Times are in Pacific/Auckland." in text
    assert "https://dashboard.example.test/notifications/" in text
    assert "wwpat_" not in text + html and "token" not in text.casefold()
    assert not re.search(r"/(approve|reject)/?\b", text + html)  # no link decides anything


def test_the_alert_arrives_once(live, manager, subscribe, smtp):
    subscribe(digest_enabled=False, alert_after_hours=48)
    notify.run(NOW)
    notify.run(NOW)
    delivery.deliver_due()
    [mail] = smtp.received
    assert "waited longer than 48 hours" in mail["Subject"]
    assert REVIEW.search(mail.get_body(("plain",)).get_content())


def test_send_digest_dry_run_prints_it_and_queues_nothing(live, manager, subscribe):
    subscribe(digest_enabled=False)
    out = StringIO()
    call_command("send_digest", "--user", "manager", "--dry-run", stdout=out)
    printed = out.getvalue()
    assert "To: manager@example.test" in printed and "Subject: " in printed
    assert REVIEW.search(printed) and "(dry run: nothing was queued)" in printed
    assert not Message.objects.exists()
    assert not AuditEntry.objects.filter(action="notifications.digest").exists()


def test_send_digest_queues_one_now_whatever_the_hour(live, manager, smtp):
    out = StringIO()
    call_command("send_digest", "--user", "manager", stdout=out)
    assert "Queued the digest to manager@example.test" in out.getvalue()
    delivery.deliver_due()
    assert [recipients for _, recipients in smtp.envelopes] == [["manager@example.test"]]
    entry = AuditEntry.objects.get(action="notifications.digest")
    assert entry.summary["on_demand"] is True and entry.outcome == "ok"


def test_send_digest_refuses_an_unknown_user_and_one_without_an_address(live, manager):
    with pytest.raises(CommandError, match="no dashboard user"):
        call_command("send_digest", "--user", "nobody")
    manager.email = ""
    manager.save()
    with pytest.raises(CommandError, match="no e-mail address"):
        call_command("send_digest", "--user", "manager")


def test_send_digest_for_a_user_without_a_connection_says_so(manager):
    with pytest.raises(CommandError, match="WebWork did not answer"):
        call_command("send_digest", "--user", "manager", "--dry-run")
