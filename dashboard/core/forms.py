"""Form pieces shared by the filters of several pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString

from .lists import ListState


class DateInput(forms.DateInput):
    """A browser's date picker, which takes only ``yyyy-mm-dd``: what was typed into a URL that
    is no date is not written back (the browser would drop it and warn; the error says it)."""

    input_type = "date"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


DATE = DateInput()


class LongSelect(forms.Select):
    """A select of many plain options (every time zone: about 600), written in Python.

    Django writes each option through a template of its own, which costs a page with one such
    field tens of milliseconds of CPU; the options of a list and a selection are kept.
    """

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        if any(isinstance(label, (list, tuple)) for _, label in self.choices):
            return super().render(name, value, attrs, renderer)  # groups: Django's own way
        choices = tuple((str(key), str(label)) for key, label in self.choices)
        final = self.build_attrs(self.attrs, attrs)
        options = _options(choices, tuple(self.format_value(value)))
        return SafeString(f'<select name="{escape(name)}"{flatatt(final)}>\n{options}\n</select>')


@lru_cache(maxsize=64)
def _options(choices: tuple[tuple[str, str], ...], selected: tuple[str, ...]) -> str:
    return "\n".join(
        f'  <option value="{escape(key)}"{" selected" if key in selected else ""}>'
        f"{escape(label)}</option>"
        for key, label in choices
    )


class Named(Protocol):
    """Anything offered by name in a choice: a project, a member."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


def name_choices(items: Iterable[Named]) -> list[tuple[str, str]]:
    """``(id, name)`` choices in the order people look for a name."""
    return [(str(i.id), i.name) for i in sorted(items, key=lambda i: i.name.casefold())]


class FilterForm(forms.Form):
    """The filters of a list page from its URL: a bad value is ignored, and the others apply."""

    def apply_to(self, state: ListState) -> ListState:
        """``state`` with every filter of this form that is valid (``ListState.from_request``
        keeps none at all when one is bad)."""
        self.is_valid()
        return replace(state, filters={k: v for k, v in self.cleaned_data.items() if _given(v)})


def _given(value: Any) -> bool:
    # An unticked box is no filter; a zero may be one.
    return value is not None and value is not False and value not in ("", [])


class DateRangeForm(forms.Form):
    """An optional ``date_from`` to ``date_to`` range whose end may not come before its start."""

    date_from = forms.DateField(required=False, label="From", widget=DATE)
    date_to = forms.DateField(required=False, label="To", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data
