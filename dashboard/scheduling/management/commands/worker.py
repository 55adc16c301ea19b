"""``manage.py worker``: the task worker (django-tasks-db's ``db_worker``) and the scheduler.

The task loop runs in the main thread exactly as ``db_worker`` runs it (same options, same
signals); the scheduler runs in a thread beside it and is stopped, its current job finished,
when the worker stops.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from dashboard.scheduling.runner import Scheduler

STOP_WAIT = 60.0  # seconds a running periodic job may take to finish when the worker stops


class Command(db_worker.Command):
    help = "Run the background task worker and the periodic scheduler beside it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--schedule-interval",
            type=db_worker.valid_interval,
            default=5.0,
            help="Seconds between the scheduler's looks for due periodic jobs (default: 5).",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Run tasks only, as db_worker does.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options.pop("schedule_interval")
        without = options.pop("no_scheduler")
        # With the autoreloader, the parent only watches files: the child it starts schedules.
        reloading_parent = (
            options["reload"]
            and not options["batch"]
            and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        )
        if without or options["batch"] or reloading_parent:
            super().handle(*args, **options)
            return
        scheduler = Scheduler(interval=interval, identity=options["worker_id"])
        thread = scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            scheduler.stop()
            thread.join(STOP_WAIT)
