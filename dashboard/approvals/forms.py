"""Decisions on one item, and bulk requests (the lists' filters are in ``filters.py``)."""

from __future__ import annotations

from typing import Any

from django import forms

from .kinds import KINDS
from .kinds.base import plain_query


def kind_choices() -> list[tuple[str, str]]:
    return [("", ""), *((name, kind.noun) for name, kind in KINDS.items())]


class DecisionForm(forms.Form):
    """One decision; rejecting needs a reason (WebWork's ``reason`` or ``comment``)."""

    reason = forms.CharField(required=False, max_length=1000, strip=True)

    def __init__(self, data: Any = None, *, verb: str = "approve", **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.verb = verb

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data.get("reason", "")
        if self.verb == "reject" and not reason:
            raise forms.ValidationError("Give a reason for the rejection.")
        return reason


class BulkForm(forms.Form):
    """Selected items (``kind|id|label``) or every waiting item matching a list's filter.

    A selected item's label is only what the manager's page showed: the job reads the item
    from WebWork before sending, and only a name read there reaches the audit log.
    """

    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(required=False, max_length=1000, strip=True)
    items = forms.MultipleChoiceField(required=False)
    scope = forms.ChoiceField(
        required=False, choices=[("selected", "Selected"), ("all", "All matching")]
    )
    collect_kind = forms.ChoiceField(required=False, choices=kind_choices)
    filters = forms.JSONField(required=False)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        values = data.getlist("items") if data is not None and hasattr(data, "getlist") else []
        items = self.fields["items"]
        assert isinstance(items, forms.ChoiceField)
        items.choices = [(v, v) for v in values]

    def clean_items(self) -> list[tuple[str, str, str]]:
        """(kind, id, label) once per item, in the order selected."""
        parsed: dict[tuple[str, str], str] = {}
        for value in self.cleaned_data.get("items") or []:
            kind, _, rest = value.partition("|")
            target, _, label = rest.partition("|")
            if kind not in KINDS or not target:
                raise forms.ValidationError("One of the selected items is not recognised.")
            parsed.setdefault((kind, target), label)
        return [(kind, target, label) for (kind, target), label in parsed.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", "Give a reason for the rejection.")
        if data.get("scope") != "all":
            if not data.get("items"):
                self.add_error("items", "Select at least one item.")
            return data
        kind = KINDS.get(data.get("collect_kind") or "")
        if kind is None:
            self.add_error("scope", "Choose the list whose matching items are meant.")
            return data
        try:
            data["upstream_filters"] = kind.bulk_filters(data.get("filters") or {})
        except forms.ValidationError as exc:
            self.add_error("filters", exc)
        else:
            data["filters"] = plain_query(data.get("filters") or {})
        return data
