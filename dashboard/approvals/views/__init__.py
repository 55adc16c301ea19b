"""The approvals area: one view per URL, grouped by page."""

from __future__ import annotations

from .actions import decide
from .bulk import bulk, job_cancel, job_detail, job_retry
from .inbox import inbox
from .leaves import leaves, time_requests
from .timesheets import timesheets

__all__ = [
    "bulk",
    "decide",
    "inbox",
    "job_cancel",
    "job_detail",
    "job_retry",
    "leaves",
    "time_requests",
    "timesheets",
]
