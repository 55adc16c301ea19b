"""Tolerant readers for the values inside WebWork's JSON: ids, numbers, dates and strings.

Strings are returned exactly as received (no trimming, no unescaping): what a person typed in
WebWork is what the dashboard shows, and escaping is the templates' job.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

Json = Mapping[str, Any]

_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")
_INTEGER = re.compile(r"\s*-?\d{1,18}\s*")
# 2**53: the largest integer a JSON number carries exactly, and far beyond any real value.
MAX_MAGNITUDE = 2**53


class Malformed(ValueError):
    """A payload does not have the shape the contract promises (the client reports it upstream)."""


def as_int(value: object) -> int | None:
    """An integer from an int, an integral float or a string of digits; None otherwise.

    Absurd magnitudes (beyond ``MAX_MAGNITUDE``) are None too: no id, count or duration WebWork
    sends comes near it, and bigger numbers overflow dates and durations downstream.
    """
    if type(value) is int:  # the common case, first
        return value if -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE else None
    if isinstance(value, bool):
        return None
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and _INTEGER.fullmatch(value)
    ):
        number = int(value)
    return number if number is not None and abs(number) <= MAX_MAGNITUDE else None


def require_int(raw: Json, key: str) -> int:
    value = as_int(raw.get(key))
    if value is None:
        raise Malformed(f"missing integer {key!r}")
    return value


def require_id(raw: Json, key: str = "id") -> str:
    """An opaque id (timesheets, leaves, time requests, webhooks): a string, never parsed."""
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise Malformed(f"missing id {key!r}")
    return str(value)


def as_float(value: object) -> float | None:
    """A finite number within ``MAX_MAGNITUDE``; None for anything else (NaN, inf, 1e308)."""
    if type(value) is float:  # the common case, first
        return value if math.isfinite(value) and abs(value) <= MAX_MAGNITUDE else None
    if isinstance(value, bool):
        return None
    number: float | None = None
    if isinstance(value, int) and abs(value) <= MAX_MAGNITUDE:
        number = float(value)
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str) and len(value) <= 40:
        try:
            number = float(value)
        except ValueError:
            return None
    if number is None or not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        return None
    return number


def as_str(value: object) -> str:
    """Text as received; numbers become their decimal form, anything else the empty string."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def as_opt_str(value: object) -> str | None:
    return None if value is None else as_str(value)


def as_bool(value: object) -> bool | None:
    """Booleans as sent: true/false, 1/0, or WebWork's ``yes``/``no`` strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {1: True, 0: False}.get(value)
    if isinstance(value, str):
        return {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}.get(
            value.strip().lower()
        )
    return None


def as_mapping(value: object) -> Json:
    if type(value) is dict:  # what JSON gives, checked before the slower abstract Mapping
        return value
    return value if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def parse_datetime(value: object) -> datetime | None:
    """A timezone-aware datetime from the ISO variants in the docs; naive values are taken as UTC.

    Reference: ``2024-01-15T10:30:00Z``, ``...+00:00``, ``...00.000000Z`` and, for
    ``activated_at``, ``2025-02-19 19:24:55`` all appear.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = _LONG_FRACTION.sub(r"\1", value.strip())
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_date(value: object) -> date | None:
    """A date from ``YYYY-MM-DD`` or from any of the date-time forms."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            parsed = parse_datetime(value)
            return parsed.date() if parsed else None
    return None


def amounts(value: object) -> dict[str, float]:
    """Money as a currency → amount map; a bare number is kept under the unknown currency ``""``.

    Reference: ``total_amount`` is an object keyed by currency in reports, a number elsewhere.
    """
    if type(value) is dict or isinstance(value, Mapping):
        if not value:
            return {}
        result = {str(k): as_float(v) for k, v in value.items()}
        return {k: v for k, v in result.items() if v is not None}
    number = as_float(value)
    return {} if number is None else {"": number}


def full_name(first: str, last: str, fallback: str = "") -> str:
    """ "First Last", or ``fallback`` when WebWork sent neither."""
    return f"{first} {last}".strip() or fallback
