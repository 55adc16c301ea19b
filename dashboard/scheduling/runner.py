"""The scheduler loop the worker runs beside its task loop."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from datetime import datetime

from django.db import close_old_connections, connection
from django.utils import timezone

from .jobs import Job, claim, default_identity, registered
from .models import Claim

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


class Scheduler:
    """Every ``interval`` seconds, runs each registered job whose current slot nobody has claimed.

    Any number of schedulers may run at once (threads, processes, hosts): the slot's claim, a
    unique row, decides which of them runs it.
    """

    def __init__(
        self,
        *,
        interval: float = 5.0,
        identity: str = "",
        clock: Clock = timezone.now,
        jobs: Callable[[], list[Job]] = registered,
    ) -> None:
        self.interval = interval
        self.identity = identity or default_identity()
        self.clock = clock
        self.jobs = jobs
        self.stopping = threading.Event()

    def run_due(self) -> list[str]:
        """Run the jobs whose slot this scheduler claimed now; answers their names."""
        ran = []
        for job in self.jobs():
            now = self.clock()
            key = job.slot_key(now)
            if not claim(key, by=self.identity):
                continue
            ran.append(job.name)
            self._run(job, key, now)
        return ran

    def _run(self, job: Job, key: str, now: datetime) -> None:
        error = ""
        try:
            job.function(now)
        except Exception:
            log.exception("periodic job %s failed (slot %s)", job.name, key)
            error = traceback.format_exc(limit=5)[-4000:]
        Claim.objects.filter(key=key).update(finished_at=timezone.now(), error=error)

    def loop(self) -> None:
        """Run due jobs until ``stop()``; a failure of the database is logged and outlived."""
        log.info("scheduler %s: %d periodic jobs", self.identity, len(self.jobs()))
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    self.run_due()
                except Exception:
                    log.exception("scheduler %s: a round failed", self.identity)
                self.stopping.wait(self.interval)
        finally:
            connection.close()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.loop, name="scheduler", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()
