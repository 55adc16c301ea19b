"""Durations as people read them: hours and minutes, and decimal hours."""

from __future__ import annotations


def hours_minutes(minutes: int | None) -> str:
    """``605`` → ``"10:05"`` (hours may pass 24: it is a duration, not a time of day)."""
    value = int(minutes or 0)
    sign = "-" if value < 0 else ""
    hours, rest = divmod(abs(value), 60)
    return f"{sign}{hours}:{rest:02d}"


def decimal_hours(minutes: int | None) -> float:
    """``605`` → ``10.08`` (two decimals, as timesheets and invoices show them)."""
    return round(int(minutes or 0) / 60, 2)


def clock(minute_of_day: int | None) -> str:
    """Minutes after midnight as ``HH:MM``; empty for none."""
    if minute_of_day is None:
        return ""
    hours, minutes = divmod(int(minute_of_day), 60)
    return f"{hours:02d}:{minutes:02d}"
