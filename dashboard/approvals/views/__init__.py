"""The approvals area: one view per URL, grouped by page."""

from __future__ import annotations

from .actions import decide
from .bulk import bulk, job_cancel, job_detail, job_retry
from .inbox import inbox
from .lists import approval_list
from .missing import (
    missing_list,
    missing_remind,
    missing_schedule,
    missing_submit,
    missing_template,
)
from .review import leave_review, time_request_review, timesheet_review

__all__ = [
    "approval_list",
    "bulk",
    "decide",
    "inbox",
    "job_cancel",
    "job_detail",
    "job_retry",
    "leave_review",
    "missing_list",
    "missing_remind",
    "missing_schedule",
    "missing_submit",
    "missing_template",
    "time_request_review",
    "timesheet_review",
]
