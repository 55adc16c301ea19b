"""A worker killed mid-job: the workers themselves pick the job up once its lease runs out, and
the item that was being sent is read in WebWork before it is sent again."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from dashboard.approvals import tasks
from dashboard.approvals.models import BulkItem, BulkJob
from dashboard.audit.models import AuditEntry

from .conftest import listing, sheet
from .test_jobs import APPROVED, make_job

RUN = "dashboard.approvals.tasks.run_bulk_job"
WATCH = "dashboard.approvals.tasks.watch_bulk_job"


class WorkerKilled(BaseException):
    """Stands for SIGKILL: no except clause of the run takes it (its ``finally`` still frees
    the job, which a real kill would not do: ``dead_runner_kept`` puts the token back)."""


@pytest.fixture(autouse=True)
def _generous_budget(settings):
    settings.WEBWORK_RATE_PER_MINUTE = 100_000


def work(limit: int = 20) -> list[str]:
    """Run the queued tasks that are due, as ``db_worker`` does; answers their task paths."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = []
    for _ in range(limit):
        due = DBTaskResult.objects.ready().first()
        if due is None:
            return ran
        due.claim("test-worker")
        ran.append(due.task_path)
        worker.run_task(due)
    raise AssertionError(f"still tasks due after {limit}: {ran}")


def the_lease_runs_out(job: BulkJob) -> None:
    """Move the job's clock past its lease: the lease, and the check queued for its end."""
    job.refresh_from_db()
    shift = job.lease_until - timezone.now() + tasks.WATCH_GRACE + timedelta(seconds=1)
    BulkJob.objects.filter(pk=job.pk).update(lease_until=job.lease_until - shift)
    for result in DBTaskResult.objects.filter(task_path=WATCH, status="READY"):
        DBTaskResult.objects.filter(pk=result.pk).update(run_after=result.run_after - shift)


def crash_on_the_second_item(upstream, job, dead_runner_kept):
    upstream.route("PUT", "/timesheets/ts-1/approve", APPROVED)
    upstream.route("PUT", "/timesheets/ts-2/approve", WorkerKilled("SIGKILL"), APPROVED)
    upstream.route("PUT", "/timesheets/ts-3/approve", APPROVED)
    tasks.start(job)
    work()
    if dead_runner_kept:
        token = DBTaskResult.objects.get(task_path=WATCH).args_kwargs["args"][1]
        BulkJob.objects.filter(pk=job.pk).update(runner=token)
    job.refresh_from_db()


@pytest.mark.parametrize("dead_runner_kept", [True, False])
@pytest.mark.parametrize(
    ("in_webwork", "puts_after", "message"),
    [
        ("approved", 0, "Already approved in WebWork; nothing was sent again."),
        ("submitted", 1, "Timesheet approved successfully"),
    ],
)
def test_a_job_killed_mid_item_is_picked_up_by_the_workers_once_its_lease_runs_out(
    connected, upstream, manager, in_webwork, puts_after, message, dead_runner_kept
):
    job = make_job(manager, "ts-1", "ts-2", "ts-3")
    crash_on_the_second_item(upstream, job, dead_runner_kept)
    assert job.status == "running" and job.items.get(target_id="ts-2").status == "sending"

    assert work() == []  # while the lease runs, nothing is due: the dead run may be alive
    upstream.route("GET", "/timesheets", listing([sheet("ts-2", status=in_webwork)]))
    the_lease_runs_out(job)
    assert work() == [WATCH, RUN]  # no person, no command: the queued check resumed it

    job.refresh_from_db()
    items = {i.target_id: (i.status, i.message) for i in job.items.all()}
    assert job.status == "finished"
    assert items["ts-2"] == ("done", message)
    assert items["ts-3"][0] == "done"
    assert len(upstream.calls("PUT", "/timesheets/ts-2/approve")) == 1 + puts_after
    assert len(upstream.calls("PUT", "/timesheets/ts-3/approve")) == 1
    assert len(upstream.calls("GET", "/timesheets")) == 1  # only the uncertain item was read
    audited = AuditEntry.objects.filter(target_id="ts-2", outcome="ok")
    assert audited.count() == 1


def test_resume_jobs_right_after_a_crash_queues_nothing_but_the_check_is_already_due_later(
    connected, upstream, manager
):
    job = make_job(manager, "ts-1", "ts-2")
    upstream.route("PUT", "/timesheets/ts-1/approve", WorkerKilled("SIGKILL"))
    tasks.start(job)
    work()
    call_command("resume_jobs", stdout=io.StringIO())
    pending = DBTaskResult.objects.filter(status="READY")
    assert [r.task_path for r in pending] == [WATCH]
    job.refresh_from_db()
    assert pending.get().run_after > job.lease_until


def test_the_check_of_a_live_run_looks_again_when_its_renewed_lease_would_end(manager, db):
    job = make_job(manager, "ts-1", status="running", runner="alive", lease_until=timezone.now())
    renewed = timezone.now() + timedelta(minutes=2)
    BulkJob.objects.filter(pk=job.pk).update(lease_until=renewed)
    tasks.watch_bulk_job.call(str(job.pk), "alive")
    again = DBTaskResult.objects.get()
    assert again.task_path == WATCH and again.run_after == renewed + tasks.WATCH_GRACE
    assert not DBTaskResult.objects.filter(task_path=RUN).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "finished"},
        {"status": "running", "runner": "another", "lease_until": None},
        {"status": "queued"},
    ],
)
def test_the_check_stops_when_the_job_is_over_or_another_run_holds_it(manager, db, fields):
    job = make_job(manager, "ts-1", **fields)
    tasks.watch_bulk_job.call(str(job.pk), "dead")
    assert not DBTaskResult.objects.exists()
    assert BulkItem.objects.get().status == "pending"
