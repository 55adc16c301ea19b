"""Claims and periodic slots: each key and each slot is taken once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboard.scheduling import claim
from dashboard.scheduling.jobs import Job
from dashboard.scheduling.runner import Scheduler

pytestmark = pytest.mark.django_db


def test_a_key_is_claimed_once():
    assert claim("digest:user42:2026-12-01T09:00") is True
    assert claim("digest:user42:2026-12-01T09:00") is False
    assert claim("digest:user42:2026-12-02T09:00") is True


def test_two_schedulers_run_a_slot_once():
    runs: list[datetime] = []
    job = Job("test.count", timedelta(minutes=1), runs.append)
    now = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)
    one = Scheduler(clock=lambda: now, jobs=lambda: [job], identity="one")
    two = Scheduler(clock=lambda: now, jobs=lambda: [job], identity="two")
    assert one.run_due() == ["test.count"]
    assert two.run_due() == []
    now += timedelta(minutes=1)
    assert two.run_due() == ["test.count"]
    assert len(runs) == 2
