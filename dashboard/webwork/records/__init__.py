"""Small typed records parsed from WebWork's responses, tolerant of both doc variants.

The middle layer of the service layer: views see these, never the JSON. Ids are ``int`` where the
contract says integer (workspace, member, project, contract, viewer, leave policy) and opaque
``str`` elsewhere (timesheets, time requests, leaves, webhooks). Money is a currency → amount map
(see ``parsing.amounts``). ``pages`` holds the envelope and ``Page``, the one paged container.
"""

from __future__ import annotations

from dashboard.webwork.records.approvals import (
    Leave,
    LeaveBalance,
    LeavePolicy,
    TimeRequest,
    Timesheet,
    TimesheetDay,
)
from dashboard.webwork.records.pages import Page
from dashboard.webwork.records.reports import Report, TrackedHoursEntry
from dashboard.webwork.records.work import (
    AddedTime,
    CurrentTracking,
    Expense,
    ExpenseCategory,
    Task,
    TaskAssignee,
    TimeEntry,
    TrackingStarted,
    TrackingStopped,
)
from dashboard.webwork.records.workspace import (
    Contract,
    Member,
    Project,
    Viewer,
    ViewerProject,
    Webhook,
    Workspace,
)

__all__ = [
    "AddedTime",
    "Contract",
    "CurrentTracking",
    "Expense",
    "ExpenseCategory",
    "Leave",
    "LeaveBalance",
    "LeavePolicy",
    "Member",
    "Page",
    "Project",
    "Report",
    "Task",
    "TaskAssignee",
    "TimeEntry",
    "TimeRequest",
    "Timesheet",
    "TimesheetDay",
    "TrackedHoursEntry",
    "TrackingStarted",
    "TrackingStopped",
    "Viewer",
    "ViewerProject",
    "Webhook",
    "Workspace",
]
