"""A small workspace for the viewer pages: three projects, three viewers (one archived)."""

from __future__ import annotations

import pytest

from tests.fakes import ok, pages

PROJECTS = [
    {"id": 501, "name": "Website Redesign"},
    {"id": 502, "name": "Mobile App"},
    {"id": 503, "name": "=Budget 2026"},
]
CLARA = {
    "id": 123,
    "email": "clara@brand.test",
    "firstname": "Clara",
    "lastname": "Client",
    "status": "active",
    "member_since": "2025-10-17T09:00:00Z",
    "projects": [{"project_id": 501, "project_name": "Website Redesign"}],
}
BOB = {
    "id": 124,
    "email": "bob@brand.test",
    "firstname": "Bob",
    "lastname": "Büyer & Co",
    "status": "active",
    "member_since": "2025-10-18T09:00:00Z",
    "projects": [
        {"project_id": 501, "project_name": "Website Redesign"},
        {"project_id": 503, "project_name": "=Budget 2026"},
    ],
}
OSCAR = {
    "id": 126,
    "email": "oscar@brand.test",
    "firstname": "Oscar",
    "lastname": "Oldclient",
    "status": "inactive",
    "member_since": "2025-10-20T09:00:00Z",
    "projects": [{"project_id": 502, "project_name": "Mobile App"}],
}
VIEWERS = [CLARA, BOB, OSCAR]


def listed(items: list[dict]) -> object:
    return ok(items, pagination=pages(len(items), 100, 1))


@pytest.fixture
def workspace(upstream):
    """The reads every viewer page starts from."""
    upstream.route("GET", "/project-viewers", listed(VIEWERS))
    upstream.route("GET", "/projects", listed(PROJECTS))
    return upstream
