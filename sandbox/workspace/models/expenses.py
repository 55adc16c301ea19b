"""Expenses members record, and the categories they are filed under."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sandbox.workspace.models.org import Project, Workspace, new_opaque_id


class ExpenseCategory(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_opaque_id)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)

    def __str__(self) -> str:
        return self.name


class Expense(models.Model):
    """Money a member spent, in the currency of its project (USD without one)."""

    id = models.CharField(primary_key=True, max_length=64, default=new_opaque_id)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, related_name="+")
    category = models.ForeignKey(ExpenseCategory, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    amount = models.FloatField()
    currency = models.CharField(max_length=3, default="USD")
    date = models.DateField()
    note = models.CharField(max_length=255, blank=True, default="")
    is_billable = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["workspace", "date"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.amount} {self.currency})"
