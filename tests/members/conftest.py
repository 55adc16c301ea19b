"""A small workspace for the member pages: an owner, an executive, two members, an invitee."""

from __future__ import annotations

import pytest

from tests.fakes import ok, pages


def member(id_: int, email: str, first: str, last: str, role: str, **extra: object) -> dict:
    return {
        "id": id_,
        "email": email,
        "firstname": first,
        "lastname": last,
        "current_role": role,
        "status": "active",
        "team_name": None,
        "title": None,
        "rate_status": 0,
        "weekly_hours_limit": None,
        **extra,
    }


AMELIA = member(
    101, "owner@acme.test", "Amelia", "Stone", "Owner", team_name="Operations", rate_status=1
)
MARCUS = member(
    102,
    "exec@acme.test",
    "Marcus",
    "Webb",
    "Executive manager",
    team_name="Operations",
    rate_status=1,
    weekly_hours_limit=20,
)
ZOE = member(
    114,
    "zoe@acme.test",
    "Zoë",
    "Müller",
    "Regular User",
    team_name="Design",
    weekly_hours_limit=40,
    title="UX Designer",
)
LAYLA = member(
    109,
    "layla@acme.test",
    "ليلى",
    "الأحمد",
    "Regular User",
    team_name="Design",
    weekly_hours_limit=30,
)
IVY = member(121, "invited@acme.test", "Ivy", "Invite", "Regular User", status="inactive")
MEMBERS = [AMELIA, MARCUS, ZOE, LAYLA, IVY]


def contract(id_: int, user: dict, project_id: int, project: str, status: str = "active") -> dict:
    return {
        "id": id_,
        "project_id": project_id,
        "project_name": project,
        "user_id": user["id"],
        "user_firstname": user["firstname"],
        "user_lastname": user["lastname"],
        "user_email": user["email"],
        "status": status,
    }


ZOE_WEB = contract(2030, ZOE, 501, "Website Redesign")
ZOE_APP = contract(2031, ZOE, 502, "Mobile App", "paused")
MARCUS_CAFE = contract(2001, MARCUS, 505, "Café Menu 🍰")
CONTRACTS = [ZOE_WEB, ZOE_APP, MARCUS_CAFE]


def listed(items: list[dict]) -> object:
    return ok(items, pagination=pages(len(items), 100, 1))


@pytest.fixture
def workspace(upstream):
    """The reads the member list starts from."""
    upstream.route("GET", "/members", listed(MEMBERS))
    upstream.route("GET", "/contracts", listed(CONTRACTS))
    return upstream


@pytest.fixture
def team_manager(connected):
    """The connected manager, as a Team manager in WebWork: the pages are read-only."""
    connected.workspace_role = "Team manager"
    connected.save()
    return connected
