"""Links to review pages, and durations the way the review pages say them."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .. import evidence
from ..kinds import Item

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """``42 h 10 m``."""
    return evidence.duration(minutes)


def back_to_row(here: str, row_id: str) -> str:
    """``here`` (a list's URL with its state) marked with the row to come back to: ``row`` in
    the query for the list's script, and the row's id as the fragment for the browser."""
    parts = urlsplit(here)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "row"]
    query.append(("row", row_id))
    return urlunsplit(("", "", parts.path, urlencode(query), row_id))


@register.simple_tag
def review_href(item: Item, here: str, view: str) -> str:
    """The item's review page, opened with ``next`` pointing back at this row of this list."""
    row_id = item.dom_id if view == "inbox" else f"{item.kind.name}-{item.record.id}"
    hint = item.kind.review_hint(item.record)
    query = {"next": back_to_row(here, row_id)} | (hint.query() if hint else {})
    return f"{item.review_url}?{urlencode(query)}"


@register.simple_tag
def review_link(item: Item, here: str, view: str) -> SafeString:
    """The member's name, linking to the item's review when its kind has one."""
    name = format_html("<bdi>{}</bdi>", item.member)
    if not item.review_url:
        return name
    return format_html(
        '<a href="{}" data-review-link>{}<span class="visually-hidden">: review the {}</span></a>',
        review_href(item, here, view),
        name,
        item.kind.noun,
    )
