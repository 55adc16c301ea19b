"""Registering periodic jobs, their slots, failures, and the loop the worker runs."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from dashboard.scheduling import claim, client_for, periodic, registered
from dashboard.scheduling.jobs import Job, unregister
from dashboard.scheduling.models import Claim
from dashboard.scheduling.runner import Scheduler
from dashboard.scheduling.schedules import prune_claims

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_slot_is_the_floor_of_now_over_every():
    job = Job("digest", timedelta(minutes=15), lambda now: None)
    assert job.slot(NINE + timedelta(minutes=14, seconds=59)) == NINE
    assert job.slot(NINE + timedelta(minutes=15)) == NINE + timedelta(minutes=15)
    assert job.slot_key(NINE) == "periodic:digest:2026-12-01T09:00:00+00:00"
    daily = Job("daily", timedelta(days=1), lambda now: None)
    assert daily.slot(NINE) == datetime(2026, 12, 1, tzinfo=UTC)


def test_the_apps_register_their_jobs_when_ready():
    names = {job.name: job.every for job in registered()}
    assert names["outbox.sweep"] == timedelta(minutes=1)
    assert names["scheduling.prune"] == timedelta(hours=1)
    assert names["outbox.prune"] == timedelta(hours=6)


def test_the_decorator_registers_and_returns_the_function():
    def tick(now: datetime) -> None:
        pass

    try:
        assert periodic("test.tick", every=timedelta(seconds=5))(tick) is tick
        assert next(j for j in registered() if j.name == "test.tick").function is tick
    finally:
        unregister("test.tick")


def test_two_jobs_may_not_share_a_name():
    try:
        periodic("test.twice", every=timedelta(minutes=1))(lambda now: None)
        with pytest.raises(ValueError, match="Two periodic jobs"):

            @periodic("test.twice", every=timedelta(minutes=1))
            def other(now: datetime) -> None:
                pass
    finally:
        unregister("test.twice")


def test_a_job_more_often_than_each_second_is_refused():
    with pytest.raises(ValueError):
        periodic("test.fast", every=timedelta(milliseconds=10))


def test_a_failing_job_is_recorded_and_its_slot_stays_taken():
    def broken(now: datetime) -> None:
        raise RuntimeError("the digest template is missing")

    job = Job("test.broken", timedelta(minutes=1), broken)
    scheduler = Scheduler(clock=lambda: NINE, jobs=lambda: [job])
    assert scheduler.run_due() == ["test.broken"]
    slot = Claim.objects.get(key=job.slot_key(NINE))
    assert slot.finished_at is not None and "the digest template is missing" in slot.error
    assert scheduler.run_due() == []  # not retried in a loop within its slot


def test_the_job_is_given_the_time_it_runs_at():
    seen: list[datetime] = []
    job = Job("test.seen", timedelta(hours=1), seen.append)
    at = NINE + timedelta(minutes=7)
    Scheduler(clock=lambda: at, jobs=lambda: [job]).run_due()
    assert seen == [at]


@pytest.mark.django_db(transaction=True)  # threads have connections of their own
def test_schedulers_in_threads_run_each_slot_once():
    runs: list[datetime] = []
    lock = threading.Lock()

    def count(now: datetime) -> None:
        with lock:
            runs.append(now)

    job = Job("test.threads", timedelta(minutes=1), count)
    slots = [NINE + timedelta(minutes=n) for n in range(5)]
    start = threading.Barrier(4)

    def scheduler() -> None:
        start.wait()
        try:
            for slot in slots:
                Scheduler(clock=lambda slot=slot: slot, jobs=lambda: [job]).run_due()
        finally:
            connection.close()  # the thread's own

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(runs) == slots


@pytest.mark.django_db(transaction=True)
def test_the_loop_runs_until_stopped():
    ran = threading.Event()
    job = Job("test.loop", timedelta(minutes=1), lambda now: ran.set())
    scheduler = Scheduler(interval=0.05, jobs=lambda: [job])
    thread = scheduler.start()
    assert ran.wait(10)
    scheduler.stop()
    thread.join(10)
    assert not thread.is_alive()


def test_a_claim_key_is_checked():
    with pytest.raises(ValueError):
        claim("")
    with pytest.raises(ValueError):
        claim("x" * 256)


def test_old_claims_are_pruned():
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    for key, age in [
        ("periodic:outbox.sweep:old", timedelta(days=3)),
        ("periodic:outbox.sweep:new", timedelta(hours=1)),
        ("digest:user1:old", timedelta(days=91)),
        ("digest:user1:recent", timedelta(days=30)),
    ]:
        claim(key)
        Claim.objects.filter(key=key).update(claimed_at=now - age)
    prune_claims(now)
    assert set(Claim.objects.values_list("key", flat=True)) == {
        "periodic:outbox.sweep:new",
        "digest:user1:recent",
    }


def test_jobs_read_webwork_at_background_priority(connected):
    client = client_for(connected.user, connected.workspace_id)
    assert client.priority == "background"
