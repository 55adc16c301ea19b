"""A small workspace for the assignments page: two members, two projects, three contracts."""

from __future__ import annotations

import pytest

from tests.fakes import ok, pages

MEMBERS = [
    {
        "id": 102,
        "email": "marcus@acme.test",
        "firstname": "Marcus",
        "lastname": "Webb",
        "status": "active",
    },
    {
        "id": 103,
        "email": "priya@acme.test",
        "firstname": "Priya",
        "lastname": "Raman",
        "status": "active",
    },
    {
        "id": 199,
        "email": "gone@acme.test",
        "firstname": "Gone",
        "lastname": "Person",
        "status": "left",
    },
]
PROJECTS = [{"id": 505, "name": "Café Menu 🍰"}, {"id": 507, "name": 'R&D "Skunkworks"'}]


def contract(cid: int, user: int, project: int, **extra: object) -> dict:
    member = next(m for m in MEMBERS if m["id"] == user)
    name = next(p["name"] for p in PROJECTS if p["id"] == project)
    return {
        "id": cid,
        "project_id": project,
        "project_name": name,
        "user_id": user,
        "user_firstname": member["firstname"],
        "user_lastname": member["lastname"],
        "user_email": member["email"],
        "user_role": "Regular User",
        "weekly_hours_limit": 20,
        "screenshots": "blurred",
        "status": "active",
        **extra,
    }


MARCUS_CAFE = contract(
    2001, 102, 505, rate=70.0, rate_type=2, currency="EUR", user_role="Executive manager"
)
PRIYA_CAFE = contract(2002, 103, 505, weekly_hours_limit=10, status="paused")
PRIYA_RND = contract(2003, 103, 507, weekly_hours_limit=40)
CONTRACTS = [MARCUS_CAFE, PRIYA_CAFE, PRIYA_RND]

# Marcus: 17 h of 20 (near); Priya on the café: 10 h of 10 (at the limit); Priya on R&D: 5 h.
REPORT = {
    "report_type": "tracked_hours",
    "dates": {
        "2026-11-23": {
            "users": [
                {"user_id": 102, "project_id": 505, "contract_id": 2001, "total_minutes": 600},
                {"user_id": 103, "project_id": 505, "contract_id": 2002, "total_minutes": 600},
            ]
        },
        "2026-11-24": {
            "users": [
                {"user_id": 102, "project_id": 505, "contract_id": 2001, "total_minutes": 420},
                {"user_id": 103, "project_id": 507, "contract_id": 2003, "total_minutes": 300},
            ]
        },
    },
}


def listed(items: list[dict], top_level: bool = False) -> object:
    return ok(items, pagination=pages(len(items), 100, 1), top_level=top_level)


@pytest.fixture
def reference(upstream):
    upstream.route("GET", "/members", listed(MEMBERS))
    upstream.route("GET", "/projects", listed(PROJECTS))
    return upstream


@pytest.fixture
def workspace(reference):
    reference.route("GET", "/contracts", listed(CONTRACTS, top_level=True))
    reference.route("GET", "/reports/tracked-hours", ok(REPORT))
    return reference
