"""The query filters that the lists of requests (leave, manual time) share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sandbox.api.inputs import Inputs


@dataclass(frozen=True)
class RequestFilters:
    date_from: date | None
    date_to: date | None
    status: str | None
    user_id: int | None


def request_filters(q: Inputs, statuses: tuple[str, ...]) -> RequestFilters:
    """Read the day range, status and member; failures are collected in ``q`` for ``check``."""
    return RequestFilters(
        date_from=q.day("date_from"),
        date_to=q.day("date_to"),
        status=q.text("status", choices=statuses),
        user_id=q.integer("user_id"),
    )
