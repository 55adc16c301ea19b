"""Forms of the project pages: the list's filters and a project's fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dashboard.core.forms import DATE, FilterForm
from dashboard.core.upstream import add_upstream_errors
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Project
from dashboard.webwork.resources.projects import MAX_NAME_LENGTH, MAX_NOTES_LENGTH

TABS = (("active", "Active"), ("archived", "Archived"))
BILLABLE = (("", "Billable or not"), ("yes", "Billable"), ("no", "Not billable"))
SORTABLE = ("name", "start_date", "deadline", "members")


class ProjectFilterForm(FilterForm):
    q = forms.CharField(
        label="Find by name",
        required=False,
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(choices=TABS, required=False)
    billable = forms.ChoiceField(label="Billable", choices=BILLABLE, required=False)


class ProjectForm(forms.Form):
    """A project's fields. ``changes()`` is what differs from ``project`` (all of it when new)."""

    name = forms.CharField(label="Name", max_length=MAX_NAME_LENGTH)
    start_date = forms.DateField(label="Start date", required=False, widget=DATE)
    deadline = forms.DateField(label="Deadline", required=False, widget=DATE)
    estimation = forms.DecimalField(
        label="Estimated hours", required=False, min_value=0, decimal_places=2, max_digits=9
    )
    budget = forms.DecimalField(
        label="Budget", required=False, min_value=0, decimal_places=2, max_digits=12
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=MAX_NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=f"At most {MAX_NOTES_LENGTH} characters.",
    )

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        if project is not None:
            kwargs["initial"] = {
                "name": project.name,
                "start_date": project.start_date,
                "deadline": project.deadline,
                "estimation": project.estimation,
                "budget": project.budget,
                "notes": project.notes or "",
            }
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["name"].widget.attrs |= {"dir": "auto", "autocomplete": "off"}
        if project is not None:
            # The contract has no way to clear a date or a number once set.
            for name in ("start_date", "deadline", "estimation", "budget"):
                if self.initial.get(name) is not None:
                    self.fields[name].required = True

    def clean_name(self) -> str:
        return required_text(self, "name", "A project needs a name.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_order(self, data, "start_date", "deadline", "The deadline is before the start date.")
        return data

    def changes(self) -> dict[str, Any]:
        """The fields to send: those given that differ from the project as WebWork has it."""
        sent: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "") and self.project is None:
                continue
            if self.project is not None and _same(value, self.initial.get(name)):
                continue
            sent[name] = float(value) if name in ("estimation", "budget") else value
        return sent

    def refused(self, exc: WebworkError) -> None:
        """Put WebWork's refusal on the fields it names (or on the form), keeping the input."""
        add_upstream_errors(self, exc, {"budget_estimation": "budget"})


def required_text(form: forms.Form, name: str, missing: str) -> str:
    """The field's text without surrounding space: only space is as good as none."""
    text = str(form.cleaned_data[name]).strip()
    if not text:
        raise forms.ValidationError(missing, code="required")
    return text


def check_order(
    form: forms.Form, data: dict[str, Any], first: str, then: str, message: str
) -> None:
    """Put ``message`` on ``then`` when both dates are given and it comes before ``first``."""
    start, end = data.get(first), data.get(then)
    if start and end and end < start:
        form.add_error(then, message)


def _same(value: Any, initial: Any) -> bool:
    if value in (None, "") and initial in (None, ""):
        return True
    if isinstance(initial, float) and value is not None:
        return float(value) == initial
    return bool(value == initial)
