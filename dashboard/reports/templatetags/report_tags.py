"""Template filters of the reports: durations and money."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from dashboard.reports import charts, durations

register = template.Library()


@register.filter
def hm(minutes: int | None) -> str:
    return durations.hours_minutes(minutes)


@register.filter
def decimal_hours(minutes: int | None) -> str:
    return f"{durations.decimal_hours(minutes):.2f}"


@register.filter
def clock(minute_of_day: int | None) -> str:
    return durations.clock(minute_of_day)


@register.filter
def amount_in(amounts: dict[str, float] | None, currency: str) -> str:
    value = (amounts or {}).get(currency)
    return "" if value is None else f"{value:,.2f}"


@register.simple_tag
def chart(drawing: charts.Chart) -> SafeString:
    """``{% chart view.chart %}``: the chart's figure (drawn once for a cached report)."""
    return charts.draw(drawing)
