"""The state of a list page (filters, sort, page, page size), kept in the URL.

Like the admin's ChangeList: a view builds one from ``request.GET`` through its filter form, and
every pager, sort and tab link comes from it, so reload, back and shared links all work::

    state = ListState.from_request(request, form, sortable={"name", "email"}, default_sort="name")
    page = request.webwork.viewers.list(page=state.page, per_page=state.per_page, **state.filters)
    state.url(page=2)            # "?email=ada&sort=name&page=2"
    state.sort_url("email")      # toggles between "email" and "-email"
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest

PAGE_SIZES = (20, 50, 100)


@dataclass(frozen=True)
class ListState:
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    per_page: int = PAGE_SIZES[0]

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
        return cls(filters, sort, _positive(request.GET.get("page"), 1), _page_size(request))

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def sort_key(self) -> str:
        return self.sort.removeprefix("-")

    def query(self, **changes: Any) -> dict[str, Any]:
        state = replace(self, **changes) if changes else self
        params = {k: _plain(v) for k, v in state.filters.items()}
        if state.sort:
            params["sort"] = state.sort
        if state.per_page != PAGE_SIZES[0]:
            params["per_page"] = state.per_page
        if state.page != 1:
            params["page"] = state.page
        return params

    def url(self, **changes: Any) -> str:
        return "?" + urlencode(self.query(**changes), doseq=True)

    def sort_url(self, column: str) -> str:
        sort = f"-{column}" if self.sort == column else column
        return self.url(sort=sort, page=1)

    def aria_sort(self, column: str) -> str:
        if self.sort_key != column:
            return "none"
        return "descending" if self.descending else "ascending"


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
