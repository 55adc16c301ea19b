"""Reminder schedules: when a slot comes, that it runs once, and a run against the sandbox."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from dashboard.accounts.connecting import establish
from dashboard.approvals import schedules
from dashboard.approvals.chase import schedule as slots
from dashboard.approvals.chase.weeks import Week
from dashboard.approvals.models import Reminder, ReminderSchedule
from dashboard.audit.models import AuditEntry
from dashboard.outbox.models import Message
from dashboard.scheduling import registered
from dashboard.webwork.oauth import TokenSet

from .missing_world import OWNER, World

pytestmark = pytest.mark.django_db

MONDAY_10_BERLIN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10:00 in Berlin (CET)


def plan(user, **changes) -> ReminderSchedule:
    values = {
        "workspace_id": 7,
        "workspace_name": "Acme Studio",
        "user": user,
        "weekday": 0,
        "at": time(10, 0),
        "time_zone": "Europe/Berlin",
        "active_since": datetime(2026, 1, 1, tzinfo=UTC),
    }
    return ReminderSchedule(**(values | changes))


def test_the_job_is_registered_to_run_every_minute():
    job = next(job for job in registered() if job.name == "approvals.reminders")
    assert job.every == timedelta(minutes=1)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (MONDAY_10_BERLIN, True),
        (MONDAY_10_BERLIN + timedelta(minutes=59), True),
        (MONDAY_10_BERLIN + timedelta(minutes=60), False),  # the catch-up hour is over
        (MONDAY_10_BERLIN - timedelta(minutes=1), False),  # not yet: last week's slot is long past
        (MONDAY_10_BERLIN + timedelta(days=1), False),
    ],
)
def test_a_slot_is_due_from_its_moment_for_an_hour(manager, now, due):
    assert (slots.due_slot(plan(manager), now) == MONDAY_10_BERLIN) is due


def test_a_slot_follows_the_time_zone_across_summer_time(manager):
    summer = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # Monday 10:00 in Berlin (CEST)
    assert slots.due_slot(plan(manager), summer) == summer
    assert slots.next_slot(plan(manager), summer) == summer + timedelta(days=7)


def test_a_slot_before_the_schedule_was_set_does_not_run(manager):
    later = plan(manager, active_since=MONDAY_10_BERLIN + timedelta(minutes=5))
    assert slots.due_slot(later, MONDAY_10_BERLIN + timedelta(minutes=10)) is None


def test_a_schedule_that_is_off_never_runs(manager):
    assert slots.due_slot(plan(manager, enabled=False), MONDAY_10_BERLIN) is None


@pytest.mark.parametrize(
    ("which", "monday"), [("previous", date(2026, 11, 23)), ("current", date(2026, 11, 30))]
)
def test_a_slot_reminds_about_the_week_it_says(manager, which, monday):
    schedule = plan(manager, which_week=which)
    assert slots.week_of(schedule, MONDAY_10_BERLIN) == Week(monday)


def test_the_slot_key_names_the_workspace_and_the_moment(manager):
    key = slots.slot_key(plan(manager), MONDAY_10_BERLIN)
    assert key == "reminders:7:2026-11-30T09:00Z"


@pytest.fixture
def live(settings, sandbox, manager):
    sandbox.set_rate_limit(6000)
    settings.WEBWORK_RATE_PER_MINUTE = 6000
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token(OWNER), "", None, ""))
    world = World(sandbox)
    yield world
    world.close()


def now_slot(manager, world: World) -> tuple[ReminderSchedule, datetime]:
    """A schedule whose slot was a minute ago, set last week, reminding about the week
    ``world`` looks at (last week)."""
    now = timezone.now()
    moment = (now - timedelta(minutes=1)).astimezone(UTC)
    same = Week.of(moment.date()) == world.week  # a minute ago was still last week's Sunday
    schedule = plan(
        manager,
        workspace_id=world.workspace,
        weekday=moment.weekday(),
        at=moment.time().replace(second=0, microsecond=0),
        time_zone="UTC",
        which_week="current" if same else "previous",
        active_since=now - timedelta(days=7),
    )
    schedule.save()
    return schedule, now


def test_a_due_slot_runs_once_with_the_setters_connection(live, manager, sandbox):
    first, second = live.submitted_members(2)
    live.unsubmit(first)
    live.unsubmit(second)
    schedule, now = now_slot(manager, live)
    sandbox.clear_calls()
    assert schedules.run_due(now) == 1
    calls = sandbox.calls()
    assert {c["email"] for c in calls} == {OWNER} and len(calls) <= 3
    reminded = set(Reminder.objects.values_list("member_id", flat=True))
    assert {first["id"], second["id"]} <= reminded
    assert all(Reminder.objects.values_list("scheduled", flat=True))
    assert Message.objects.count() == len(reminded)
    assert AuditEntry.objects.filter(action="timesheet.remind", user=manager).count() == len(
        reminded
    )
    assert schedules.run_due(now + timedelta(seconds=30)) == 0  # the slot is claimed
    assert Message.objects.count() == len(reminded)
    schedule.refresh_from_db()
    assert f"{len(reminded)} reminded" in schedule.last_result and schedule.last_run_at


def test_a_run_whose_connection_is_gone_says_so(live, manager):
    manager.webwork_connection.delete()
    schedule, now = now_slot(manager, live)
    assert schedules.run_due(now) == 1
    schedule.refresh_from_db()
    assert schedule.last_result.startswith("Nobody was reminded about")
    assert not Message.objects.exists()
    assert AuditEntry.objects.get(action="timesheet.remind_scheduled").outcome == "failed"
