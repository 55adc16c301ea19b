"""The response envelope and pagination, handled once for every resource.

Every WebWork answer is ``{success, data, message, meta}``; lists carry
``meta.pagination = {total, per_page, current_page, last_page}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dashboard.webwork.records.parsing import Json, Malformed, as_int, as_mapping


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Envelope:
    """A decoded 2xx answer: the payload, the upstream message and the page bookkeeping."""

    data: Any
    message: str = ""
    pagination: Json = field(default_factory=dict)
    fetched_at: datetime = field(default_factory=now)


def parse_envelope(body: object) -> Envelope:
    """The envelope of a decoded JSON body; raises Malformed when it is not one."""
    if not isinstance(body, dict):
        raise Malformed("the body is not a JSON object")
    message = body.get("message")
    # Reference: the contracts list puts `pagination` at the top level instead of in `meta`.
    pagination = as_mapping(as_mapping(body.get("meta")).get("pagination")) or as_mapping(
        body.get("pagination")
    )
    return Envelope(
        data=body.get("data"),
        message=message if isinstance(message, str) else "",
        pagination=pagination,
    )


@dataclass(frozen=True)
class Page[T]:
    """One page of a list (or, from ``fetch_all_pages``, all of it), and when it was fetched."""

    items: tuple[T, ...]
    total: int
    page: int = 1
    per_page: int = 20
    last_page: int = 1
    fetched_at: datetime = field(default_factory=now)
    message: str = ""

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def has_next(self) -> bool:
        return self.page < self.last_page

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def page_from[T](envelope: Envelope, parse: Callable[[Json], T], *, per_page: int = 20) -> Page[T]:
    """A typed page from a list envelope; an answer without pagination is a single page."""
    if not isinstance(envelope.data, list):
        raise Malformed("a list was expected in `data`")
    items = tuple(parse(_item(raw)) for raw in envelope.data)
    bookkeeping = envelope.pagination
    return Page(
        items=items,
        total=_positive(bookkeeping.get("total"), len(items)),
        page=_positive(bookkeeping.get("current_page"), 1),
        per_page=_positive(bookkeeping.get("per_page"), per_page),
        last_page=_positive(bookkeeping.get("last_page"), 1),
        fetched_at=envelope.fetched_at,
        message=envelope.message,
    )


def _item(raw: object) -> Json:
    if not isinstance(raw, Mapping):
        raise Malformed("a list item is not an object")
    return raw


def _positive(value: object, default: int) -> int:
    number = as_int(value)
    return number if number is not None and number >= 0 else default


Gather = Callable[..., Sequence[Any]]


def fetch_all_pages[T](fetch: Callable[[int], Page[T]], gather: Gather) -> Page[T]:
    """Page 1 first; once the number of pages is known, the rest concurrently through ``gather``.

    The result is one page holding every item, with page 1's freshness (the oldest).
    """
    first = fetch(1)
    rest: Sequence[Page[T]] = ()
    if first.last_page > 1:
        rest = gather(*(_page_call(fetch, n) for n in range(2, first.last_page + 1)))
    items = first.items + tuple(item for page in rest for item in page.items)
    return Page(
        items=items,
        total=max(first.total, len(items)),
        page=1,
        per_page=max(len(items), 1),
        last_page=1,
        fetched_at=first.fetched_at,
        message=first.message,
    )


def _page_call[T](fetch: Callable[[int], Page[T]], number: int) -> Callable[[], Page[T]]:
    return lambda: fetch(number)
