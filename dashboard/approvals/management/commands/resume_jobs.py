"""Queue again every bulk job whose worker stopped mid-job and whose lease has run out.

The workers do this themselves at the end of each lease (``tasks.watch_bulk_job``); the command
does it at once, e.g. before starting workers after jobs were interrupted by a deploy.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dashboard.approvals.models import BulkJob
from dashboard.approvals.tasks import resume_if_stale


class Command(BaseCommand):
    help = "Queue again the bulk jobs whose worker stopped before finishing them."

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = sum(
            resume_if_stale(job) for job in BulkJob.objects.filter(status__in=BulkJob.ACTIVE)
        )
        self.stdout.write(f"Queued {resumed} interrupted job(s) again.")
