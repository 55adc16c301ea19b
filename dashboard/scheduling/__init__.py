"""Periodic jobs that run inside the worker, each slot once across every worker.

::

    from dashboard.scheduling import claim, periodic

    @periodic("notifications.digest", every=timedelta(minutes=15))
    def send_digests(now: datetime) -> None:
        for user in due_users(now):
            if claim(f"digest:user{user.pk}:{slot_of(user, now):%Y-%m-%dT%H:%M}"):
                ...

A job registers at import time: put it in the app's ``schedules.py`` and import that module from
the app's ``AppConfig.ready()``. ``manage.py worker`` runs the task worker and, beside it, the
scheduler, which claims each job's slot (its name and ``floor(now / every)``) before running it,
so two workers never both run one slot. ``claim(key)`` is the same guarantee for any key of an
app's own (a user's digest of one morning, say; keys starting ``periodic:`` are the scheduler's).
Jobs run one after another in one thread: a job with much to do claims its items and queues
tasks for them rather than doing it all in place. Jobs that read WebWork use
``client_for(user, workspace_id)``: the user's client at background priority.
"""

from __future__ import annotations

from .jobs import Job, claim, client_for, periodic, registered

__all__ = ["Job", "claim", "client_for", "periodic", "registered"]
