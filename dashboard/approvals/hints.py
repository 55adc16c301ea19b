"""Where a link says a waiting item lies: its member and its dates.

A review page needs the item and the reads that depend on it (the member's leave, manual time or
entries on the item's dates). Read one after the other, that is two rounds of upstream latency.
The inbox and the lists know the member and the dates of every row, so their links carry them,
and the review sends every read in one concurrent batch.

A hint is never shown and never trusted: what WebWork answers for the item decides. When the
item turns out not to match its hint (an edited link, a changed item), the dependent reads are
sent again for the item as it is, a second round, and the hinted answers are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

MAX_DAYS = 62  # a timesheet's period or a leave; a longer hinted span is ignored


@dataclass(frozen=True)
class Hint:
    user_id: int
    start: date
    end: date

    @classmethod
    def of(cls, user_id: int | None, start: date | None, end: date | None) -> Hint | None:
        if user_id is None or start is None:
            return None
        return cls(user_id, start, end or start)

    @classmethod
    def read(cls, query: Mapping[str, str]) -> Hint | None:
        """The hint of a review URL's query (``u``, ``from``, ``to``); None when absent or odd."""
        try:
            user_id = int(query.get("u", ""))
            start = date.fromisoformat(query.get("from", ""))
            end = date.fromisoformat(query.get("to", "") or start.isoformat())
        except ValueError:
            return None
        if user_id <= 0 or end < start or (end - start).days > MAX_DAYS:
            return None
        return cls(user_id, start, end)

    def query(self) -> dict[str, str]:
        return {"u": str(self.user_id), "from": self.start.isoformat(), "to": self.end.isoformat()}

    def matches(self, user_id: int | None, start: date | None, end: date | None) -> bool:
        return (user_id, start, end or start) == (self.user_id, self.start, self.end)
