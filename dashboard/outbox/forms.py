from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet

from .models import Message


class OutboxFilterForm(forms.Form):
    """The outbox page's filters; every value lives in the URL."""

    q = forms.CharField(required=False, max_length=200, label="Recipient or subject")
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Message.Status.choices]
    )
    purpose = forms.CharField(required=False, max_length=32)

    def filter(self, messages: QuerySet[Message]) -> QuerySet[Message]:
        data = self.cleaned_data if self.is_valid() else {}
        if q := data.get("q"):
            messages = messages.filter(Q(recipient__icontains=q) | Q(subject__icontains=q))
        if status := data.get("status"):
            messages = messages.filter(status=status)
        if purpose := data.get("purpose"):
            messages = messages.filter(purpose=purpose)
        return messages
