"""Filters of the approval lists (kept in the URL), decisions, and bulk requests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from dashboard.core.forms import DateRangeForm
from dashboard.webwork.records import LeavePolicy, Member, Project

from .kinds import KINDS

ALL = "all"


def member_choices(members: Iterable[Member]) -> list[tuple[str, str]]:
    people = sorted(members, key=lambda m: (m.firstname.lower(), m.lastname.lower()))
    named = [(str(m.id), f"{m.firstname} {m.lastname}".strip() or m.email) for m in people]
    return [("", "Anyone"), *named]


class ApprovalFilterForm(DateRangeForm):
    """Status (the waiting one by default; ``all`` for any), dates and member."""

    STATUSES: list[tuple[str, str]] = []
    DEFAULT_STATUS = "pending"

    status = forms.ChoiceField(required=False)
    user_id = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Member")

    def __init__(self, data: Any = None, *, members: Iterable[Member] = (), **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = self.STATUSES
        user = self.fields["user_id"]
        assert isinstance(user, forms.ChoiceField)
        user.choices = member_choices(members)

    def clean_status(self) -> str:
        value = self.cleaned_data.get("status") or self.DEFAULT_STATUS
        return "" if value == ALL else value

    def filters(self) -> dict[str, Any]:
        """The upstream filters (valid input only; an invalid form filters by the default)."""
        data = self.cleaned_data if self.is_valid() else {"status": self.DEFAULT_STATUS}
        return {k: v for k, v in data.items() if v not in (None, "")}

    def data_for_url(self) -> dict[str, Any]:
        """Like ``filters`` but with ``all`` kept, so the URL says what the page shows."""
        found = self.filters()
        found.setdefault("status", ALL)
        return found


class TimesheetFilterForm(ApprovalFilterForm):
    STATUSES = [
        ("submitted", "Submitted"),
        ("pending", "Open (not submitted)"),
        ("approved", "Approved"),
        ("rejected", "Rejected"),
        (ALL, "Any status"),
    ]
    DEFAULT_STATUS = "submitted"

    def full_clean(self) -> None:
        # Reference: WebWork's two doc variants call the unsubmitted state `open` and `pending`.
        if self.is_bound and self.data.get("status") == "open":
            self.data = {**dict(self.data.items()), "status": "pending"}
        super().full_clean()


class LeaveFilterForm(ApprovalFilterForm):
    STATUSES = [
        ("pending", "Pending"),
        ("approved", "Approved"),
        ("rejected", "Rejected"),
        (ALL, "Any status"),
    ]
    policy_id = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Policy")
    is_paid = forms.TypedChoiceField(
        required=False,
        label="Pay",
        choices=[("", "Paid or unpaid"), ("yes", "Paid"), ("no", "Unpaid")],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )

    def __init__(
        self, data: Any = None, *, policies: Iterable[LeavePolicy] = (), **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        policy = self.fields["policy_id"]
        assert isinstance(policy, forms.ChoiceField)
        policy.choices = [("", "Any policy"), *((str(p.id), p.name) for p in policies)]

    def data_for_url(self) -> dict[str, Any]:
        found = super().data_for_url()
        if "is_paid" in found:
            found["is_paid"] = "yes" if found["is_paid"] else "no"
        return found


class TimeRequestFilterForm(ApprovalFilterForm):
    STATUSES = LeaveFilterForm.STATUSES
    project_id = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Project"
    )

    def __init__(
        self, data: Any = None, *, projects: Iterable[Project] = (), **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        project = self.fields["project_id"]
        assert isinstance(project, forms.ChoiceField)
        named = sorted(projects, key=lambda p: p.name.lower())
        project.choices = [("", "Any project"), *((str(p.id), p.name) for p in named)]


def request_window(filters: dict[str, Any]) -> dict[str, Any]:
    """Time requests need a date range (WebWork's OAuth2 variant requires both ends)."""
    today = timezone.localdate()
    start = filters.get("date_from") or today - timedelta(days=365)
    end = filters.get("date_to") or today + timedelta(days=90)
    return {**filters, "date_from": start, "date_to": max(start, end)}


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
    """Selected items (``kind|id|label``) or every waiting item matching a list's filter."""

    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(required=False, max_length=1000, strip=True)
    items = forms.MultipleChoiceField(required=False)
    scope = forms.ChoiceField(
        required=False, choices=[("selected", "Selected"), ("all", "All matching")]
    )
    collect_kind = forms.ChoiceField(required=False, choices=[("", "")] + [(k, k) for k in KINDS])
    filters = forms.JSONField(required=False)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        values = data.getlist("items") if data is not None and hasattr(data, "getlist") else []
        items = self.fields["items"]
        assert isinstance(items, forms.ChoiceField)
        items.choices = [(v, v) for v in values]

    def clean_items(self) -> list[tuple[str, str, str]]:
        parsed = []
        for value in self.cleaned_data.get("items") or []:
            kind, _, rest = value.partition("|")
            target, _, label = rest.partition("|")
            if kind not in KINDS or not target:
                raise forms.ValidationError("One of the selected items is not recognised.")
            parsed.append((kind, target, label))
        return parsed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", "Give a reason for the rejection.")
        everything = data.get("scope") == "all"
        if everything and not data.get("collect_kind"):
            self.add_error("scope", "Choose the list whose matching items are meant.")
        if not everything and not data.get("items"):
            self.add_error("items", "Select at least one item.")
        return data


def as_json_filters(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items()}


def from_json_filters(filters: dict[str, Any]) -> dict[str, Any]:
    parsed = dict(filters)
    for key in ("date_from", "date_to"):
        if isinstance(parsed.get(key), str):
            parsed[key] = date.fromisoformat(parsed[key])
    return parsed
