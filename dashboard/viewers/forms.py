"""Forms of the client-viewer pages: the list's filters, the invitation, the access review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from dashboard.core.forms import FilterForm, name_choices
from dashboard.core.upstream import add_upstream_errors
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Project

TABS = (("active", "Active"), ("archived", "Archived"))
SORTABLE = ("name", "email", "status", "member_since", "projects")


class ViewerFilterForm(FilterForm):
    q = forms.CharField(
        label="Find by name or e-mail",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(choices=TABS, required=False)


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
        field.choices = name_choices(projects)

    def project_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("projects") or []]

    def refused(self, exc: WebworkError) -> None:
        """Put WebWork's refusal on the fields it names (or on the form), keeping the input."""
        add_upstream_errors(self, exc)


class AccessFilterForm(FilterForm):
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
        field.choices = [("", "All projects"), *name_choices(projects)]
