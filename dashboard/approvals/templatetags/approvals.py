"""Small formatting filters of the approval pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .. import inbox
from ..kinds import Kind, Record, rows, tr
from ..kinds.rows import Step

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as ``h:mm`` (``—`` when unknown)."""
    return rows.clock(minutes)


@register.filter
def money(amounts: dict[str, float] | None) -> str:
    """An amount per currency, e.g. ``2,229.50`` or ``1,200.00 EUR``; empty when hidden."""
    return rows.money(amounts)


@register.filter
def seconds(value: int | None) -> str:
    """A duration for people: ``45 s``, ``3 min 20 s``, ``1 h 5 min``."""
    total = int(value or 0)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        return f"{total // 60} min {total % 60} s" if total % 60 else f"{total // 60} min"
    return f"{total // 3600} h {total % 3600 // 60} min"


@register.simple_tag
def inbox_tr(row: rows.Row, may_decide: bool, decided: bool = False) -> SafeString:
    """An inbox row (see ``inbox.inbox_tr``)."""
    return inbox.inbox_tr(row, may_decide=bool(may_decide), decided=bool(decided))


@register.simple_tag
def sheet_tbody(row: rows.Row, may_decide: bool, decided: bool = False) -> SafeString:
    """A timesheet's rows in its list (see ``kinds.tr``)."""
    return tr.sheet_tbody(row, may_decide=bool(may_decide), decided=bool(decided))


@register.simple_tag
def sheet_days(row: rows.Row, may_decide: bool) -> SafeString:
    """A timesheet's daily breakdown, asked for by its "Days" link (see ``kinds.tr``)."""
    return tr.sheet_days(row, may_decide=bool(may_decide))


@register.simple_tag
def leave_tr(row: rows.Row, may_decide: bool, decided: bool = False) -> SafeString:
    """A leave request's row in its list (see ``kinds.tr``)."""
    return tr.leave_tr(row, may_decide=bool(may_decide), decided=bool(decided))


@register.simple_tag
def request_tr(row: rows.Row, may_decide: bool, decided: bool = False) -> SafeString:
    """A time request's row in its list (see ``kinds.tr``)."""
    return tr.request_tr(row, may_decide=bool(may_decide), decided=bool(decided))


@register.simple_tag
def decide_url(kind: Kind[Any], item_id: object, verb: str) -> str:
    """``{% url 'approvals:decide' kind.slug item_id verb %}``, reversed once per kind and verb."""
    return rows.item_url("approvals:decide", (kind.slug, rows.ITEM, verb), item_id)


@register.simple_tag
def follow_ups(kind: Kind[Any], record: Record) -> list[Step]:
    """The kind's further decisions that the record's state allows, with their URLs."""
    return [
        Step(step.verb, step.text, step.style, decide_url(kind, record.id, step.verb))
        for step in kind.follow_ups
        if kind.can(step.verb, record.status)
    ]


@register.filter
def isolate_name(label: object) -> SafeString:
    """An item's label with the member's name (before `` · ``) isolated for direction, so a
    right-to-left name does not pull the dates after it into its own order."""
    text = str(label)
    name, dot, rest = text.partition(" · ")
    if not dot:
        return format_html("<bdi>{}</bdi>", text)
    return format_html("<bdi>{}</bdi> · {}", name, rest)
