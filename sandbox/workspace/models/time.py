"""Tracked time and what is built on it: timesheets, time requests and leave."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sandbox.workspace.models.org import Contract, Project, Task, Workspace, new_opaque_id


class TimeEntry(models.Model):
    """One stretch of tracked time; every report and timesheet total is computed from these."""

    id = models.CharField(primary_key=True, max_length=64, default=new_opaque_id)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Time tracked without a project (allowed by the OAuth2 doc variant) has none.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, related_name="+")
    date = models.DateField()
    start = models.DateTimeField()
    end = models.DateTimeField()
    minutes = models.IntegerField()
    activity_description = models.CharField(max_length=255, blank=True, default="")
    activity_level = models.IntegerField(default=0)
    method = models.CharField(max_length=32, default="Desktop tracker")
    is_edited = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "date"]),
            models.Index(fields=["user", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.date}"


class RunningTimer(models.Model):
    """A member's tracker that is running now; stopping it turns it into time entries."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, related_name="+")
    activity_description = models.CharField(max_length=255, blank=True, default="")
    started_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_timer_per_member")
        ]

    def __str__(self) -> str:
        return f"timer of {self.user_id} since {self.started_at}"


class Timesheet(models.Model):
    """A member's weekly timesheet; its status follows the approval state machine."""

    class Status(models.TextChoices):
        # Stored as 'pending'; the restricted doc variant renders it as 'open'.
        PENDING = "pending"
        SUBMITTED = "submitted"
        APPROVED = "approved"
        REJECTED = "rejected"

    id = models.CharField(primary_key=True, max_length=64, default=new_opaque_id)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="timesheets")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date_from = models.DateField()
    date_to = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    submitted_on = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=255, blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["workspace", "status", "date_from"])]

    def __str__(self) -> str:
        return f"timesheet {self.pk} ({self.status})"


class TimeRequest(models.Model):
    """A request to add manual time; approving it adds a time entry."""

    class Status(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        REJECTED = "rejected"

    id = models.CharField(primary_key=True, max_length=64, default=new_opaque_id)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    notes = models.CharField(max_length=255, blank=True, default="")
    comment = models.CharField(max_length=255, blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"time request {self.pk} ({self.status})"


class LeavePolicy(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    time_unit = models.CharField(max_length=8, default="days")
    is_paid = models.BooleanField(default=True)
    days_per_year = models.IntegerField(default=20)

    def __str__(self) -> str:
        return self.name


class Leave(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        REJECTED = "rejected"

    id = models.CharField(primary_key=True, max_length=64, default=new_opaque_id)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(LeavePolicy, on_delete=models.PROTECT, related_name="leaves")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(max_length=255, blank=True, default="")
    start_date = models.DateField()
    end_date = models.DateField()
    days = models.FloatField()
    leave_period = models.IntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reject_reason = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"leave {self.pk} ({self.status})"
