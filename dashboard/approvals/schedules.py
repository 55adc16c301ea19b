"""The approvals area's periodic job: each workspace's reminder schedule, checked every minute.

Registered from ``ApprovalsConfig.ready``; ``manage.py worker`` runs it. When a workspace's slot
is due, it is claimed under ``reminders:{workspace}:{slot}`` (so one worker runs it), and everyone
then missing the slot's week is reminded (see ``chase.schedule``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dashboard.scheduling import claim, client_for, periodic

from .chase import schedule


@periodic("approvals.reminders", every=timedelta(minutes=1))
def send_scheduled_reminders(now: datetime) -> None:
    run_due(now)


def run_due(now: datetime) -> int:
    """Run every slot due at ``now`` that no other worker has claimed; answers how many ran."""
    ran = 0
    for reminders, slot in schedule.due(now):
        if claim(schedule.slot_key(reminders, slot)):
            schedule.run(reminders, slot, client_for)
            ran += 1
    return ran
