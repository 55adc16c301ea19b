"""Workspaces, the people in them, projects, tasks, contracts, viewers and webhooks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


def new_opaque_id() -> str:
    """A fresh opaque string id, like the UUIDs of the documented examples."""
    return str(uuid.uuid4())


class Role(models.TextChoices):
    OWNER = "Owner"
    EXECUTIVE_MANAGER = "Executive manager"
    TEAM_MANAGER = "Team manager"
    PROJECT_MANAGER = "Project manager"
    REGULAR_USER = "Regular User"
    PROJECT_VIEWER = "Project viewer"


MANAGER_ROLES = frozenset({Role.OWNER, Role.EXECUTIVE_MANAGER})


class Workspace(models.Model):
    """A WebWork workspace; its owner is one of its members."""

    name = models.CharField(max_length=255)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    activated_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in a workspace. Its ``user_id`` is the member id of the API."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        INACTIVE = "inactive"
        LEFT = "left"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    team_name = models.CharField(max_length=255, blank=True, default="")
    title = models.CharField(max_length=255, blank=True, default="")
    timezone = models.CharField(max_length=64, default="UTC")
    rate = models.FloatField(null=True, blank=True)
    rate_status = models.IntegerField(default=0)
    weekly_hours_limit = models.IntegerField(null=True, blank=True)
    screenshots = models.CharField(max_length=32, default="full")
    is_blocked = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace}"

    @property
    def is_manager(self) -> bool:
        """Owners and executive managers may use every operation."""
        return self.role in MANAGER_ROLES


class Project(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=255)
    start_date = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    estimation = models.FloatField(null=True, blank=True)
    budget_estimation = models.FloatField(null=True, blank=True)
    notes = models.TextField(blank=True, default="")
    icon = models.CharField(max_length=255, blank=True, default="")
    is_billable = models.BooleanField(default=True)
    rate = models.FloatField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    weekly_hours_limit = models.IntegerField(null=True, blank=True)
    screenshots = models.CharField(max_length=32, default="full")
    tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    archived_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A task of a project; deleting one only marks it, so tracked time keeps its title."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subtasks"
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    status = models.IntegerField(default=0)
    priority = models.IntegerField(default=30)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class Contract(models.Model):
    """One member on one project, with a weekly limit, a screenshot mode and a rate."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        PAUSED = "paused"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="contracts")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contracts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weekly_hours_limit = models.IntegerField(default=168)
    screenshots = models.CharField(max_length=32, default="full")
    rate = models.FloatField(null=True, blank=True)
    rate_type = models.IntegerField(default=1)
    currency = models.CharField(max_length=3, default="USD")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_contract_per_member")
        ]

    def __str__(self) -> str:
        return f"contract {self.pk}"


class ViewerAccess(models.Model):
    """A project viewer's read-only access to one project."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="access")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="viewers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "project"], name="one_access_per_project")
        ]

    def __str__(self) -> str:
        return f"viewer {self.membership_id} on project {self.project_id}"


class Webhook(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_opaque_id)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhooks")
    url = models.CharField(max_length=255)
    events = models.JSONField(default=list)
    token = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.url


class SeedInfo(models.Model):
    """How the data was generated, so that the control plane can tell."""

    seed = models.IntegerField()
    anchor_date = models.DateField()
    options = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"seed {self.seed} anchored on {self.anchor_date}"
