"""The notifications job against the real sandbox: each digest once per local day, each item
alerted once, WebWork's failures tried again or given up, every message audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from dashboard.accounts.connecting import establish
from dashboard.audit.models import AuditEntry
from dashboard.notifications import notify, schedules, timing
from dashboard.notifications.models import NotificationSettings
from dashboard.outbox.models import Message
from dashboard.scheduling.jobs import registered
from dashboard.scheduling.runner import Scheduler
from dashboard.webwork.oauth import TokenSet

from .conftest import list_calls

pytestmark = pytest.mark.django_db

TODAY = timezone.now().astimezone(UTC).date()
MORNING = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=UTC)
HOOK = "https://hooks.chat.example/services/T1/B2/secretpartXyZ9"


def digests() -> list[Message]:
    return list(Message.objects.filter(purpose="digest", channel="email"))


def test_a_due_digest_is_queued_once_to_the_user_s_address_and_audited(live, manager, subscribe):
    prefs = subscribe(digest_hour=9)
    assert notify.run(MORNING)[manager.pk].digest == "sent"
    [message] = digests()
    assert message.recipient == "manager@example.test" and message.user == manager
    assert message.key == f"digest:{manager.pk}:{TODAY.isoformat()}"
    assert "waiting for your decision (Acme Studio)" in message.subject
    assert "https://dashboard.example.test/approvals/timesheets/" in message.text
    assert "https://dashboard.example.test/approvals/leaves/" in message.html
    entry = AuditEntry.objects.get(action="notifications.digest")
    assert entry.outcome == "ok" and entry.user == manager
    assert entry.summary["to"] == "manager@example.test"
    assert entry.summary["total"] == sum(
        entry.summary[kind] for kind in ("timesheet", "leave", "time_request")
    )
    assert entry.summary["workspaces"] == ["Acme Studio"] and entry.summary["chat"] is False
    prefs.refresh_from_db()
    assert prefs.digest_done_on == TODAY

    live.clear_calls()
    assert notify.run(MORNING + timedelta(minutes=5)) == {manager.pk: notify.Outcome()}
    assert notify.run(MORNING + timedelta(hours=10)) == {manager.pk: notify.Outcome()}
    assert len(digests()) == 1 and not list_calls(live)  # nothing is read when nothing is due


def test_two_workers_in_one_slot_queue_one_digest(live, manager, subscribe):
    subscribe(digest_hour=9)
    first = NotificationSettings.objects.get(user=manager)
    second = NotificationSettings.objects.get(user=manager)  # read before the first is done
    assert notify.notify(first, MORNING).digest == "sent"
    assert notify.notify(second, MORNING) == notify.Outcome()
    assert len(digests()) == 1


def test_before_its_local_hour_nothing_is_read_or_sent(live, manager, subscribe):
    subscribe(digest_hour=11)
    live.clear_calls()
    assert notify.run(MORNING) == {manager.pk: notify.Outcome()}
    assert not digests() and not list_calls(live)


def test_an_empty_digest_is_never_sent(settings, sandbox, manager, subscribe):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    # A team manager may decide nowhere: nothing waits for them.
    establish(manager, "token", TokenSet(sandbox.token("lead@acme.test"), "", None, ""))
    prefs = subscribe(digest_hour=0)
    assert notify.run(MORNING)[manager.pk].digest == "empty"
    assert not Message.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="notifications.").exists()
    prefs.refresh_from_db()
    assert prefs.digest_done_on == TODAY


def test_without_an_e_mail_address_nothing_is_read_or_sent(live, manager, subscribe):
    manager.email = ""
    manager.save()
    subscribe(digest_hour=0, alert_after_hours=1)
    live.clear_calls()
    assert notify.run(MORNING) == {manager.pk: notify.Outcome()}
    assert not Message.objects.exists() and not list_calls(live)


def test_the_chat_webhook_gets_the_digest_in_short(live, manager, subscribe):
    prefs = subscribe(digest_hour=0)
    prefs.set_chat_url(HOOK)
    prefs.save()
    notify.run(MORNING)
    post = Message.objects.get(channel="chat")
    assert post.recipient == "hooks.chat.example" and post.purpose == "digest"
    assert "waiting for your decision" in post.text and "secretpart" not in post.text
    entry = AuditEntry.objects.get(action="notifications.digest")
    assert entry.summary["chat"] is True and "secretpart" not in str(entry.summary)


def test_webwork_down_fails_the_try_and_the_digest_comes_on_a_later_one(live, manager, subscribe):
    prefs = subscribe(digest_hour=9)
    live.set_faults({"kind": "error", "status": 503, "path": "^/api/v2/(timesheets|leaves)"})
    assert notify.run(MORNING)[manager.pk].digest == "failed"
    failed = AuditEntry.objects.get(action="notifications.digest")
    assert failed.outcome == "failed" and "Trying again" in failed.upstream_message
    assert not digests()
    assert notify.run(MORNING + timedelta(minutes=10)) == {manager.pk: notify.Outcome()}

    live.clear_faults()
    later = MORNING + timing.RETRY_AFTER
    assert notify.run(later)[manager.pk].digest == "sent"
    [message] = digests()
    assert message.key == f"digest:{manager.pk}:{TODAY.isoformat()}"
    prefs.refresh_from_db()
    assert prefs.digest_done_on == TODAY and prefs.digest_tries == 1


def test_a_broken_connection_gives_the_day_up_and_says_to_reconnect(live, manager, subscribe):
    prefs = subscribe(digest_hour=9)
    live.revoke_token(email="owner@acme.test")
    assert notify.run(MORNING)[manager.pk].digest == "given up"
    entry = AuditEntry.objects.get(action="notifications.digest")
    assert entry.outcome == "failed" and "Reconnect WebWork" in entry.upstream_message
    prefs.refresh_from_db()
    assert prefs.digest_done_on == TODAY and not Message.objects.exists()


def create_time_request(sandbox, hours_ago: float = 0) -> str:
    start = timezone.now().replace(microsecond=0) - timedelta(days=3, hours=hours_ago)
    body = {
        "workspace_id": sandbox.workspace_id(),
        "user_id": 104,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=30)).isoformat(),
        "notes": "Alert test",
    }
    with sandbox.api("owner@acme.test") as api:
        response = api.post(
            "time-requests", params={"workspace_id": body["workspace_id"]}, json=body
        )
        response.raise_for_status()
        created = response.json()["data"]
        assert created["status"] == "pending"
        return created["id"]


def test_an_item_waiting_too_long_is_alerted_once_in_one_message_per_run(live, manager, subscribe):
    subscribe(digest_enabled=False, alert_after_hours=24)
    now = timezone.now()
    first = notify.run(now)[manager.pk]
    assert first.alerted > 0
    [alert] = Message.objects.filter(purpose="alert")
    assert alert.recipient == "manager@example.test"
    assert alert.key == f"alerts:{manager.pk}:{timing.alert_slot(now):%Y-%m-%dT%H:%M}"
    assert "waited longer than 24 hours" in alert.subject
    entry = AuditEntry.objects.get(action="notifications.alert")
    assert entry.summary["total"] == first.alerted and entry.summary["after_hours"] == 24

    # The same run again, and the next round: everything waiting was alerted already.
    assert notify.run(now).get(manager.pk) == notify.Outcome()
    assert notify.run(now + timing.ALERT_EVERY).get(manager.pk) == notify.Outcome()
    assert Message.objects.filter(purpose="alert").count() == 1

    # A new request is alerted on its own once it has waited longer than 24 hours.
    new = create_time_request(live)
    cache.clear()  # the lists read a moment ago are cached for half a minute
    assert notify.run(now + 2 * timing.ALERT_EVERY)[manager.pk].alerted == 0
    later = notify.run(now + timedelta(hours=25))[manager.pk]
    assert later.alerted == 1
    newest = Message.objects.filter(purpose="alert").first()
    assert newest is not None and f"/approvals/time-requests/{new}/" in newest.text
    assert Message.objects.filter(purpose="alert").count() == 2


def test_the_job_is_registered_and_a_scheduler_slot_runs_it(live, manager, subscribe):
    subscribe(digest_hour=9)
    [job] = [job for job in registered() if job.name == "notifications"]
    assert job.function is schedules.notifications
    assert timedelta(minutes=1) <= job.every <= timedelta(minutes=5)
    one = Scheduler(clock=lambda: MORNING, jobs=lambda: [job], identity="one")
    two = Scheduler(clock=lambda: MORNING, jobs=lambda: [job], identity="two")
    assert one.run_due() == ["notifications"] and two.run_due() == []
    assert len(digests()) == 1


def test_a_run_with_the_digest_and_alerts_due_reads_each_list_once(live, manager, subscribe):
    subscribe(digest_hour=9, alert_after_hours=24)
    live.clear_calls()
    outcome = notify.run(MORNING)[manager.pk]
    assert outcome.digest == "sent" and outcome.alerted > 0
    assert sorted(list_calls(live).values()) == [1, 1, 1]
    assert {m.purpose for m in Message.objects.all()} == {"digest", "alert"}


def test_around_midnight_utc_each_user_gets_the_digest_of_their_own_local_date(
    live, manager, outsider
):
    establish(outsider, "token", TokenSet(live.token("exec@acme.test"), "", None, ""))
    NotificationSettings.objects.create(
        user=manager, time_zone="Pacific/Auckland", digest_enabled=True, digest_hour=13
    )
    NotificationSettings.objects.create(
        user=outsider, time_zone="America/Los_Angeles", digest_enabled=True, digest_hour=16
    )
    before = datetime(2026, 1, 15, 23, 58, tzinfo=UTC)  # 12:58 on the 16th, 15:58 on the 15th
    assert not any(o.digest for o in notify.run(before).values())
    after = before + timedelta(minutes=4)  # 13:02 on the 16th in Auckland, 16:02 on the 15th in LA
    assert {user: o.digest for user, o in notify.run(after).items()} == {
        manager.pk: "sent",
        outsider.pk: "sent",
    }
    keys = {m.user_id: m.key for m in digests()}
    assert keys == {
        manager.pk: f"digest:{manager.pk}:2026-01-16",
        outsider.pk: f"digest:{outsider.pk}:2026-01-15",
    }
    assert not any(o.digest for o in notify.run(after + timedelta(hours=3)).values())
