"""What the rows that lists write in Python share: a value as a template variable shows it, and
the page's values a row tag reads from its template's context."""

from __future__ import annotations

from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape


def esc(value: object) -> str:
    """``value`` as a template variable shows it: localized, then escaped."""
    shown = localize(value)
    return str(conditional_escape(shown if isinstance(shown, str) else str(shown)))


def context_values(context: Any, **defaults: str | bool) -> dict[str, Any]:
    """The template context's values of these names, each as its default's type (a missing
    name is its default): what every row of one page shares."""
    return {name: type(default)(context.get(name, default)) for name, default in defaults.items()}
