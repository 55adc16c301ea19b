"""Small formatting filters of the approval pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as ``h:mm`` (``—`` when unknown)."""
    if minutes is None:
        return "—"
    return f"{minutes // 60}:{minutes % 60:02d}"


@register.filter
def money(amounts: dict[str, float] | None) -> str:
    """An amount per currency, e.g. ``2,229.50`` or ``1,200.00 EUR``; empty when hidden."""
    if not amounts:
        return ""
    return ", ".join(f"{value:,.2f}{' ' + code if code else ''}" for code, value in amounts.items())


@register.filter
def seconds(value: int | None) -> str:
    """A duration for people: ``45 s``, ``3 min 20 s``, ``1 h 5 min``."""
    total = int(value or 0)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        return f"{total // 60} min {total % 60} s" if total % 60 else f"{total // 60} min"
    return f"{total // 3600} h {total % 3600 // 60} min"
