"""How an upstream failure reads to a person: as a page or banner, or as errors on a form."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.functional import LazyObject, empty

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


def stale_notice(request: HttpRequest) -> dict[str, Any] | None:
    """Context for ``components/banner.html`` when some of the page is WebWork's last good data
    (``WebworkClient.served_stale``): how old it is, why, and when fresh data may come."""
    client = getattr(request, "webwork", None)
    if client is None or (isinstance(client, LazyObject) and client._wrapped is empty):
        return None  # the page read nothing from WebWork
    reads = getattr(client, "served_stale", ())
    if not reads:
        return None
    oldest = reads[0].fetched_at
    seconds = max(0.0, (timezone.now() - oldest).total_seconds())
    when = time_format(timezone.localtime(oldest), "H:i")
    waits = [read.retry_after for read in reads if read.reason == "budget" and read.retry_after]
    if waits:
        why = "The WebWork request budget of your account is used up for the moment."
        then = f"Fresh data in about {_duration(max(waits), rounded_up=True)}: refresh then."
    else:
        why = "WebWork is not answering right now."
        then = "Refresh in a moment for fresh data."
    return {
        "title": f"Showing WebWork's data as of {when} ({_duration(seconds)} ago)",
        "detail": f"{why} {then}",
        "level": "warning",
        "fetched_at": oldest,
    }


def _duration(seconds: float, *, rounded_up: bool = False) -> str:
    if seconds < 90:
        whole = max(1, math.ceil(seconds) if rounded_up else math.floor(seconds))
        return f"{whole} second{'s' if whole != 1 else ''}"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} minutes"
    hours = round(seconds / 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def refused(
    request: HttpRequest,
    title: str,
    detail: str,
    status: int,
    *,
    back: tuple[str, str] | None = None,
    template: str = "components/refused.html",
) -> HttpResponse:
    """A write refused before anything was sent: for htmx a banner in ``#messages``, else a
    page (``components/refused.html``, with ``back`` = (URL, label) as its way back)."""
    context: dict[str, Any] = {"title": title, "detail": detail, "level": "error"}
    if getattr(request, "htmx", False):
        response = render(request, "components/banner.html", context)
        response["HX-Retarget"], response["HX-Reswap"] = "#messages", "beforeend"
        return response
    if back is not None:
        context |= {"back_url": back[0], "back_label": back[1]}
    return render(request, template, context, status=status)
