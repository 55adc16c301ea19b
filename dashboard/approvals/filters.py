"""The filters of the approval lists, kept in the URL; each kind names its own form."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from dashboard.core.forms import DateRangeForm
from dashboard.webwork.records import LeavePolicy, Member, Project

ALL = "all"
Choices = list[tuple[str, str]]


def member_choices(members: Iterable[Member]) -> Choices:
    people = sorted(members, key=lambda m: (m.firstname.lower(), m.lastname.lower()))
    named = [(str(m.id), f"{m.firstname} {m.lastname}".strip() or m.email) for m in people]
    return [("", "Anyone"), *named]


class PlainSelect(forms.Select):
    """A select written out here rather than through Django's widget templates, which render
    every option through a template of its own: the member filter lists the whole workspace."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
            f"{escape(option['label'])}</option>"
            for _, group, _ in widget["optgroups"]
            for option in group
        )
        return SafeString(
            f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>{options}</select>'
        )


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html writes them: in order, True as a bare name."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class ApprovalFilterForm(DateRangeForm):
    """Status (the waiting one by default; ``all`` for any), dates and member.

    The id filters take their choices from reference data; given ``None`` instead (a bulk job
    checking a list's filter without reading WebWork) they accept any positive id.
    """

    STATUSES: Choices = []
    DEFAULT_STATUS = "pending"
    field_order = ["status", "user_id", "policy_id", "is_paid", "project_id"]

    status = forms.ChoiceField(required=False, widget=PlainSelect)
    user_id = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Member", widget=PlainSelect
    )

    def __init__(
        self, data: Any = None, *, members: Iterable[Member] | None = (), **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = self.STATUSES
        self.id_choices("user_id", None if members is None else member_choices(members))

    def id_choices(self, name: str, choices: Choices | None) -> None:
        field = self.fields[name]
        if choices is None:
            self.fields[name] = forms.IntegerField(required=False, min_value=1, label=field.label)
            return
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

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
    policy_id = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Policy", widget=PlainSelect
    )
    is_paid = forms.TypedChoiceField(
        required=False,
        label="Pay",
        choices=[("", "Paid or unpaid"), ("yes", "Paid"), ("no", "Unpaid")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=PlainSelect,
    )

    def __init__(
        self, data: Any = None, *, policies: Iterable[LeavePolicy] | None = (), **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        choices = None if policies is None else [(str(p.id), p.name) for p in policies]
        self.id_choices("policy_id", None if choices is None else [("", "Any policy"), *choices])

    def data_for_url(self) -> dict[str, Any]:
        found = super().data_for_url()
        if "is_paid" in found:
            found["is_paid"] = "yes" if found["is_paid"] else "no"
        return found


class TimeRequestFilterForm(ApprovalFilterForm):
    STATUSES = LeaveFilterForm.STATUSES
    project_id = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Project", widget=PlainSelect
    )

    def __init__(
        self, data: Any = None, *, projects: Iterable[Project] | None = (), **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        if projects is None:
            self.id_choices("project_id", None)
            return
        named = sorted(projects, key=lambda p: p.name.lower())
        self.id_choices("project_id", [("", "Any project"), *((str(p.id), p.name) for p in named)])


def request_window(filters: dict[str, Any]) -> dict[str, Any]:
    """Time requests need a date range (WebWork's OAuth2 variant requires both ends)."""
    today = timezone.localdate()
    start = filters.get("date_from") or today - timedelta(days=365)
    end = filters.get("date_to") or today + timedelta(days=90)
    return {**filters, "date_from": start, "date_to": max(start, end)}


def as_json_filters(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items()}
