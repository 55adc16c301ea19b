"""Background tasks of the approvals area (run by ``manage.py db_worker``), and queueing them."""

from __future__ import annotations

from django.tasks import task

from . import jobs
from .models import BulkJob


@task
def run_bulk_job(job_id: str) -> None:
    """Work through a bulk job's items, paced to its owner's WebWork budget."""
    jobs.run(job_id)


def resume_if_stale(job: BulkJob) -> bool:
    """Queue a job again whose worker stopped mid-job; the next run picks up where it stopped.

    The new lease is a grace period: it lets a worker take the job before anyone queues it again.
    """
    if not job.is_stale:
        return False
    job.lease(jobs.LEASE_SECONDS)
    BulkJob.objects.filter(pk=job.pk).update(runner="", lease_until=job.lease_until)
    run_bulk_job.enqueue(str(job.pk))
    return True
