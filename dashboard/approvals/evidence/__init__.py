"""What a manager looks at before deciding on one item: ``timesheet_evidence``,
``leave_evidence`` and ``time_request_evidence`` read it from the service layer (``common``
says what it costs)."""

from __future__ import annotations

from .common import duration
from .requests import (
    Amount,
    LeaveEvidence,
    TimeRequestEvidence,
    leave_evidence,
    parse_amount,
    time_request_evidence,
)
from .timesheet import Flagged, TimesheetEvidence, explain, timesheet_evidence, week_expenses

__all__ = [
    "Amount",
    "Flagged",
    "LeaveEvidence",
    "TimeRequestEvidence",
    "TimesheetEvidence",
    "duration",
    "explain",
    "leave_evidence",
    "parse_amount",
    "time_request_evidence",
    "timesheet_evidence",
    "week_expenses",
]
