"""Forms of the client-viewer pages: the list's filters, the invitation, the access review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from dashboard.core.upstream import describe
from dashboard.webwork.errors import WebworkError, WebworkForbidden, WebworkInvalid
from dashboard.webwork.records import Project

TABS = (("active", "Active"), ("archived", "Archived"))
SORTABLE = ("name", "email", "status", "member_since", "projects")


def project_choices(projects: Iterable[Project]) -> list[tuple[str, str]]:
    return [(str(p.id), p.name) for p in sorted(projects, key=lambda p: p.name.casefold())]


class ViewerFilterForm(forms.Form):
    q = forms.CharField(
        label="Find by name or e-mail",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(choices=TABS, required=False)

    def tab(self) -> str:
        if self.is_valid() and self.cleaned_data["status"]:
            return str(self.cleaned_data["status"])
        return "active"


class ViewerInviteForm(forms.Form):
    email = forms.EmailField(label="E-mail", max_length=255)
    firstname = forms.CharField(label="First name", max_length=255)
    lastname = forms.CharField(label="Last name", max_length=255)
    projects = forms.MultipleChoiceField(
        label="Projects they may see",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Optional: you can also give access later, from the viewer's page.",
    )

    def __init__(self, *args: Any, projects: Iterable[Project] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["projects"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = project_choices(projects)

    def project_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("projects") or []]

    def refused(self, exc: WebworkError) -> None:
        """Put WebWork's refusal on the fields it names (or on the form), keeping the input."""
        add_upstream_errors(self, exc)


class AccessFilterForm(forms.Form):
    q = forms.CharField(
        label="Viewer",
        required=False,
        max_length=255,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": "Name or e-mail"}
        ),
    )
    project = forms.TypedChoiceField(label="Project", required=False, coerce=int, empty_value=None)
    archived = forms.BooleanField(label="Include archived viewers", required=False)

    def __init__(self, *args: Any, projects: Iterable[Project] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All projects"), *project_choices(projects)]

    def value(self, name: str) -> Any:
        """A filter's value; a bad one is ignored, and the others still apply."""
        self.is_valid()
        return self.cleaned_data.get(name)


def add_upstream_errors(
    form: forms.Form, exc: WebworkError, aliases: dict[str, str] | None = None
) -> None:
    """WebWork's field errors on the matching fields (``aliases`` maps WebWork's names to the
    form's); anything else on the form as a whole."""
    if isinstance(exc, WebworkForbidden):
        form.add_error(None, describe(exc)[1])
        return
    if not isinstance(exc, WebworkInvalid) or not exc.field_errors:
        form.add_error(None, f"WebWork said: {exc.message}")
        return
    for name, messages in exc.field_errors.items():
        name = (aliases or {}).get(name, name)
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, message)
