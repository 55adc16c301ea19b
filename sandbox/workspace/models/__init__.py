"""The WebWork data model the sandbox serves: organisation, contracts, and tracked time."""

from __future__ import annotations

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
    TimeEntry,
    TimeRequest,
    Timesheet,
)

__all__ = [
    "Contract",
    "Leave",
    "LeavePolicy",
    "Membership",
    "Project",
    "Role",
    "SeedInfo",
    "Task",
    "TimeEntry",
    "TimeRequest",
    "Timesheet",
    "ViewerAccess",
    "Webhook",
    "Workspace",
]
