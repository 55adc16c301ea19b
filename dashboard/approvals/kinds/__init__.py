"""The things a manager decides on, and everything that differs between them.

Timesheets wait in ``submitted``; leave and time requests in ``pending``. Code outside this
package asks the kind, never its class or its name: a new kind is one ``Kind`` in ``KINDS``, its
resource in the service layer and its row template (a ``table`` partial for its list page, then
the row itself). URLs, list pages, the inbox, decisions and bulk jobs all follow ``KINDS``.
"""

from __future__ import annotations

from typing import Any

from .base import (
    DONE_STATUS,
    FollowUp,
    Item,
    Kind,
    Listing,
    Lookups,
    Read,
    Reads,
    Record,
    member_name,
)
from .leave import LeaveKind
from .time_request import TimeRequestKind
from .timesheet import TimesheetKind

TIMESHEET, LEAVE, TIME_REQUEST = TimesheetKind(), LeaveKind(), TimeRequestKind()
KINDS: dict[str, Kind[Any]] = {kind.name: kind for kind in (TIMESHEET, LEAVE, TIME_REQUEST)}

__all__ = [
    "DONE_STATUS",
    "KINDS",
    "LEAVE",
    "TIMESHEET",
    "TIME_REQUEST",
    "FollowUp",
    "Item",
    "Kind",
    "Listing",
    "Lookups",
    "Read",
    "Reads",
    "Record",
    "member_name",
]
