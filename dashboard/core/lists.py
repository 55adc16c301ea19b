"""The state of a list page (filters, sort, page, page size, refresh), kept in the URL.

Like the admin's ChangeList: a view builds one from ``request.GET`` through its filter form, and
every pager, sort, tab and refresh link comes from it, so reload, back and shared links all work::

    state = ListState.from_request(request, form, sortable={"name", "email"}, default_sort="name")
    paging = Paging(state.page, state.per_page, refresh=state.refresh)
    page = request.webwork.viewers.list(paging=paging, **state.filters)
    state.url(page=2)            # "?email=ada&sort=name&page=2"
    state.querystring(page=1)    # "email=ada&sort=name", for a link that adds its own parameter
    state.sort_url("email")      # toggles between "email" and "-email"
    state.refresh_url            # this page again, read fresh from WebWork
    state.pager(page)            # for components/pager.html: a Django page or an upstream Page
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page as DjangoPage
from django.http import HttpRequest

PAGE_SIZES = (20, 50, 100)


class UpstreamPage(Protocol):
    """What the pager needs of the service layer's ``Page`` (a frozen dataclass: read-only)."""

    @property
    def page(self) -> int: ...
    @property
    def last_page(self) -> int: ...
    @property
    def total(self) -> int: ...


@dataclass(frozen=True)
class Pager:
    """One page of a list as ``components/pager.html`` shows it."""

    number: int
    last: int
    total: int
    prev_url: str = ""
    next_url: str = ""
    target: str = "#results"

    @property
    def has_other_pages(self) -> bool:
        return self.last > 1

    @classmethod
    def of(
        cls, page: DjangoPage | UpstreamPage, link: Callable[[int], str], target: str = "#results"
    ) -> Pager:
        """The pager of ``page``; ``link(n)`` is the address of page ``n``."""
        if isinstance(page, DjangoPage):
            number, last, total = page.number, page.paginator.num_pages, page.paginator.count
        else:
            number, last, total = page.page, max(page.last_page, 1), page.total
        return cls(
            number=number,
            last=last,
            total=total,
            prev_url=link(number - 1) if number > 1 else "",
            next_url=link(number + 1) if number < last else "",
            target=target,
        )


@dataclass(frozen=True)
class ListState:
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    per_page: int = PAGE_SIZES[0]
    refresh: bool = False

    @classmethod
    def from_request(
        cls,
        request: HttpRequest,
        form: forms.Form | None = None,
        *,
        sortable: Iterable[str] = (),
        default_sort: str = "",
    ) -> ListState:
        filters: dict[str, Any] = {}
        if form is not None and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        sort = request.GET.get("sort", default_sort)
        if sort.removeprefix("-") not in set(sortable):
            sort = default_sort
        return cls(
            filters,
            sort,
            _positive(request.GET.get("page"), 1),
            _page_size(request),
            wants_refresh(request),
        )

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def sort_key(self) -> str:
        return self.sort.removeprefix("-")

    def query(self, **changes: Any) -> dict[str, Any]:
        """The state as query parameters; ``refresh`` never travels in a link."""
        state = replace(self, **changes) if changes else self
        params = {k: _plain(v) for k, v in state.filters.items()}
        if state.sort:
            params["sort"] = state.sort
        if state.per_page != PAGE_SIZES[0]:
            params["per_page"] = state.per_page
        if state.page != 1:
            params["page"] = state.page
        return params

    def querystring(self, **changes: Any) -> str:
        """The bare query, ``a=1&b=2`` (empty when there is nothing to say)."""
        return urlencode(self.query(**changes), doseq=True)

    def url(self, **changes: Any) -> str:
        return "?" + self.querystring(**changes)

    def at(self, path: str) -> str:
        """``path`` in this state, for a ``next`` that brings the user back (no bare ``?``)."""
        query = self.querystring()
        return f"{path}?{query}" if query else path

    def with_filters(self, **filters: Any) -> str:
        """This list with some filters changed, from its first page."""
        return replace(self, filters={**self.filters, **filters}, page=1).url()

    @property
    def refresh_url(self) -> str:
        return "?" + urlencode({**self.query(), "refresh": 1}, doseq=True)

    def sort_url(self, column: str) -> str:
        sort = f"-{column}" if self.sort == column else column
        return self.url(sort=sort, page=1)

    def aria_sort(self, column: str) -> str:
        if self.sort_key != column:
            return "none"
        return "descending" if self.descending else "ascending"

    def columns(
        self, columns: Iterable[tuple[str, str]], default_sort: str = "name"
    ) -> list[tuple[str, str, str, str]]:
        """(key, label, sort URL, aria-sort) per column of a table; a column whose key is empty
        does not sort. Without a sort in the URL the list is taken as sorted by
        ``default_sort``."""
        state = self if self.sort else replace(self, sort=default_sort)
        return [
            (key, label, state.sort_url(key) if key else "", state.aria_sort(key) if key else "")
            for key, label in columns
        ]

    def pager(self, page: DjangoPage | UpstreamPage, target: str = "#results") -> Pager:
        """Previous and next links for a page of items, from Django's paginator or upstream."""
        return Pager.of(page, lambda number: self.url(page=number), target)


def list_template(request: HttpRequest, template: str, tabs_id: str = "") -> str:
    """The page, or for htmx its ``results`` region, or its tabs alone when they fetch their
    counts again after a row changed in place (an htmx request aimed at ``tabs_id``)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return template
    part = "tabs" if tabs_id and htmx.target == tabs_id else "results"
    return f"{template}#{part}"


def wants_refresh(request: HttpRequest) -> bool:
    """The page was asked to read WebWork again rather than its cache (``?refresh=1``)."""
    return request.GET.get("refresh") == "1"


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _positive(raw: str | None, default: int) -> int:
    try:
        value = int(raw or default)
    except ValueError:
        return default
    return value if value >= 1 else default


def _page_size(request: HttpRequest) -> int:
    size = _positive(request.GET.get("per_page"), PAGE_SIZES[0])
    return size if size in PAGE_SIZES else PAGE_SIZES[0]
