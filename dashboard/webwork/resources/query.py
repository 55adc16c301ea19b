"""How a list is read: which page, how large, past the cache or not, in which order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Paging:
    """One page of a list; ``sort`` is the caller's word for the order ("" for the default)."""

    page: int = 1
    per_page: int = 20
    refresh: bool = False
    sort: str = ""

    def params(self) -> dict[str, int]:
        return {"page": self.page, "per_page": self.per_page}


def given(**values: Any) -> dict[str, Any]:
    """The query parameters that have a value: WebWork reads a missing one as "any"."""
    return {name: value for name, value in values.items() if value is not None}
