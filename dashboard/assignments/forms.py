"""Forms of the assignments page: its filters, and a contract to create or edit."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms

from dashboard.core.forms import FilterForm, name_choices
from dashboard.core.upstream import add_upstream_errors
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Member, Project

from .enums import CUSTOM_RATE, GROUPINGS, MAX_WEEKLY_HOURS, RATE_TYPES, SCREENSHOT_MODES, STATUSES

# WebWork's field names, for its validation errors.
UPSTREAM_FIELDS = {"user_id": "member", "project_id": "project"}


def member_choices(members: Iterable[Member]) -> list[tuple[str, str]]:
    # Project viewers are read-only guests: they never track time on a project.
    return name_choices(
        m for m in members if m.status in ("", "active") and m.role != "Project viewer"
    )


def _choose(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ContractFilterForm(FilterForm):
    by = forms.ChoiceField(label="Group", choices=GROUPINGS, required=False)
    status = forms.ChoiceField(label="Status", choices=STATUSES, required=False)
    member = forms.IntegerField(label="Member", required=False, widget=forms.Select)
    project = forms.IntegerField(label="Project", required=False, widget=forms.Select)

    def offer(self, members: Iterable[Member], projects: Iterable[Project]) -> None:
        """The member and project choices, once the reference data has come."""
        self.fields["member"].widget.choices = [("", "Any member"), *member_choices(members)]
        self.fields["project"].widget.choices = [("", "Any project"), *name_choices(projects)]


class ContractEditForm(forms.Form):
    weekly_hours_limit = forms.IntegerField(
        label="Weekly hours limit",
        min_value=0,
        max_value=MAX_WEEKLY_HOURS,
        help_text=f"0 to {MAX_WEEKLY_HOURS} hours a week; {MAX_WEEKLY_HOURS} means no limit.",
    )
    screenshots = forms.ChoiceField(label="Screenshot mode", choices=SCREENSHOT_MODES)
    rate = forms.DecimalField(
        label="Custom hourly rate",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100_000),
        decimal_places=2,
        help_text="Leave empty to keep the rate it has now.",
    )

    def refused(self, exc: WebworkError) -> None:
        add_upstream_errors(self, exc, UPSTREAM_FIELDS)

    def changes(self) -> dict[str, Any]:
        """What to send: the limit and screenshot mode, and the rate when one was given."""
        data = self.cleaned_data
        sent: dict[str, Any] = {k: data[k] for k in ("weekly_hours_limit", "screenshots")}
        if data.get("rate") is not None:
            sent["rate"] = float(data["rate"])
        return sent


class ContractCreateForm(ContractEditForm):
    member = forms.TypedChoiceField(label="Member", coerce=int)
    project = forms.TypedChoiceField(label="Project", coerce=int)
    rate_type = forms.TypedChoiceField(
        label="Rate",
        choices=RATE_TYPES,
        coerce=int,
        initial=3,
        widget=forms.RadioSelect,
    )
    field_order = ["member", "project", "rate_type", "rate", "weekly_hours_limit", "screenshots"]

    def __init__(
        self,
        *args: Any,
        members: Iterable[Member] = (),
        projects: Iterable[Project] = (),
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        _choose(self, "member", [("", "Choose a member"), *member_choices(members)])
        _choose(self, "project", [("", "Choose a project"), *name_choices(projects)])
        self.fields["weekly_hours_limit"].initial = MAX_WEEKLY_HOURS
        self.fields["screenshots"].initial = "full"
        self.fields["rate"].help_text = "Only for a custom rate: the hourly amount."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        custom = data.get("rate_type") == CUSTOM_RATE
        if custom and data.get("rate") is None and "rate" not in self.errors:
            self.add_error("rate", "Enter the custom hourly rate.")
        if not custom and data.get("rate") is not None:
            self.add_error(
                "rate", "Only a custom rate has an amount: choose Custom rate, or clear it."
            )
        return data
