"""Several deliverers and workers on one PostgreSQL: each message sent once, each slot run once."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from bench.servers import free_port
from dashboard.outbox import delivery
from dashboard.outbox.mail import enqueue
from dashboard.outbox.models import Message
from dashboard.scheduling.models import Claim
from tests.outbox.conftest import Sink, use_smtp
from tests.production.conftest import ROOT, _environment, requires_shared_services

pytestmark = [requires_shared_services, pytest.mark.django_db(transaction=True)]

NO_WEBWORK = SimpleNamespace(url="http://127.0.0.1:9", api_url="http://127.0.0.1:9/api/v2")
TICKING_WORKER = """
import os, sys
from datetime import timedelta

import django

django.setup()
from django.core.management import call_command

from dashboard.scheduling import periodic

@periodic("test.every_second", every=timedelta(seconds=1))
def tick(now):
    with open(sys.argv[1], "a") as out:
        out.write(f"{int(now.timestamp())} {os.getpid()}\\n")

call_command("worker", "--no-startup-delay", "--no-reload", "--interval", "0.2",
             "--schedule-interval", "0.05", "--worker-id", sys.argv[2])
"""


@pytest.fixture
def smtp(settings) -> Iterator[Sink]:
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    use_smtp(settings, sink.port)
    yield sink
    controller.stop()


@contextlib.contextmanager
def processes(commands: list[list[str]], tmp_path: Path, env: dict[str, str]) -> Iterator[None]:
    environment = _environment(NO_WEBWORK, env)
    started = []
    try:
        for number, command in enumerate(commands):
            with open(tmp_path / f"worker-{number}.log", "wb") as log:
                started.append(
                    subprocess.Popen(
                        command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
                    )
                )
        yield
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _queue(count: int) -> list[str]:
    recipients = [f"member{n}@example.test" for n in range(count)]
    for to in recipients:
        enqueue(to=to, subject="Your timesheet", text="Submit it, please.", purpose="reminder")
    return recipients


def _received(sink: Sink) -> Counter[str]:
    return Counter(rcpt for _, rcpts in sink.envelopes for rcpt in rcpts)


def test_two_deliverers_at_once_send_each_message_once(smtp):
    recipients = _queue(60)
    start = threading.Barrier(2)
    handled: list[int] = []

    def deliverer() -> None:
        start.wait()
        try:
            while claimed := delivery.deliver_due(limit=5):
                handled.append(claimed)
        finally:
            connection.close()  # the thread's own

    threads = [threading.Thread(target=deliverer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert _received(smtp) == Counter(recipients)
    assert sum(handled) == 60
    assert set(Message.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_two_worker_processes_send_each_message_once(smtp, tmp_path):
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}
    worker = [sys.executable, "manage.py", "worker", "--no-startup-delay", "--no-reload"]
    worker += ["--interval", "0.1"]
    commands = [[*worker, "--worker-id", f"mail-{n}"] for n in range(2)]
    with processes(commands, tmp_path, env):
        recipients = _queue(40)  # each commits and queues a delivery task
        deadline = time.monotonic() + 120
        while Message.objects.exclude(status="sent").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # any second send would have arrived by now
    logs = "".join(p.read_text() for p in tmp_path.glob("worker-*.log"))
    assert not Message.objects.exclude(status="sent").exists(), logs
    assert _received(smtp) == Counter(recipients), logs


def test_two_worker_processes_run_each_slot_once(tmp_path):
    ticks = tmp_path / "ticks.txt"
    commands = [
        [sys.executable, "-c", TICKING_WORKER, str(ticks), f"ticking-{n}"] for n in range(2)
    ]
    with processes(commands, tmp_path, {}):
        deadline = time.monotonic() + 60
        while (not ticks.exists() or len(ticks.read_text().split("\n")) < 7) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.2)
    logs = "".join(p.read_text() for p in tmp_path.glob("worker-*.log"))
    runs = [line.split() for line in ticks.read_text().splitlines()]
    slots = Counter(slot for slot, _ in runs)
    assert len(slots) >= 6, logs
    assert set(slots.values()) == {1}, slots
    claimed = Claim.objects.filter(key__startswith="periodic:test.every_second:")
    assert claimed.count() >= len(slots)
    assert set(claimed.values_list("claimed_by", flat=True)) <= {"ticking-0", "ticking-1"}
