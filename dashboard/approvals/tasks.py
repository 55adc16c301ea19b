"""Background tasks of the approvals area (run by ``manage.py db_worker``), and queueing them.

A worker that dies mid-job (killed, out of memory, a redeploy) cannot say so, and django-tasks-db
has no periodic tasks. What it has is ``run_after``: so every run, once it holds a job, queues
``watch_bulk_job`` for the moment its lease would run out. The check finds the lease renewed
(the run is alive: it checks again at the new end), the job over (it stops), or the lease run
out (it queues the job again, and the next run picks up where the dead one stopped). The timer
lives in the same queue as the work, so any running worker, including the dead one restarted,
takes it up; nothing waits for a person or a cron.
"""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from . import jobs
from .models import BulkJob

WATCH_GRACE = timedelta(seconds=5)  # after the lease's end, so a renewal in flight lands first


@task
def run_bulk_job(job_id: str) -> None:
    """Work through a bulk job's items, paced to its owner's WebWork budget."""
    jobs.run(job_id, on_claim=watch)


@task
def watch_bulk_job(job_id: str, runner: str) -> None:
    """Check on a job when the lease of ``runner`` would run out; queue it again if it did."""
    job = BulkJob.objects.filter(pk=job_id).first()
    if job is None or not job.is_active or job.runner not in (runner, ""):
        return  # over, or another run holds it (and watches it itself)
    if job.is_stale:
        resume_if_stale(job)
    elif job.lease_until is not None and job.lease_until > timezone.now():
        watch(job, runner)
    # else queued, waiting for a worker to take it: that run watches it.


def watch(job: BulkJob, runner: str | None = None) -> None:
    """Queue the check of ``job`` for just after its lease runs out."""
    lease_until = job.lease_until or timezone.now()
    watch_bulk_job.using(run_after=lease_until + WATCH_GRACE).enqueue(
        str(job.pk), job.runner if runner is None else runner
    )


def start(job: BulkJob) -> None:
    """Queue a job's run (a new job, or one queued again by a retry)."""
    run_bulk_job.enqueue(str(job.pk))


def resume_if_stale(job: BulkJob) -> bool:
    """Queue a job again whose worker stopped mid-job; the next run picks up where it stopped.

    The new lease is a grace period: it lets a worker take the job before anyone queues it again.
    """
    if not job.is_stale:
        return False
    job.lease(jobs.LEASE_SECONDS)
    BulkJob.objects.filter(pk=job.pk).update(runner="", lease_until=job.lease_until)
    start(job)
    return True
