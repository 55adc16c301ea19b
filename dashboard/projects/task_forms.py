"""Forms of the task pages: the list's filters, a task's fields, and who is assigned to it.

Only members with a contract on the project may be assigned: the choices are those members, and
any other id is refused on the field before anything is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from dashboard.core.forms import DATE, FilterForm
from dashboard.core.upstream import add_upstream_errors
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Contract
from dashboard.webwork.records.work import Task
from dashboard.webwork.resources.tasks import MAX_TITLE

from .forms import check_order, required_text

STATUSES = ((0, "Incomplete"), (10, "Doing"), (20, "Done"), (30, "Completed"))
PRIORITIES = ((10, "Urgent"), (20, "High"), (30, "Normal"), (40, "Low"))
STATUS_LABELS = dict(STATUSES)
PRIORITY_LABELS = dict(PRIORITIES)
MAX_DESCRIPTION = 5000  # NOTES.md, the sandbox's choices: task descriptions at most 5000
TASK_SORTABLE = ("title", "status", "priority", "end_date", "created_at")
NOT_ON_PROJECT = "Only members with a contract on this project can be assigned to its tasks."


def _choices(pairs: Iterable[tuple[int, str]], empty: str | None = None) -> list[tuple[str, str]]:
    found = [(str(value), label) for value, label in pairs]
    return [("", empty), *found] if empty is not None else found


class TaskFilterForm(FilterForm):
    status = forms.TypedChoiceField(
        label="Status",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_choices(STATUSES, "Any status"),
    )
    priority = forms.TypedChoiceField(
        label="Priority",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_choices(PRIORITIES, "Any priority"),
    )


class MemberChoiceField(forms.TypedMultipleChoiceField):
    """Members of the project, by name, each isolated for direction where it is shown."""

    default_error_messages = {"invalid_choice": NOT_ON_PROJECT}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(coerce=int, required=False, **kwargs)


def member_choices(contracts: Iterable[Contract]) -> list[tuple[str, str]]:
    people = {c.user_id: c.user_name for c in contracts}
    return [(str(i), n) for i, n in sorted(people.items(), key=lambda p: p[1].casefold())]


class TaskForm(forms.Form):
    """A task's fields; a new task also names who is assigned. ``changes()`` is what differs
    from ``task`` (everything given, when it is new)."""

    title = forms.CharField(label="Title", max_length=MAX_TITLE)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    status = forms.TypedChoiceField(
        label="Status", coerce=int, choices=_choices(STATUSES), initial="0"
    )
    priority = forms.TypedChoiceField(
        label="Priority", coerce=int, choices=_choices(PRIORITIES), initial="30"
    )
    start_date = forms.DateField(label="Start date", required=False, widget=DATE)
    end_date = forms.DateField(label="Due date", required=False, widget=DATE)
    assignees = MemberChoiceField(label="Assign to")

    def __init__(
        self,
        *args: Any,
        contracts: Iterable[Contract] = (),
        task: Task | None = None,
        **kwargs: Any,
    ) -> None:
        if task is not None:
            kwargs["initial"] = {
                "title": task.title,
                "description": task.description or "",
                "status": task.status,
                "priority": task.priority,
                "start_date": task.start_date,
                "end_date": task.end_date,
            }
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["title"].widget.attrs |= {"dir": "auto", "autocomplete": "off"}
        if task is not None:
            del self.fields["assignees"]  # changed from the task list, one member at a time
            # The service layer sends no nulls, so a date once set is changed, not cleared.
            for name in ("start_date", "end_date"):
                if self.initial.get(name) is not None:
                    self.fields[name].required = True
        else:
            field = self.fields["assignees"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = member_choices(contracts)

    def clean_title(self) -> str:
        return required_text(self, "title", "Give the task a title.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_order(self, data, "start_date", "end_date", "The due date is before the start date.")
        return data

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if self.task is None:
            return {k: v for k, v in data.items() if v not in (None, "", [])}
        return {k: v for k, v in data.items() if _differs(v, self.initial.get(k))}

    def refused(self, exc: WebworkError) -> None:
        add_upstream_errors(self, exc)


def _differs(value: Any, initial: Any) -> bool:
    if value in (None, "") and initial in (None, ""):
        return False
    return bool(value != initial)


class AssignForm(forms.Form):
    """Who is assigned to a task: ticked members are assigned, unticked ones taken off."""

    members = MemberChoiceField(label="Assigned")

    def __init__(self, *args: Any, contracts: Iterable[Contract] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = member_choices(contracts)

    def chosen(self) -> set[int]:
        return set(self.cleaned_data.get("members") or [])

    def refused(self, exc: WebworkError) -> None:
        add_upstream_errors(self, exc, {"assignees": "members"})
