"""Bulk approval jobs: what was asked, and what happened to every item.

A job is worked through by ``dashboard.approvals.tasks.run_bulk_job`` in a ``db_worker``. Each
item moves ``pending`` → ``sending`` → ``done`` | ``failed``; an item found in ``sending`` when a
worker (re)starts may or may not have reached WebWork, so its state is read again before it is
sent (see ``dashboard.approvals.jobs``).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .kinds import KINDS


class BulkJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        COLLECTING = "collecting", "Collecting the items"
        RUNNING = "running", "Running"
        CANCELLING = "cancelling", "Stopping after the current item"
        CANCELLED = "cancelled", "Cancelled"
        FINISHED = "finished", "Finished"
        INCOMPLETE = "incomplete", "Could not list every item"

    class Action(models.TextChoices):
        APPROVE = "approve", "Approve"
        REJECT = "reject", "Reject"
        SUBMIT = "submit", "Submit"  # timesheets, on their members' behalf (the chase list)

    ACTIVE = (Status.QUEUED, Status.COLLECTING, Status.RUNNING, Status.CANCELLING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    workspace_id = models.BigIntegerField()
    workspace_name = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(blank=True)
    # "All matching the filter": the task lists the matching items itself (kind + filters).
    collect_kind = models.CharField(max_length=16, blank=True)
    collect_filters = models.JSONField(default=dict, blank=True)
    # How far the listing got: a run resumes after the last page listed, and sends nothing
    # before the last page is in (so the items are always the whole of what the filter matched).
    collected_pages = models.PositiveIntegerField(default=0)
    collection_done = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The runner holding the job renews its lease as it goes; an expired lease means it died.
    runner = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} job {self.id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_stale(self) -> bool:
        """Active, but its runner has stopped renewing the lease (a worker died)."""
        if not self.is_active or (self.status == self.Status.QUEUED and not self.runner):
            return False
        return self.lease_until is None or self.lease_until < timezone.now()

    @property
    def status_sentence(self) -> str:
        """What the job page says of the job, following its status."""
        return STATUS_SENTENCES.get(self.status, self.get_status_display())

    def lease(self, seconds: float) -> None:
        self.lease_until = timezone.now() + timedelta(seconds=seconds)


STATUS_SENTENCES: dict[str, str] = {
    BulkJob.Status.QUEUED: "The job is queued; it starts within seconds.",
    BulkJob.Status.COLLECTING: "Listing the matching items; none is sent before all are listed.",
    BulkJob.Status.RUNNING: "The job is running; it carries on if you leave this page.",
    BulkJob.Status.CANCELLING: "Stopping after the current item.",
    BulkJob.Status.CANCELLED: "The job was cancelled; the items it had not sent say “Not sent”.",
    BulkJob.Status.FINISHED: "The job has finished; every item's result is below.",
    BulkJob.Status.INCOMPLETE: (
        "The job could not list every matching item, so it sent nothing. "
        "Retry to list the rest and go on."
    ),
}


class BulkItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=16)
    target_id = models.CharField(max_length=128)
    label = models.CharField(max_length=255, blank=True)
    # The label came from the browser (an item selected on a page): it is shown, never audited,
    # and the item is read from WebWork before it is sent, which names it as WebWork does.
    label_from_request = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "kind", "target_id"], name="one_item_per_target")
        ]
        indexes = [models.Index(fields=["job", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id} ({self.status})"

    @property
    def kind_label(self) -> str:
        kind = KINDS.get(self.kind)
        return kind.noun if kind else self.kind


class Reminder(models.Model):
    """One reminder to submit a week's timesheet, queued in the outbox (the chase list).

    ``number`` counts the reminders of one member for one week in one workspace; it is part of
    the outbox key, so each reminder is queued and sent once.
    """

    workspace_id = models.BigIntegerField()
    member_id = models.BigIntegerField()
    week = models.DateField()  # the Monday of the week reminded about
    number = models.PositiveSmallIntegerField()
    member_name = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=254)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    scheduled = models.BooleanField(default=False)
    message_id = models.BigIntegerField(null=True, blank=True)  # the outbox's message
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace_id", "member_id", "week", "number"], name="one_reminder_number"
            )
        ]
        indexes = [models.Index(fields=["workspace_id", "week"])]

    def __str__(self) -> str:
        return f"Reminder {self.number} to member {self.member_id} for {self.week}"


class ReminderTemplate(models.Model):
    """A workspace's words for the reminder e-mail, with placeholders such as ``{name}``."""

    workspace_id = models.BigIntegerField(unique=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminder template of workspace {self.workspace_id}"


class ReminderSchedule(models.Model):
    """When a workspace's missing timesheets are chased by themselves: a weekday and a local
    time, acting with the WebWork connection of the user who set it."""

    class Which(models.TextChoices):
        PREVIOUS = "previous", "The week before"
        CURRENT = "current", "The same week"

    workspace_id = models.BigIntegerField(unique=True)
    workspace_name = models.CharField(max_length=255, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    enabled = models.BooleanField(default=True)
    weekday = models.PositiveSmallIntegerField(default=0)  # Monday is 0, as in date.weekday()
    at = models.TimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    which_week = models.CharField(max_length=8, choices=Which.choices, default=Which.PREVIOUS)
    # Slots before this moment never run (a schedule set at 10:30 for 10:00 waits a week).
    active_since = models.DateTimeField(default=timezone.now)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminder schedule of workspace {self.workspace_id}"
