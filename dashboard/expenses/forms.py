"""Forms of the expense pages: the list's filters, and recording or changing an expense.

Everything WebWork would refuse is refused here first, on its field, so nothing is sent: an
amount of zero or less (or over WebWork's 1,000,000), a date after today, a project or category
that is not this workspace's, billable without a project.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms

from dashboard.core.forms import DATE, DateRangeForm, FilterForm, name_choices
from dashboard.webwork.records import Expense, ExpenseCategory, Member, Project

MAX_AMOUNT = Decimal("1000000")
MAX_NOTE = 255
# Without dates in the URL the list covers the last 90 days: enough to see a quarter's spend,
# few enough calls for a busy workspace.
DEFAULT_DAYS = 90


class NamedSelect(forms.Select):
    """A choice among names people typed: each option isolated for direction."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"]["dir"] = "auto"
        return option


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def period(query: Mapping[str, Any], today: date) -> tuple[date, date, bool]:
    """The dates the list reads from WebWork: those in the URL, else the last 90 days; and
    whether the URL's dates were good (if not, the form says why, and these are the default)."""
    form = DateRangeForm(query)
    good = form.is_valid()
    given = form.cleaned_data if good else {}
    end = given.get("date_to") or today
    start = given.get("date_from") or min(end, today) - timedelta(days=DEFAULT_DAYS - 1)
    return start, end, good


class ExpenseFilterForm(FilterForm, DateRangeForm):
    member = forms.TypedChoiceField(
        label="Member", required=False, coerce=int, empty_value=None, widget=NamedSelect
    )
    project = forms.TypedChoiceField(
        label="Project", required=False, coerce=int, empty_value=None, widget=NamedSelect
    )
    category = forms.ChoiceField(label="Category", required=False, widget=NamedSelect)
    field_order = ["member", "project", "category", "date_from", "date_to"]

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        members: Iterable[Member] = (),
        projects: Iterable[Project] = (),
        categories: Iterable[ExpenseCategory] = (),
        dates: tuple[date, date] | None = None,
    ) -> None:
        if dates is not None:
            data = {**{k: data.get(k) for k in data}, "date_from": dates[0], "date_to": dates[1]}
        super().__init__(data)
        _set_choices(self, "member", [("", "Everyone"), *name_choices(members)])
        _set_choices(self, "project", [("", "All projects"), *name_choices(projects)])
        _set_choices(self, "category", [("", "All categories"), *category_choices(categories)])


def category_choices(categories: Iterable[ExpenseCategory]) -> list[tuple[str, str]]:
    return [(c.id, c.name) for c in sorted(categories, key=lambda c: c.name.casefold())]


class ExpenseForm(forms.Form):
    name = forms.CharField(label="What it was for", max_length=255)
    day = forms.DateField(label="Date", widget=DATE)
    amount = forms.DecimalField(
        label="Amount",
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text="In the project's currency (US dollars without a project), as WebWork keeps it.",
    )
    category = forms.ChoiceField(
        label="Category",
        widget=NamedSelect,
        error_messages={"invalid_choice": "That is not a category of this workspace."},
    )
    project = forms.TypedChoiceField(
        label="Project",
        required=False,
        coerce=int,
        empty_value=None,
        widget=NamedSelect,
        error_messages={"invalid_choice": "That is not a project of this workspace."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    is_billable = forms.BooleanField(
        label="Billable to the client", required=False, help_text="Only with a project."
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        projects: Iterable[Project] = (),
        categories: Iterable[ExpenseCategory] = (),
        today: date,
        expense: Expense | None = None,
    ) -> None:
        categories = tuple(categories)
        projects = tuple(projects)
        self.today, self.expense = today, expense
        initial = _initial(expense, projects, categories) if expense else {"day": today}
        super().__init__(data, initial=initial)
        self.fields["name"].widget.attrs["dir"] = "auto"
        offered = [p for p in projects if not p.is_archived or p.id == initial.get("project")]
        _set_choices(self, "project", [("", "No project"), *name_choices(offered)])
        _set_choices(self, "category", [("", "Choose a category"), *category_choices(categories)])

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Say what the expense was for.")
        return name

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("The amount must be more than zero.")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError("WebWork takes amounts of at most 1,000,000.")
        return amount

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if day > self.today:
            raise forms.ValidationError("An expense cannot be dated after today.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_billable") and not data.get("project"):
            self.add_error("is_billable", "Only an expense on a project can be billable.")
        had_project = self.expense is not None and self.initial.get("project")
        if had_project and "project" in data and data["project"] is None:
            self.add_error(
                "project",
                "WebWork cannot take an expense off its project: choose another project, or "
                "delete the expense and record it again.",
            )
        return data

    def changes(self) -> dict[str, Any]:
        """What the service layer sends, in its own words."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "day": data["day"],
            "amount": float(data["amount"]),
            "category_id": data["category"],
            "project_id": data["project"],
            "note": data["note"],
            "is_billable": data["is_billable"],
        }

    def summary(self) -> dict[str, Any]:
        """The input, for the audit entry."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "date": data["day"].isoformat(),
            "amount": str(data["amount"]),
            "category_id": data["category"],
            "project_id": data["project"],
            "is_billable": data["is_billable"],
        }


def _initial(
    expense: Expense, projects: tuple[Project, ...], categories: tuple[ExpenseCategory, ...]
) -> dict[str, Any]:
    """The form as the expense is; the doc variant without ids is matched by name."""
    project = expense.project_id
    if project is None and expense.project_name:
        project = next((p.id for p in projects if p.name == expense.project_name), None)
    category = expense.category_id
    if category is None and expense.category_name:
        category = next((c.id for c in categories if c.name == expense.category_name), None)
    return {
        "name": expense.name,
        "day": expense.date,
        "amount": Decimal(str(expense.amount)) if expense.amount is not None else None,
        "category": category,
        "project": project,
        "note": expense.note or "",
        "is_billable": bool(expense.is_billable),
    }
