"""What a manager looks at before deciding on one item: ``timesheet``, ``leave`` and
``time_request`` each read it from the service layer (see ``common`` for the budget)."""

from __future__ import annotations

from .common import duration
from .requests import Amount, LeaveEvidence, TimeRequestEvidence, leave, parse_amount, time_request
from .timesheet import Flagged, TimesheetEvidence, explain, timesheet

__all__ = [
    "Amount",
    "Flagged",
    "LeaveEvidence",
    "TimeRequestEvidence",
    "TimesheetEvidence",
    "duration",
    "explain",
    "leave",
    "parse_amount",
    "time_request",
    "timesheet",
]
