"""A small workspace for the project pages: three projects, two members on one of them."""

from __future__ import annotations

import pytest

from tests.fakes import ok, pages

SITE = {
    "id": 501,
    "name": "Website Redesign",
    "start_date": "2026-01-05",
    "deadline": "2026-06-30",
    "estimation": 120,
    "budget_estimation": 5000,
    "notes": "Phase one",
    "is_billable": True,
    "contracts_count": 2,
    "status": 1,
    "deleted_at": None,
}
APP = {
    "id": 502,
    "name": "Mobile App",
    "is_billable": False,
    "contracts_count": 0,
    "status": 1,
    "deleted_at": None,
}
ARABIC = {
    "id": 503,
    "name": "موقع الشركة",
    "is_billable": True,
    "contracts_count": 1,
    "start_date": "2026-03-01",
    "status": 1,
    "deleted_at": None,
}
PROJECTS = [SITE, APP, ARABIC]
ADA = {
    "id": 9001,
    "project_id": 501,
    "user_id": 114,
    "status": "active",
    "project_name": "Website Redesign",
    "user_firstname": "Ada",
    "user_lastname": "Lovelace",
    "user_email": "ada@acme.test",
    "weekly_hours_limit": 10,
}
BEN = {
    "id": 9002,
    "project_id": 501,
    "user_id": 115,
    "status": "paused",
    "project_name": "Website Redesign",
    "user_firstname": "Ben",
    "user_lastname": "Okafor",
    "user_email": "ben@acme.test",
    "weekly_hours_limit": 1e308,
}
CONTRACTS = [ADA, BEN]


def listed(items: list[dict]) -> object:
    return ok(items, pagination=pages(len(items), 100, 1))


@pytest.fixture
def workspace(upstream):
    """The read every project list starts from."""
    upstream.route("GET", "/projects", listed(PROJECTS))
    return upstream


@pytest.fixture
def regular_user(connected):
    """The connected manager, as a Regular User in WebWork: the pages are read-only."""
    connected.workspace_role = "Regular User"
    connected.save()
    return connected


@pytest.fixture
def project_manager(connected):
    """The connected manager, as a Project manager: tasks yes, projects read-only."""
    connected.workspace_role = "Project manager"
    connected.save()
    return connected


CLARA = {
    "id": 123,
    "email": "clara@brand.test",
    "firstname": "Clara",
    "lastname": "Client",
    "status": "active",
    "projects": [{"project_id": 501, "project_name": "Website Redesign"}],
}
OSCAR = {
    "id": 126,
    "email": "oscar@brand.test",
    "firstname": "Oscar",
    "lastname": "Oldclient",
    "status": "inactive",
    "projects": [{"project_id": 501, "project_name": "Website Redesign"}],
}
NINA = {
    "id": 127,
    "email": "nina@brand.test",
    "firstname": "Nina",
    "lastname": "Nobody",
    "status": "active",
    "projects": [{"project_id": 502, "project_name": "Mobile App"}],
}
HOMEPAGE = {
    "id": 7001,
    "title": "Homepage hero",
    "project_id": 501,
    "status": 10,
    "priority": 20,
    "description": "The big picture up top",
    "start_date": "2026-11-02",
    "end_date": "2026-11-20",
    "assignees": [
        {"id": 114, "firstname": "Ada", "lastname": "Lovelace", "email": "ada@acme.test"}
    ],
}
PRICING = {
    "id": 7002,
    "title": "صفحة الأسعار",
    "project_id": 501,
    "status": 0,
    "priority": 30,
    "assignees": [],
}
TASKS = [HOMEPAGE, PRICING]


def week_report(minutes_by_user: dict[int, int]) -> object:
    users = [
        {"user_id": uid, "project_id": 501, "contract_id": 9000 + n, "total_minutes": minutes}
        for n, (uid, minutes) in enumerate(minutes_by_user.items(), 1)
    ]
    return ok(
        {
            "report_type": "tracked_hours",
            "dates": {
                "2026-12-01": {"total_minutes": sum(minutes_by_user.values()), "users": users}
            },
        }
    )


@pytest.fixture
def project_page(workspace):
    """Every read of the page of project 501."""
    workspace.route("GET", "/contracts", listed(CONTRACTS))
    workspace.route("GET", "/project-viewers", listed([CLARA, OSCAR, NINA]))
    workspace.route("GET", "/tasks", listed(TASKS))
    workspace.route("GET", "/reports/tracked-hours", week_report({114: 540}))
    return workspace
