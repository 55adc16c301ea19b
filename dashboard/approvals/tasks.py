"""Background tasks of the approvals area (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django.tasks import task

from . import jobs


@task
def run_bulk_job(job_id: str) -> None:
    """Work through a bulk job's items, paced to its owner's WebWork budget."""
    jobs.run(job_id)
