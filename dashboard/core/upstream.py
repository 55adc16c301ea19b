"""How an upstream failure reads to a person: as a page or banner, or as errors on a form."""

from __future__ import annotations

from typing import Any

from django import forms

from dashboard.webwork.errors import (
    WebworkError,
    WebworkForbidden,
    WebworkInvalid,
    WebworkNotFound,
    WebworkRateLimited,
)


def describe(exc: WebworkError) -> tuple[str, str, int]:
    """The title, the explanation and the HTTP status a person sees for an upstream failure."""
    if isinstance(exc, WebworkForbidden):
        return (
            "Your WebWork role does not allow this",
            f"WebWork said: {sentence(exc.message)} This needs the Owner or Executive manager "
            "role in the workspace.",
            403,
        )
    if isinstance(exc, WebworkNotFound):
        return ("Not found in WebWork", f"WebWork said: {exc.message}", 404)
    if isinstance(exc, WebworkRateLimited):
        return (
            "WebWork asks us to slow down",
            f"The request budget for your WebWork account is used up for now. "
            f"Try again in {int(exc.retry_after) or 1} seconds.",
            503,
        )
    if isinstance(exc, WebworkInvalid):
        return ("WebWork refused the request", f"WebWork said: {exc.message}", 400)
    return (
        "WebWork is not answering",
        f"{sentence(exc.message)} Nothing was lost; try again in a moment.",
        503,
    )


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


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


def flash(title: str, detail: str = "", level: str = "success", items: Any = ()) -> dict:
    """Context for ``components/flash.html``: a banner sent out of band with an htmx answer.

    ``items`` are ``(name, ok, text)`` triples, one per thing an action touched.
    """
    return {"flash": {"title": title, "detail": detail, "level": level, "items": items}}
