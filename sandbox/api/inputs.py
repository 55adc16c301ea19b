"""Reading and validating query strings and JSON bodies, collecting every field error.

Bad input ends as one 422 listing all field messages (plus a Laravel-style ``errors``
map), never as a 500 and never after a change of state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.http import QueryDict
from django.utils.dateparse import parse_datetime

from sandbox.api.envelope import MAX_PER_PAGE, ApiError

MAX_STRING = 255
# Dates outside these years cannot be real WebWork data and would overflow date arithmetic.
MIN_YEAR, MAX_YEAR = 1970, 2100
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MISSING = object()
_INVALID = object()


class Inputs:
    """Typed accessors over a query string or a decoded body."""

    def __init__(self, source: Mapping[str, Any] | QueryDict) -> None:
        self.source = source
        self.errors: dict[str, list[str]] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raw(self, name: str) -> Any:
        """The value given for ``name``, or _MISSING (an empty query value counts as absent)."""
        value = self.source.get(name, _MISSING)
        if value is None or (value == "" and isinstance(self.source, QueryDict)):
            return _MISSING
        return value

    def has(self, name: str) -> bool:
        return self.raw(name) is not _MISSING

    def require(self, name: str) -> bool:
        if self.has(name):
            return True
        self.fail(name, f"The {name} field is required.")
        return False

    def _take(self, name: str, required: bool, nullable: bool) -> Any:
        """The raw value, _MISSING when absent (or null where allowed), _INVALID on error."""
        if self.source.get(name, _MISSING) is None and not nullable:
            self.fail(name, f"The {name} field must not be null.")
            return _INVALID
        if required and not self.require(name):
            return _INVALID
        return self.raw(name)

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        nullable: bool = False,
        low: int | None = None,
        high: int | None = None,
    ) -> int | None:
        value = self._take(name, required, nullable)
        if value is _MISSING or value is _INVALID:
            return None
        number = _to_int(value)
        if number is None:
            self.fail(name, f"The {name} field must be an integer.")
            return None
        if low is not None and number < low:
            self.fail(name, f"The {name} field must be at least {low}.")
        elif high is not None and number > high:
            self.fail(name, f"The {name} field must not be greater than {high}.")
        return number

    def number(
        self, name: str, *, low: float = 0, high: float = 1e9, required: bool = False
    ) -> float | None:
        value = self._take(name, required, False)
        if value is _MISSING or value is _INVALID:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(name, f"The {name} field must be a number.")
            return None
        try:
            number = float(value)
        except ValueError:
            self.fail(name, f"The {name} field must be a number.")
            return None
        if not low <= number <= high:
            self.fail(name, f"The {name} field must be between {low:g} and {high:g}.")
            return None
        return number

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        nullable: bool = False,
        max_length: int = MAX_STRING,
        choices: tuple[str, ...] | None = None,
    ) -> str | None:
        value = self._take(name, required, nullable)
        if value is _MISSING or value is _INVALID:
            return None
        if not isinstance(value, str):
            self.fail(name, f"The {name} field must be a string.")
            return None
        if required and not value.strip():
            self.fail(name, f"The {name} field is required.")
            return None
        try:
            value.encode()
        except UnicodeEncodeError:
            self.fail(name, f"The {name} field must be valid UTF-8 text.")
            return None
        if len(value) > max_length:
            self.fail(name, f"The {name} field must not be greater than {max_length} characters.")
            return None
        if choices is not None and value not in choices:
            self.fail(name, f"The selected {name} is invalid.")
            return None
        return value

    def email(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name, required=required)
        if value is not None and not EMAIL_RE.match(value):
            self.fail(name, f"The {name} field must be a valid email address.")
            return None
        return value.lower() if value else value

    def day(self, name: str, *, required: bool = False, nullable: bool = False) -> date | None:
        value = self._take(name, required, nullable)
        if value is _MISSING or value is _INVALID:
            return None
        try:
            if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"The {name} field must be a valid date (YYYY-MM-DD).")
            return None
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.fail(name, f"The {name} field must be a date between {MIN_YEAR} and {MAX_YEAR}.")
            return None
        return parsed

    def clock(self, name: str, *, required: bool = False) -> time | None:
        """A clock time ``HH:mm`` (00:00 to 23:59)."""
        value = self._take(name, required, False)
        if value is _MISSING or value is _INVALID:
            return None
        match = re.fullmatch(r"([0-9]{2}):([0-9]{2})", value) if isinstance(value, str) else None
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            self.fail(name, f"The {name} field must be a time of day (HH:mm).")
            return None
        return time(int(match[1]), int(match[2]))

    def moment(self, name: str, *, required: bool = False) -> datetime | None:
        value = self._take(name, required, False)
        if value is _MISSING or value is _INVALID:
            return None
        parsed = None
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.fail(name, f"The {name} field must be an ISO 8601 date-time with a time zone.")
            return None
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.fail(name, f"The {name} field must be between {MIN_YEAR} and {MAX_YEAR}.")
            return None
        return parsed

    def id_list(self, *names: str) -> list[int] | None:
        """An id list given as ``a=1,2``, ``a=1&a=2`` or ``a[]=1&a[]=2`` under any of names."""
        values: list[Any] = []
        for name in names:
            for key in (name, f"{name}[]"):
                if isinstance(self.source, QueryDict):
                    values.extend(self.source.getlist(key))
                elif key in self.source:
                    found = self.source[key]
                    values.extend(found if isinstance(found, list) else [found])
        if not values:
            return None
        ids: list[int] = []
        for value in values:
            parts = value.split(",") if isinstance(value, str) else [value]
            for part in parts:
                if isinstance(part, str) and not part.strip():
                    continue
                number = _to_int(part.strip() if isinstance(part, str) else part)
                if number is None:
                    self.fail(names[0], f"The {names[0]} field must list integer ids.")
                    return None
                ids.append(number)
        return ids

    def boolean(self, name: str) -> bool | None:
        """A JSON ``true``/``false`` (a query string takes the words ``flag`` accepts)."""
        value = self._take(name, False, False)
        if value is _MISSING or value is _INVALID:
            return None
        if isinstance(self.source, QueryDict):
            return self.flag(name, default=False)
        if not isinstance(value, bool):
            self.fail(name, f"The {name} field must be true or false.")
            return None
        return value

    def flag(self, name: str, *, default: bool) -> bool:
        value = self.raw(name)
        if value is _MISSING:
            return default
        if isinstance(value, bool):
            return value
        if str(value).lower() in {"1", "true", "yes"}:
            return True
        if str(value).lower() in {"0", "false", "no"}:
            return False
        self.fail(name, f"The {name} field must be true or false.")
        return default

    def page(self, *, default_per_page: int = 20) -> tuple[int, int]:
        page = self.integer("page", low=1, high=1_000_000) or 1
        per_page = self.integer("per_page", low=1, high=MAX_PER_PAGE) or default_per_page
        return page, per_page

    def check_range(self, date_from: date | None, date_to: date | None) -> None:
        """``date_to`` may not come before ``date_from`` (either may be absent)."""
        if date_from and date_to and date_to < date_from:
            self.fail("date_to", "The date_to must be a date after or equal to date_from.")

    def check(self) -> None:
        """Raise the 422 if anything failed."""
        if self.errors:
            first = next(iter(self.errors.values()))[0]
            raise ApiError(422, first, error="Validation failed", errors=self.errors)


def given[T](value: T | None) -> T:
    """A value that validation already guaranteed (``check()`` passed); narrows the type."""
    if value is None:
        raise ApiError(422, "A required field is missing", error="Validation failed")
    return value


def _to_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 2**53 else None
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,15}", value.strip()):
        return int(value)
    return None
