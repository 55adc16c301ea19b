"""A small workspace behind the fake WebWork: members and projects with hostile names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes import ok

HOSTILE_MEMBER = "<script>alert('x')</script> Mallory"
HOSTILE_PROJECT = '=HYPERLINK("http://evil.test","Click")'
MEMBERS = [
    {
        "id": 9,
        "email": "ada@acme.test",
        "firstname": "Ada",
        "lastname": "Lovelace",
        "role": "Regular User",
    },
    {
        "id": 10,
        "email": "mal@acme.test",
        "firstname": HOSTILE_MEMBER,
        "lastname": "",
        "role": "Regular User",
    },
    {
        "id": 11,
        "email": "vic@client.test",
        "firstname": "Vic",
        "lastname": "Viewer",
        "role": "Project viewer",
    },
]
PROJECTS = [{"id": 100, "name": "Website"}, {"id": 101, "name": HOSTILE_PROJECT}]


def tracked(request: Any) -> Any:
    """A tracked-hours chunk in the sandbox's shape: two rows on the chunk's first day."""
    start = request.url.params["start_date"]
    rows = [
        {
            "user_id": 9,
            "project_id": 100,
            "contract_id": 1,
            "total_minutes": 90,
            "total_amount": {"USD": 45.5},
        },
        {
            "user_id": 10,
            "project_id": 101,
            "contract_id": 2,
            "total_minutes": 45,
            "total_amount": {},
        },
    ]
    data = {
        "report_type": "tracked_hours",
        "start_date": start,
        "end_date": request.url.params["end_date"],
        "total": {"total_minutes": 135, "total_amount": {"USD": 45.5}},
        "dates": {start: {"total_minutes": 135, "users": rows}},
    }
    return ok(data)(request)


@pytest.fixture
def workspace(upstream):
    upstream.route("GET", "/members", ok(MEMBERS))
    upstream.route("GET", "/projects", ok(PROJECTS))
    return upstream


WEEK = "period=custom&start=2025-01-06&end=2025-01-12"
NINETY_DAYS = "period=custom&start=2025-01-01&end=2025-03-31"
