"""Working through a bulk job, one item at a time, within the owner's WebWork request budget.

Rules:
- The job is held by one runner at a time through a lease it renews as it goes; a job whose lease
  ran out (its worker died) is taken over by the next run. The workers notice that themselves:
  each run schedules a check for the moment its lease would run out (``tasks.watch_bulk_job``).
- "All matching the filter" lists every page before anything is sent, resuming after the last
  page listed; a page WebWork will not give ends the job as ``incomplete``, saying so, and a
  retry lists the rest (``collecting``).
- An item is marked ``sending`` before its request leaves. An item found in ``sending``, or sent
  before (a retry), is read again first: if WebWork already shows the outcome it is ``done``
  without a second request, so no item is applied twice.
- The audit log names an item only as WebWork does: collected items come named from WebWork's
  list; items selected on a page are named from their kind's waiting list, and one not found
  there is read before it is sent; the label the browser sent is never audited.
- A 429 (or the budget being used up) is never an item's failure: the runner waits for
  Retry-After and sends the same item again. Other errors fail the item with WebWork's message.
- Cancelling stops after the current item; each outcome is one audit entry carrying the job id.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dashboard.audit.log import record
from dashboard.core import connections
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import (
    WebworkAuthError,
    WebworkError,
    WebworkRateLimited,
)
from dashboard.webwork.transport.budget import default_budget

from .collecting import collect_page, name_from_lists
from .kinds import DONE_STATUS, KINDS, Kind
from .models import BulkItem, BulkJob

log = logging.getLogger(__name__)

LEASE_SECONDS = 120.0  # longer than one item can take: a paced wait, a timeout, a retry
WAIT_STEP = 2.0  # waits are slept in steps, renewing the lease and watching for a cancel
RECONNECT = "Reconnect WebWork, then retry the failed ones."
ClientFactory = Callable[[BulkJob], WebworkClient]
Sleep = Callable[[float], None]
OnClaim = Callable[[BulkJob], None]


def owner_client(job: BulkJob) -> WebworkClient:
    """The job owner's WebWork, at background priority (paced, leaving a reserve for pages)."""
    return connections.client_for(job.user, job.workspace_id).background()


class Runner:
    def __init__(
        self,
        job: BulkJob,
        client_factory: ClientFactory = owner_client,
        sleep: Sleep = time.sleep,
        on_claim: OnClaim | None = None,
    ) -> None:
        self.job = job
        self.token = secrets.token_hex(8)
        self.client_factory = client_factory
        self.sleep = sleep
        self.on_claim = on_claim

    def claim(self) -> bool:
        """Take the job if it is active and nobody holds a live lease on it."""
        now = timezone.now()
        free = Q(runner="") | Q(lease_until__isnull=True) | Q(lease_until__lt=now)
        self.job.lease(LEASE_SECONDS)
        taken = BulkJob.objects.filter(free, pk=self.job.pk, status__in=BulkJob.ACTIVE).update(
            runner=self.token, lease_until=self.job.lease_until
        )
        if taken:
            self.job.refresh_from_db()
        return bool(taken)

    def renew(self) -> bool:
        """Renew the lease; False when the job was taken over or stopped meanwhile."""
        self.job.lease(LEASE_SECONDS)
        renewed = BulkJob.objects.filter(pk=self.job.pk, runner=self.token).update(
            lease_until=self.job.lease_until
        )
        self.job.refresh_from_db(fields=["status", "lease_until", "runner"])
        return bool(renewed)

    def run(self) -> None:
        if not self.claim():
            log.info("bulk job %s is held by another runner or not active", self.job.pk)
            return
        if self.on_claim is not None:
            self.on_claim(self.job)
        try:
            client = self.client_factory(self.job)
            listing = self.job.collect_kind and not self.job.collection_done
            if listing and not self._collect(client):
                return
            name_from_lists(self.job, client)
            if self.job.status != BulkJob.Status.CANCELLING:
                self._set_status(BulkJob.Status.RUNNING)
            self._work(client)
        except WebworkAuthError as exc:
            self._give_up(f"{exc.message} {RECONNECT}")
        finally:
            BulkJob.objects.filter(pk=self.job.pk, runner=self.token).update(runner="")

    def _collect(self, client: WebworkClient) -> bool:
        """List the job's items, after the pages listed before; False when the run ends here."""
        self._set_status(BulkJob.Status.COLLECTING)
        while self.renew():
            if self.job.status == BulkJob.Status.CANCELLING:
                self._finish(BulkJob.Status.CANCELLED)
                return False
            number = self.job.collected_pages + 1
            try:
                if collect_page(self.job, client, number):
                    return True
            except WebworkRateLimited as exc:
                self._wait(exc.retry_after)  # then the same page again, or the cancel
            except ValidationError as exc:  # a filter stored before filters were checked
                self._give_up(" ".join(exc.messages))
                return False
            except WebworkAuthError:
                raise
            except WebworkError as exc:
                self._incomplete(number, exc)
                return False
        return False

    def _incomplete(self, number: int, exc: WebworkError) -> None:
        listed = self.job.items.count()
        message = (
            f"Could not list every matching item: WebWork answered page {number} of the list "
            f"with “{exc.message}”. {listed} item{'s' if listed != 1 else ''} listed so far; "
            "nothing has been sent. Retry to list the rest and go on."
        )
        BulkJob.objects.filter(pk=self.job.pk).update(
            status=BulkJob.Status.INCOMPLETE, finished_at=timezone.now(), message=message
        )
        self.job.refresh_from_db()

    def _work(self, client: WebworkClient) -> None:
        while self.renew():
            if self.job.status == BulkJob.Status.CANCELLING:
                self._finish(BulkJob.Status.CANCELLED)
                return
            item = next_item(self.job)
            if item is None:
                self._finish(BulkJob.Status.FINISHED)
                return
            self._process(client, item)

    def _process(self, client: WebworkClient, item: BulkItem) -> None:
        while True:
            try:
                process_item(self.job, client, item)
                return
            except WebworkRateLimited as exc:
                # The item starts again with its read: wait until the whole of it fits in the
                # budget's background burst, or its first call would take the slot its last needs.
                if not self._wait(exc.retry_after + default_budget().rate.background_tolerance):
                    return

    def _wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` in steps; False if the job is being cancelled or was taken over."""
        remaining = max(seconds, 0.5)
        while remaining > 0:
            step = min(WAIT_STEP, remaining)
            self.sleep(step)
            remaining -= step
            if not self.renew() or self.job.status == BulkJob.Status.CANCELLING:
                return False
        return True

    def _set_status(self, status: str) -> None:
        self.job.status = status
        fields = ["status"]
        if self.job.started_at is None:
            self.job.started_at = timezone.now()
            fields.append("started_at")
        BulkJob.objects.filter(pk=self.job.pk, status__in=BulkJob.ACTIVE).exclude(
            status=BulkJob.Status.CANCELLING
        ).update(**{f: getattr(self.job, f) for f in fields})
        self.job.refresh_from_db(fields=["status"])

    def _finish(self, status: str) -> None:
        BulkJob.objects.filter(pk=self.job.pk).update(status=status, finished_at=timezone.now())
        self.job.refresh_from_db()

    def _give_up(self, message: str) -> None:
        with transaction.atomic():
            self.job.items.filter(
                status__in=[BulkItem.Status.PENDING, BulkItem.Status.SENDING]
            ).update(status=BulkItem.Status.FAILED, message=message)
            BulkJob.objects.filter(pk=self.job.pk).update(
                status=BulkJob.Status.FINISHED, finished_at=timezone.now(), message=message
            )


def next_item(job: BulkJob) -> BulkItem | None:
    """An item left in ``sending`` (a runner died mid-item) first, then the next waiting one."""
    items = job.items.order_by("position", "id")
    return (
        items.filter(status=BulkItem.Status.SENDING).first()
        or items.filter(status=BulkItem.Status.PENDING).first()
    )


def process_item(job: BulkJob, client: WebworkClient, item: BulkItem) -> None:
    kind = KINDS[item.kind]
    unread = item.status == BulkItem.Status.SENDING or item.attempts or item.label_from_request
    if unread and _settled_upstream(job, client, item):
        return
    item.status, item.attempts = BulkItem.Status.SENDING, item.attempts + 1
    item.save(update_fields=["status", "attempts", "updated_at"])
    started = time.monotonic()
    try:
        message = kind.send(client, job.action, item.target_id, job.reason)
    except WebworkRateLimited:
        # Nothing was applied: the item waits again, as it was before this attempt.
        item.status, item.attempts = BulkItem.Status.PENDING, item.attempts - 1
        item.save(update_fields=["status", "attempts", "updated_at"])
        raise
    except WebworkAuthError as exc:
        _outcome(job, item, BulkItem.Status.FAILED, exc.message, started)
        raise
    except WebworkError as exc:
        _outcome(job, item, BulkItem.Status.FAILED, exc.message, started)
        return
    _outcome(job, item, BulkItem.Status.DONE, message or "Done.", started)


def _settled_upstream(job: BulkJob, client: WebworkClient, item: BulkItem) -> bool:
    """Read the item before a repeat, or before its first send when only the browser named it;
    True when that settled it (no request to send)."""
    kind = KINDS[item.kind]
    started = time.monotonic()
    try:
        record = kind.get(client, item.target_id)
        _name_from(kind, client, item, record)
    except (WebworkRateLimited, WebworkAuthError):
        raise
    except WebworkError as exc:
        # Still unknown: the item stays marked as tried, so a retry reads it again too.
        _outcome(job, item, BulkItem.Status.FAILED, exc.message, started)
        return True
    current = record.status
    if current == DONE_STATUS[job.action]:
        again = " again" if item.attempts else ""
        message = f"Already {current} in WebWork; nothing was sent{again}."
        _outcome(job, item, BulkItem.Status.DONE, message, started)
        return True
    if not kind.can(job.action, current):
        message = f"It is {current} in WebWork now, so it was not {DONE_STATUS[job.action]}."
        _outcome(job, item, BulkItem.Status.FAILED, message, started)
        return True
    return False


def _name_from(kind: Kind[Any], client: WebworkClient, item: BulkItem, record: Any) -> None:
    """Replace the label the browser sent with WebWork's name for the record just read."""
    if not item.label_from_request:
        return
    item.label = kind.label(record, kind.label_references(client).people)[:255]
    item.label_from_request = False
    item.save(update_fields=["label", "label_from_request", "updated_at"])


def _outcome(
    job: BulkJob,
    item: BulkItem,
    status: str,
    message: str,
    started: float,
) -> None:
    item.status, item.message = status, message
    item.save(update_fields=["status", "message", "updated_at"])
    summary: dict[str, Any] = {"bulk": True}
    if job.action == "reject":
        summary["reason"] = job.reason
    record(
        user=job.user,
        action=f"{item.kind}.{job.action}",
        outcome="ok" if status == BulkItem.Status.DONE else "failed",
        target=(item.kind, item.target_id, "" if item.label_from_request else item.label),
        workspace_id=job.workspace_id,
        workspace_name=job.workspace_name,
        summary=summary,
        message=message,
        duration_ms=int((time.monotonic() - started) * 1000),
        job_id=str(job.pk),
    )


def counts(job: BulkJob) -> dict[str, int]:
    found = job.items.aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(status=BulkItem.Status.PENDING)),
        sending=Count("id", filter=Q(status=BulkItem.Status.SENDING)),
        done=Count("id", filter=Q(status=BulkItem.Status.DONE)),
        failed=Count("id", filter=Q(status=BulkItem.Status.FAILED)),
    )
    return {key: int(value or 0) for key, value in found.items()}


def retry_failed(job: BulkJob) -> int:
    """Put the failed items back in the queue (they are read again before being re-sent)."""
    with transaction.atomic():
        again = job.items.filter(status=BulkItem.Status.FAILED).update(
            status=BulkItem.Status.PENDING, message=""
        )
        if again:
            BulkJob.objects.filter(pk=job.pk).update(
                status=BulkJob.Status.QUEUED, finished_at=None, message=""
            )
    return again


def retry_listing(job: BulkJob) -> bool:
    """Queue a job again that could not list every item; it lists the rest, then sends."""
    return bool(
        BulkJob.objects.filter(pk=job.pk, status=BulkJob.Status.INCOMPLETE).update(
            status=BulkJob.Status.QUEUED, finished_at=None, message=""
        )
    )


def cancel(job: BulkJob) -> None:
    """Stop after the current item (at once when no runner has the job yet)."""
    if job.status == BulkJob.Status.QUEUED and not job.runner:
        BulkJob.objects.filter(pk=job.pk).update(
            status=BulkJob.Status.CANCELLED, finished_at=timezone.now()
        )
    elif job.is_active:
        BulkJob.objects.filter(pk=job.pk, status__in=BulkJob.ACTIVE).update(
            status=BulkJob.Status.CANCELLING
        )
    job.refresh_from_db()


def run(job_id: str, **options: Any) -> None:
    job = BulkJob.objects.filter(pk=job_id).first()
    if job is not None:
        Runner(job, **options).run()
