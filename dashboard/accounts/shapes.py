"""How a raw WebWork answer is held against a declared shape (the table is in ``checking``).

The vocabulary of the table (``Kind``, ``Field``, ``Operation``), what one check found
(``Outcome``, ``Problem``, ``ConnectionCheck``), and ``inspect``, which reads one answer the way
the service layer would: the envelope, ``data`` as a list, an object or report rows, the
pagination in ``meta`` or at the top level, every listed field of every item, and the record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from dashboard.webwork.records.parsing import (
    Json,
    Malformed,
    as_float,
    as_int,
    as_list,
    as_mapping,
    parse_date,
    parse_datetime,
)
from dashboard.webwork.records.reports import report_rows

Shape = Literal["list", "object", "report"]
Params = Callable[[Any], dict[str, Any]]
RATE_LIMIT_PREFIX = "x-ratelimit-"
NOT_JSON = object()


@dataclass(frozen=True)
class Kind:
    """A field type as the records read it (``as_int`` takes ``"42"`` as well as ``42``)."""

    name: str
    accepts: Callable[[object], bool] = field(repr=False)


def _is_id(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool) and value != ""


INTEGER = Kind("an integer", lambda v: as_int(v) is not None)
ID = Kind("an id", _is_id)
TEXT = Kind("text", lambda v: isinstance(v, str))
NUMBER = Kind("a number", lambda v: as_float(v) is not None)
DATE = Kind("a date", lambda v: parse_date(v) is not None)
MOMENT = Kind("a date-time", lambda v: parse_datetime(v) is not None)
LIST = Kind("a list", lambda v: isinstance(v, list))


def _is_display_date(value: object) -> bool:
    """ISO, or ``Jan 15, 2024`` as the restricted docs show expense dates (records/work.py)."""
    if parse_date(value) is not None:
        return True
    try:
        datetime.strptime(str(value).strip(), "%b %d, %Y")
    except ValueError:
        return False
    return isinstance(value, str)


DISPLAY_DATE = Kind("a date", _is_display_date)


@dataclass(frozen=True)
class Field:
    """A field of each item, by the names its record tries in order; ``a[].b`` is ``b`` of
    every element of the list ``a``."""

    names: tuple[str, ...]
    kind: Kind

    @property
    def label(self) -> str:
        return " or ".join(f"`{name}`" for name in self.names)


def fields(*groups: tuple[str | tuple[str, ...], Kind]) -> tuple[Field, ...]:
    return tuple(Field((n,) if isinstance(n, str) else n, kind) for n, kind in groups)


@dataclass(frozen=True)
class From:
    """A value a read takes from the first item another list answered: into its path
    (``{id}``) or a query parameter. Into ``id``, it is the filter by which the client reads
    one timesheet, leave or expense, so the answer's first item must be that one."""

    target: str
    operation: str
    field: str = "id"


@dataclass(frozen=True)
class Operation:
    """One read of the service layer, and what the dashboard relies on in its answer.

    ``signs`` are (field, value or None for "present", variant): what only one doc variant sends.
    """

    name: str
    path: str
    fields: tuple[Field, ...]
    record: Callable[[Json], object] | None = None
    shape: Shape = "list"
    paged: bool = True
    params: Params = lambda today: {}
    sources: tuple[From, ...] = ()
    workspace: bool = True
    signs: tuple[tuple[str, object, str], ...] = ()


@dataclass(frozen=True)
class Problem:
    """A field the dashboard relies on that an answer lacks, or has with the wrong type."""

    operation: str
    field: str
    detail: str

    def __str__(self) -> str:
        return f"{self.operation}: {self.field} {self.detail}"


@dataclass
class Outcome:
    """What one operation answered: status, problems, doc variant, paging and rate limit."""

    operation: Operation
    status: int | None = None
    problems: list[Problem] = field(default_factory=list)
    items: int = 0
    variant: str = ""
    paging: str = ""
    rate_limit: dict[str, str] = field(default_factory=dict)
    note: str = ""
    error: str = ""
    first_item: Json | None = None

    @property
    def name(self) -> str:
        return self.operation.name

    @property
    def answered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def failure(self) -> str:
        """Why the read failed, as one line ("" when it was answered or not tried)."""
        if not self.error:
            return ""
        status = f"HTTP {self.status}: " if self.status else ""
        return f"{self.name}: {status}{self.error}"

    @property
    def verdict(self) -> str:
        if not self.answered:
            return "—"
        if any(p.detail.startswith(("is missing", "is null")) for p in self.problems):
            return "missing"
        if self.problems:
            return "wrong type"
        return "ok" if self.items else "no items"

    def add(self, field_name: str, detail: str) -> None:
        if all(p.field != field_name for p in self.problems):
            self.problems.append(Problem(self.name, field_name, detail))


@dataclass
class ConnectionCheck:
    """Every operation's outcome; ``passed`` when each answered with every field it needs."""

    outcomes: list[Outcome]

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.problems]

    @property
    def failures(self) -> list[str]:
        return [o.failure for o in self.outcomes if o.failure]

    @property
    def passed(self) -> bool:
        return not self.problems and not self.failures

    @property
    def variant(self) -> str:
        """``api``, ``v2``, ``mixed`` (signs of both), or ``unknown`` (no sign of either)."""
        seen = {o.variant for o in self.outcomes if o.variant in ("api", "v2")}
        return seen.pop() if len(seen) == 1 else ("mixed" if seen else "unknown")


def rate_limit_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """``X-RateLimit-Limit: 60`` as ``{"limit": "60"}``; ``Retry-After`` too when sent."""
    seen = {k.lower(): v for k, v in headers.items()}
    found = {
        k[len(RATE_LIMIT_PREFIX) :]: v for k, v in seen.items() if k.startswith(RATE_LIMIT_PREFIX)
    }
    if "retry-after" in seen:
        found["retry-after"] = seen["retry-after"]
    return found


def decoded(content: bytes) -> object:
    """The JSON of an answer's body; ``NOT_JSON`` when it is something else."""
    try:
        return json.loads(content)
    except ValueError:
        return NOT_JSON


def inspect(
    outcome: Outcome, body: object, pagination: tuple[Field, ...], asked: str | None = None
) -> None:
    """Hold one 2xx answer against ``outcome.operation``; ``asked``: the id it filtered by."""
    op = outcome.operation
    if body is NOT_JSON:
        outcome.add("the answer", "is not JSON")
        return
    if not isinstance(body, Mapping) or "data" not in body:
        outcome.add("the answer", "is not a WebWork envelope (a JSON object with `data`)")
        return
    items = _items(outcome, body["data"])
    outcome.items = len(items)
    outcome.paging = _paging(outcome, body, pagination)
    signs = set()
    for item in items:
        if _check_item(outcome, item) and op.record is not None:
            _check_record(outcome, op.record, item)
        signs |= {v for name, value, v in op.signs if _shows(item, name, value)}
    outcome.variant = signs.pop() if len(signs) == 1 else ("either" if signs else "")
    if asked is not None:
        _check_filtered(outcome, items, asked)
    if op.shape != "report" and items:
        outcome.first_item = items[0]


def _items(outcome: Outcome, data: object) -> Sequence[Json]:
    shape = outcome.operation.shape
    if shape == "report":
        if data is None:
            outcome.add("`data`", "is missing")
        return report_rows(data)
    if shape == "object":
        if isinstance(data, Mapping):
            return [data]
        outcome.add("`data`", f"is {_describe(data)}, expected an object")
        return []
    if not isinstance(data, list):
        outcome.add("`data`", f"is {_describe(data)}, expected a list")
        return []
    if not all(isinstance(item, Mapping) for item in data):
        outcome.add("`data`", "holds something that is not an object")
    return [item for item in data if isinstance(item, Mapping)]


def _paging(outcome: Outcome, body: Mapping[str, Any], pagination: tuple[Field, ...]) -> str:
    """Where the pagination was (``meta``, ``top level``, both, ``none``); checked if paged."""
    in_meta = as_mapping(as_mapping(body.get("meta")).get("pagination"))
    on_top = as_mapping(body.get("pagination"))
    places = [name for name, found in (("meta", in_meta), ("top level", on_top)) if found]
    if outcome.operation.shape == "object":
        return ""
    if outcome.operation.paged:
        if not places:
            outcome.add("the pagination", "is missing (in `meta` or at the top level)")
        # Read where the client reads it: ``meta`` first (records/pages.py).
        for fld in pagination:
            found = _field_problem(in_meta or on_top, fld)
            if places and found:
                outcome.add(f"pagination {found[0]}", found[1])
    return " and ".join(places) or "none"


def _check_item(outcome: Outcome, item: Json) -> bool:
    clean = True
    for fld in outcome.operation.fields:
        found = _field_problem(item, fld)
        if found:
            outcome.add(*found)
            clean = False
    return clean


def _check_record(outcome: Outcome, record: Callable[[Json], object], item: Json) -> None:
    try:
        record(item)
    except (Malformed, ValueError, TypeError) as exc:
        name = record.__qualname__.split(".")[0]
        outcome.add(f"the {name} record", f"cannot be read: {exc}")


def _check_filtered(outcome: Outcome, items: Sequence[Json], asked: str) -> None:
    """The client reads one item as the first of ``?id=``: it must be that one."""
    if not items:
        outcome.add("the `id` filter", f"answered no item for the listed id {asked}")
    elif str(items[0].get("id")) != asked:
        got = items[0].get("id")
        outcome.add("the `id` filter", f"was not applied: asked for {asked}, got {got}")


def _field_problem(item: Json, fld: Field) -> tuple[str, str] | None:
    """``(field, detail)`` when no name of ``fld`` holds a value of its kind; None if one does."""
    null = False
    for name in fld.names:
        head, nested, rest = name.partition("[].")
        if nested:
            values = [as_mapping(e).get(rest) for e in as_list(item.get(head))]
        elif item.get(name) is None:
            null = null or name in item
            continue
        else:
            values = [item[name]]
        wrong = [v for v in values if not fld.kind.accepts(v)]
        if not wrong:
            return None
        return f"`{name}`", f"is {_describe(wrong[0])}, expected {fld.kind.name}"
    return fld.label, f"is {'null' if null else 'missing'}, expected {fld.kind.name}"


def _shows(item: Json, name: str, value: object) -> bool:
    return name in item if value is None else item.get(name) == value


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, str):
        return f"text ({value[:24]!r})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    return "a list" if isinstance(value, list) else "an object"
