"""What the connected WebWork role may do, so that pages offer only that.

WebWork decides: these rules mirror its own (``docs/webwork-api/NOTES.md``: most writes, every
decision and every report are for owners and executive managers; team managers see their team's
records; project and team managers manage tasks; everyone else sees their own). A page that
hides a button for a role it does not know still lets WebWork answer if it is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

OWNER = "owner"
EXECUTIVE_MANAGER = "executive manager"
TEAM_MANAGER = "team manager"
PROJECT_MANAGER = "project manager"
MANAGERS = frozenset({OWNER, EXECUTIVE_MANAGER})


@dataclass(frozen=True)
class Role:
    """A WebWork role as the dashboard reads it (names compared without case or spaces)."""

    name: str

    @property
    def key(self) -> str:
        return " ".join(self.name.split()).casefold()

    @property
    def is_manager(self) -> bool:
        """Owner or Executive manager: decides, invites, assigns, reads reports and the log."""
        return self.key in MANAGERS

    @property
    def can_decide(self) -> bool:
        return self.is_manager

    @property
    def can_manage_access(self) -> bool:
        """Client viewers, contracts, members and webhooks."""
        return self.is_manager

    @property
    def can_read_reports(self) -> bool:
        return self.is_manager

    @property
    def can_manage_tasks(self) -> bool:
        return self.key in MANAGERS | {TEAM_MANAGER, PROJECT_MANAGER}

    @property
    def sees_everyone(self) -> bool:
        return self.is_manager

    @property
    def summary(self) -> str:
        """One sentence on what this role means here, said once to a user who is not a manager."""
        if self.is_manager:
            return ""
        if self.key == TEAM_MANAGER:
            return (
                "As a Team manager you see your team's timesheets, leave and time requests; "
                "decisions, invitations and reports need the Owner or Executive manager role."
            )
        return (
            f"As a {self.name or 'member without a role'} you see only your own records; "
            "decisions, invitations and reports need the Owner or Executive manager role."
        )
