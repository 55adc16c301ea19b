from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet

from dashboard.core.forms import DateRangeForm

from .models import AuditEntry


class AuditFilterForm(DateRangeForm):
    """The audit page's filters; every value lives in the URL."""

    q = forms.CharField(required=False, max_length=200, label="Target or message")
    action = forms.CharField(required=False, max_length=64)
    outcome = forms.ChoiceField(
        required=False, choices=[("", "Any outcome"), *AuditEntry.Outcome.choices]
    )
    username = forms.CharField(required=False, max_length=150, label="User")

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data if self.is_valid() else {}
        if q := data.get("q"):
            entries = entries.filter(
                Q(target_label__icontains=q) | Q(target_id=q) | Q(upstream_message__icontains=q)
            )
        if action := data.get("action"):
            entries = entries.filter(action=action)
        if outcome := data.get("outcome"):
            entries = entries.filter(outcome=outcome)
        if username := data.get("username"):
            entries = entries.filter(username=username)
        if start := data.get("date_from"):
            entries = entries.filter(created_at__date__gte=start)
        if end := data.get("date_to"):
            entries = entries.filter(created_at__date__lte=end)
        return entries


class ExportForm(forms.Form):
    """``?format=csv`` asks for the filtered list as a download instead of a page."""

    format = forms.ChoiceField(required=False, choices=[("", "Page"), ("csv", "CSV")])

    def wants_csv(self) -> bool:
        return self.is_valid() and self.cleaned_data["format"] == "csv"
