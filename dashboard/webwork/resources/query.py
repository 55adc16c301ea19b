"""How a list is read: which page, how large, past the cache or not, in which order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.webwork.records.pages import Page
    from dashboard.webwork.records.parsing import Json
    from dashboard.webwork.resources.base import Api, Params


@dataclass(frozen=True)
class Paging:
    """One page of a list; ``sort`` is the caller's word for the order ("" for the default)."""

    page: int = 1
    per_page: int = 20
    refresh: bool = False
    sort: str = ""
    # Each item of the page also kept as the read of that one item (``one_item``): a review
    # opened from the list then reads nothing more for it.
    keep_items: bool = False


FIRST_PAGE = Paging()


def listed[T](
    api: Api,
    namespace: str,
    path: str,
    filters: Params,
    item: Callable[[Json], T],
    paging: Paging,
) -> Page[T]:
    """One page of a list resource: its filters, then the page asked for (WebWork drops Nones)."""
    params = {**filters, "page": paging.page, "per_page": paging.per_page}
    keep = paging.keep_items
    return api.list_page(namespace, path, params, item, refresh=paging.refresh, keep_items=keep)
