"""The response envelope and pagination, handled once for every resource.

Every WebWork answer is ``{success, data, message, meta}``; lists carry
``meta.pagination = {total, per_page, current_page, last_page}``.

Pagination is not taken on trust: ``last_page`` counts only as far as ``total`` and the page
size justify, an empty page is the last one, a page holds at most ``MAX_PAGE_ITEMS`` items, and
``fetch_all_pages`` follows at most ``MAX_PAGES`` pages (beyond that the list is Malformed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dashboard.webwork.records.parsing import Json, Malformed, as_int, as_mapping

MAX_PAGE_ITEMS = 1000
MAX_PAGES = 100
# Pages 2.. are asked for in two rounds: this many first, then (if none was empty) the rest.
FIRST_ROUND = 10


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


def page_from[T](
    envelope: Envelope,
    parse: Callable[[Json], T],
    *,
    per_page: int = 20,
    max_items: int = MAX_PAGE_ITEMS,
) -> Page[T]:
    """A typed page from a list envelope; an answer without pagination is a single page."""
    if not isinstance(envelope.data, list):
        raise Malformed("a list was expected in `data`")
    if len(envelope.data) > max_items:
        raise Malformed(f"a page holds {len(envelope.data)} items, more than the {max_items} read")
    items = tuple(parse(_item(raw)) for raw in envelope.data)
    bookkeeping = envelope.pagination
    number = _positive(bookkeeping.get("current_page"), 1) or 1
    return Page(
        items=items,
        total=_positive(bookkeeping.get("total"), len(items)),
        page=number,
        per_page=_positive(bookkeeping.get("per_page"), per_page) or per_page,
        last_page=proven_last_page(
            bookkeeping, page=number, per_page=per_page, delivered=len(items)
        ),
        fetched_at=envelope.fetched_at,
        message=envelope.message,
    )


def proven_last_page(
    pagination: Json, *, page: int = 1, per_page: int, delivered: int | None = None
) -> int:
    """The last page there is, as far as the pagination proves it.

    ``last_page`` counts only up to what ``total`` justifies at the size the pages really have
    (never smaller than ``delivered``, the items on this page); an empty page is the last one.
    """
    last = max(1, _positive(pagination.get("last_page"), 1))
    total = _positive(pagination.get("total"), -1)
    size = max(_positive(pagination.get("per_page"), per_page), delivered or 0, 1)
    if total >= 0:
        last = min(last, max(1, math.ceil(total / size)))
    if delivered == 0:
        last = min(last, max(page, 1))
    return last


def _item(raw: object) -> Json:
    if not isinstance(raw, Mapping):
        raise Malformed("a list item is not an object")
    return raw


def _positive(value: object, default: int) -> int:
    number = as_int(value)
    return number if number is not None and number >= 0 else default


Gather = Callable[..., Sequence[Any]]


def fetch_all_pages[T](
    fetch: Callable[[int], Page[T]], gather: Gather, *, max_pages: int = MAX_PAGES
) -> Page[T]:
    """Page 1 first; then the pages it justifies concurrently through ``gather``, in two rounds.

    The first empty page ends the list (the rest is not asked for). A list of more than
    ``max_pages`` pages is Malformed. The result is one page holding every item, with page 1's
    freshness (the oldest).
    """
    first = fetch(1)
    if first.last_page > max_pages:
        raise Malformed(
            f"the list claims {first.last_page} pages, "
            f"more than the {max_pages} the dashboard reads"
        )
    pages = [first]
    rounds = (
        range(2, min(first.last_page, FIRST_ROUND + 1) + 1),
        range(FIRST_ROUND + 2, first.last_page + 1),
    )
    ended = not first.items
    for numbers in rounds:
        if ended or not numbers:
            break
        for page in gather(*(_page_call(fetch, n) for n in numbers)):
            if not page.items:
                ended = True
                break
            pages.append(page)
    items = tuple(item for page in pages for item in page.items)
    return Page(
        items=items,
        total=len(items) if ended else max(first.total, len(items)),
        page=1,
        per_page=max(len(items), 1),
        last_page=1,
        fetched_at=first.fetched_at,
        message=first.message,
    )


def _page_call[T](fetch: Callable[[int], Page[T]], number: int) -> Callable[[], Page[T]]:
    return lambda: fetch(number)
