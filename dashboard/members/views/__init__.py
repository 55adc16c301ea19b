"""The member pages: the list, an invitation, a row's changes, and offboarding."""

from __future__ import annotations

from .changes import member_archive, member_edit
from .offboard import (
    offboard,
    offboard_archive,
    offboard_contracts,
    offboard_restart,
    offboard_waiting,
)
from .roster import member_invite, member_list

__all__ = [
    "member_archive",
    "member_edit",
    "member_invite",
    "member_list",
    "offboard",
    "offboard_archive",
    "offboard_contracts",
    "offboard_restart",
    "offboard_waiting",
]
