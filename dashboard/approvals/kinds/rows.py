"""What a row of the inbox or of a kind's list shows, worked out once per row in Python.

A page of rows is rendered often (the inbox is the home page) and Django's template language is
slow per variable, per filter and per tag: so dates and durations are formatted here, every URL
is built here (the URL resolver once per kind and verb, see ``item_url``), and the templates
only place the strings. The review link's ``next`` (the row of this list to come back to) is
worked out once per page by ``Links``.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit

from django.utils import timezone
from django.utils.safestring import SafeString

from dashboard.core.links import ITEM, item_url

if TYPE_CHECKING:
    from .base import Item, Kind

_PLAIN_ID = re.compile(r"[A-Za-z0-9._~-]+")

Row = dict[str, Any]


class Step(NamedTuple):
    """A follow-up decision a row offers, with its URL."""

    verb: str
    text: str
    style: str
    url: str


class Links:
    """Every link of one page's rows: ``here`` is the page (with its state in the query), ``view``
    says which kind of page (``inbox`` or ``table``), ``fields`` are the page's decision fields
    (None: the page is read-only), ``opened`` is the id of the row whose details the page shows
    (its kind's ``details_param``)."""

    def __init__(
        self, here: str, view: str, *, fields: SafeString | None = None, opened: str = ""
    ) -> None:
        self.here, self.view, self.fields, self.opened = here, view, fields, opened
        self._urls: dict[tuple[str, tuple[str, ...]], str] = {}
        parts = urlsplit(here)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "row"]
        kept = urlencode(query)
        # ``next`` is this page with ``row`` last in its query and the row's id as the fragment,
        # quoted as the review URL's query quotes it (see templatetags.review.review_href).
        self._back = quote_plus(f"{parts.path}?{kept}&row=" if kept else f"{parts.path}?row=")

    def row_id(self, item: Item) -> str:
        return item.dom_id if self.view == "inbox" else f"{item.kind.name}-{item.record.id}"

    def url(self, name: str, args: tuple[str, ...], item_id: str) -> str:
        """``item_url``, its pattern looked up once per page."""
        if not _PLAIN_ID.fullmatch(item_id):
            return item_url(name, args, item_id)
        pattern = self._urls.get((name, args))
        if pattern is None:
            pattern = self._urls[name, args] = item_url(name, args, ITEM)
        return pattern.replace(ITEM, item_id)

    def review(self, item: Item) -> str:
        """The item's review page, with ``next`` back at this row and the item's hint."""
        kind = item.kind
        if not kind.review_url_name:
            return ""
        row_id = self.row_id(item)
        if _PLAIN_ID.fullmatch(row_id):  # what quoting leaves as it is
            query = f"next={self._back}{row_id}%23{row_id}"
        else:
            query = f"next={self._back}{quote_plus(quote_plus(row_id))}{quote_plus('#' + row_id)}"
        hint = kind.review_hint(item.record)
        if hint is not None:
            query += "&" + urlencode(hint.query())
        return f"{self.url(kind.review_url_name, (ITEM,), item.record.id)}?{query}"

    def opening(self, item: Item) -> str:
        """This page with the item's details open (htmx asks it for the details alone)."""
        joint = "&" if "?" in self.here else "?"
        return f"{self.here}{joint}{item.kind.details_param}={quote_plus(item.record.id)}"

    def decide(self, kind: Kind[Any], item_id: str, verb: str) -> str:
        return self.url("approvals:decide", (kind.slug, ITEM, verb), item_id)

    def row(self, item: Item) -> Row:
        """What every row has: its name and review link, and its decisions."""
        kind, record = item.kind, item.record
        waiting = record.status == kind.waiting
        review = self.review(item)
        name = f"<bdi>{esc(item.member)}</bdi>"
        if review:
            name = (
                f'<a href="{esc(review)}" data-review-link>{name}'
                f'<span class="visually-hidden">: review the {esc(kind.noun)}</span></a>'
            )
        follow_ups = []
        if self.view != "inbox":
            follow_ups = [
                Step(step.verb, step.text, step.style, self.decide(kind, record.id, step.verb))
                for step in kind.follow_ups
                if kind.can(step.verb, record.status)
            ]
        row: Row = {
            "id": record.id,
            "ref": f"{kind.name}-{record.id}",
            "kind": kind.name,
            "key": item.key,
            "label": item.label,
            "member": item.member,
            "link": SafeString(name),
            "status": record.status,
            "waiting": waiting,
            "approve": self.decide(kind, record.id, "approve") if waiting else "",
            "reject": self.decide(kind, record.id, "reject") if waiting else "",
            "reason_label": kind.reason_label,
            "follow_ups": follow_ups,
        }
        if self.fields is not None:
            row["decide"] = decisions(row, self.fields)
        return row


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def local(moment: datetime) -> datetime:
    """As the ``date`` filter shows an aware time: in the current time zone."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def iso(value: date | None) -> str:
    if value is None:
        return ""
    return local(value).isoformat() if isinstance(value, datetime) else value.isoformat()


def formatted(value: date | None, pattern: str) -> str:
    """``value`` formatted with ``strftime``'s ``pattern`` (English names), empty for None."""
    if value is None:
        return ""
    return (local(value) if isinstance(value, datetime) else value).strftime(pattern)


def time_tag(value: date | None, pattern: str) -> SafeString:
    """``<time datetime="…">…</time>``, or nothing for None."""
    if value is None:
        return SafeString("")
    return SafeString(f'<time datetime="{iso(value)}">{esc(formatted(value, pattern))}</time>')


def between(start: SafeString, end: SafeString) -> SafeString:
    """Two ends of a span with an en dash between them."""
    return SafeString(f"{start}\u2013{end}")


def esc(text: object) -> str:
    """``text`` escaped for HTML as the templates escape it (a safe string as it is)."""
    if isinstance(text, SafeString):
        return text
    return html.escape(str(text))


def clock(minutes: int | None) -> str:
    """Minutes as ``h:mm`` (``—`` when unknown)."""
    if minutes is None:
        return "\u2014"
    return f"{minutes // 60}:{minutes % 60:02d}"


def money(amounts: dict[str, float] | None) -> str:
    """An amount per currency, e.g. ``2,229.50`` or ``1,200.00 EUR``; empty when hidden."""
    if not amounts:
        return ""
    return ", ".join(f"{value:,.2f}{' ' + code if code else ''}" for code, value in amounts.items())


def decisions(
    row: Row,
    fields: SafeString,
    *,
    notice: str = "",
    error: str = "",
    verb: str = "",
    reason_value: str = "",
) -> SafeString:
    """A row's decision controls, in the inbox and in every list: approve and the follow-ups
    send the page's one ``#decide-form`` to their own address (``formaction``; htmx posts there
    and swaps the row); rejecting has a small form of its own for the reason. ``fields`` are the
    page's ``decision_fields``; the rest is what a decision just answered, for its row alone."""
    parts = []
    if notice:
        parts.append(f'<p class="row-notice" role="status">{esc(notice)}</p>')
    if error:
        parts.append(f'<p class="error" role="alert" id="error-{esc(row["ref"])}">{esc(error)}</p>')
    label = esc(row["label"])
    parts.append('<div class="decide">')
    if row["waiting"]:
        parts.append(_button(row["approve"], "button primary small", "Approve", label, True))
        parts.append(_reject(row, label, fields, reason_value, error if verb == "reject" else ""))
    for step in row["follow_ups"]:
        style = f"button {step.style} small" if step.style else "button small"
        parts.append(_button(step.url, style, step.text, label, False))
    parts.append("</div>")
    return SafeString("".join(parts))


def _button(url: str, style: str, text: str, label: str, approve: bool) -> str:
    url = esc(url)
    return (
        f'<button type="submit" form="decide-form" formaction="{url}" hx-post="{url}" '
        f'hx-target="closest [data-row]" class="{esc(style)}"'
        f"{' data-key-approve' if approve else ''}>{esc(text)}"
        f'<span class="visually-hidden"> {label}</span></button>'
    )


def _reject(row: Row, label: str, fields: SafeString, value: str, error: str) -> str:
    url, ref = esc(row["reject"]), esc(row["ref"])
    invalid = f' aria-invalid="true" aria-describedby="error-{ref}"' if error else ""
    return (
        f'<details class="reject" data-key-reject{" open" if error else ""}>'
        f'<summary class="button small">Reject\u2026<span class="visually-hidden"> {label}</span>'
        "</summary>"
        f'<form method="post" class="reject-form" action="{url}" hx-post="{url}" '
        f'hx-target="closest [data-row]">{fields}'
        f'<label for="reason-{ref}">{esc(row["reason_label"])} '
        '<span class="required" aria-hidden="true">*</span></label>'
        f'<input id="reason-{ref}" name="reason" required maxlength="1000" '
        f'list="recent-reasons" autocomplete="off" value="{esc(value)}"{invalid}>'
        '<button type="submit" class="button danger small">Reject'
        f'<span class="visually-hidden"> {label}</span></button></form></details>'
    )
