"""A workspace's reminder schedule: when its slot comes, and what one run of it does.

A slot is the schedule's weekday and local time in its time zone, e.g. every Monday at 10:00 in
Europe/Berlin. The worker looks every minute (``approvals.schedules``); a slot is due from its
moment for ``CATCH_UP`` (a worker that was down for longer lets that week's slot pass), never
before the schedule was set (``active_since``), and is claimed under
``reminders:{workspace}:{slot}`` before it runs, so it runs once across every worker. A run reads
the chase list with fresh timesheets, with the WebWork connection of the user who set the
schedule at background priority, and reminds everyone on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from dashboard.audit.log import record
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkError

from ..models import ReminderSchedule
from . import listing
from .reminders import Outcome, Sender, remind
from .weeks import Week

log = logging.getLogger(__name__)

CATCH_UP = timedelta(hours=1)
ClientFactory = Callable[[Any, int], WebworkClient]


def zone(schedule: ReminderSchedule) -> ZoneInfo:
    try:
        return ZoneInfo(schedule.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def last_slot(schedule: ReminderSchedule, now: datetime) -> datetime:
    """The latest moment of the schedule's weekday and time at or before ``now`` (in UTC)."""
    tz = zone(schedule)
    local = now.astimezone(tz)
    day = local.date() - timedelta(days=(local.weekday() - schedule.weekday) % 7)
    slot = datetime.combine(day, schedule.at, tzinfo=tz)
    if slot > local:
        slot = datetime.combine(day - timedelta(days=7), schedule.at, tzinfo=tz)
    return slot.astimezone(UTC)


def next_slot(schedule: ReminderSchedule, now: datetime) -> datetime:
    """The first slot after ``now`` (in UTC), for the page to say."""
    tz = zone(schedule)
    local_last = last_slot(schedule, now).astimezone(tz)
    following = datetime.combine(local_last.date() + timedelta(days=7), schedule.at, tzinfo=tz)
    return following.astimezone(UTC)


def due_slot(schedule: ReminderSchedule, now: datetime) -> datetime | None:
    """The slot to run now, if one is due."""
    if not schedule.enabled:
        return None
    slot = last_slot(schedule, now)
    if now - slot >= CATCH_UP or slot < schedule.active_since:
        return None
    return slot


def slot_key(schedule: ReminderSchedule, slot: datetime) -> str:
    return f"reminders:{schedule.workspace_id}:{slot.astimezone(UTC):%Y-%m-%dT%H:%MZ}"


def week_of(schedule: ReminderSchedule, slot: datetime) -> Week:
    """The week a slot reminds about: the one before the slot's local day, or that day's."""
    week = Week.of(slot.astimezone(zone(schedule)).date())
    return week.previous if schedule.which_week == ReminderSchedule.Which.PREVIOUS else week


def due(now: datetime) -> list[tuple[ReminderSchedule, datetime]]:
    found = ReminderSchedule.objects.filter(enabled=True).select_related("user")
    return [(s, slot) for s in found if (slot := due_slot(s, now)) is not None]


def run(schedule: ReminderSchedule, slot: datetime, client_for: ClientFactory) -> Outcome | None:
    """Remind everyone missing the slot's week; what happened is kept on the schedule."""
    week = week_of(schedule, slot)
    sender = Sender(schedule.user, schedule.workspace_id, schedule.workspace_name, scheduled=True)
    try:
        client = client_for(schedule.user, schedule.workspace_id)
        chase = listing.read(client, week, fresh_sheets=True)
    except WebworkError as exc:
        result = f"Nobody was reminded about {week.label}: WebWork said “{exc.message}”."
        record(
            user=schedule.user,
            action="timesheet.remind_scheduled",
            outcome="failed",
            target=("workspace", schedule.workspace_id, schedule.workspace_name),
            workspace_id=schedule.workspace_id,
            workspace_name=schedule.workspace_name,
            summary={"week": week.isoformat(), "slot": slot.isoformat()},
            message=exc.message,
        )
        log.warning("scheduled reminders of workspace %s failed", schedule.workspace_id)
        _keep(schedule, result)
        return None
    outcome = remind(chase, [row.id for row in chase.rows], sender)
    result = (
        f"{week.label}: {len(outcome.reminded)} reminded, {len(outcome.skipped)} skipped, "
        f"{len(chase.on_leave)} on leave all week."
    )
    _keep(schedule, result)
    return outcome


def _keep(schedule: ReminderSchedule, result: str) -> None:
    ReminderSchedule.objects.filter(pk=schedule.pk).update(
        last_run_at=timezone.now(), last_result=result
    )
