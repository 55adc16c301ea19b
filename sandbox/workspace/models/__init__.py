"""The WebWork data model the sandbox serves: organisation, tracked time and expenses."""

from __future__ import annotations

from sandbox.workspace.models.expenses import Expense, ExpenseCategory
from sandbox.workspace.models.org import (
    Contract,
    Membership,
    Project,
    Role,
    SeedInfo,
    Task,
    ViewerAccess,
    Webhook,
    Workspace,
)
from sandbox.workspace.models.time import (
    Leave,
    LeavePolicy,
    RunningTimer,
    TimeEntry,
    TimeRequest,
    Timesheet,
)

__all__ = [
    "Contract",
    "Expense",
    "ExpenseCategory",
    "Leave",
    "LeavePolicy",
    "Membership",
    "Project",
    "Role",
    "RunningTimer",
    "SeedInfo",
    "Task",
    "TimeEntry",
    "TimeRequest",
    "Timesheet",
    "ViewerAccess",
    "Webhook",
    "Workspace",
]
