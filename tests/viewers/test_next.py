"""Every viewer and assignment view that takes ``next`` sends the user only to a local path."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.assignments.conftest import MARCUS_CAFE, PRIYA_CAFE, REPORT
from tests.conftest import HTMX
from tests.fakes import ok
from tests.viewers.conftest import CLARA, OSCAR, PROJECTS, listed

EVIL = [
    "//evil",
    "/\\evil",
    "https:evil",
    "\\\\evil",
    "%2F%2Fevil",
    "javascript:alert(1)",
    "https://evil.test/",
    "/%5Cevil",
    " //evil",
]


@pytest.fixture
def webwork(upstream):
    """The reads and writes of every view below, each answering as WebWork does."""
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("GET", "/project-viewers/126", ok(OSCAR))
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("DELETE", "/project-viewers/123", ok(message="Deleted"))
    upstream.route("POST", "/project-viewers/126/restore", ok(message="Restored"))
    upstream.route("POST", "/project-viewers/123/assign-project", ok(message="Assigned"))
    upstream.route("GET", "/contracts/2001", ok(MARCUS_CAFE))
    upstream.route("GET", "/contracts/2002", ok(PRIYA_CAFE))
    upstream.route("PUT", "/contracts/2001", ok(MARCUS_CAFE, message="Updated"))
    upstream.route("PUT", "/contracts/2002", ok(None, message="Updated"))
    upstream.route("GET", "/reports/tracked-hours", ok(REPORT))
    return upstream


EDIT = {"weekly_hours_limit": "25", "screenshots": "full"}
POSTS = [
    ("archive", "/viewers/123/archive/", {}, "/viewers/123/"),
    ("restore", "/viewers/126/restore/", {}, "/viewers/126/"),
    ("access cell", "/viewers/123/projects/502/", {"projects": "502"}, "/viewers/123/"),
    ("contract edit", "/assignments/2001/edit/", EDIT, "/assignments/"),
    ("contract pause", "/assignments/2001/pause/", {}, "/assignments/"),
    ("contract resume", "/assignments/2002/resume/", {}, "/assignments/"),
]


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize(("name", "url", "form", "home"), POSTS, ids=[p[0] for p in POSTS])
def test_a_post_never_goes_back_to_another_site(
    connected_client, webwork, name, url, form, home, evil
):
    response = connected_client.post(url, {**form, "next": evil})
    assert response.status_code == 302
    assert response["Location"] == home


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize(
    ("url", "home"),
    [("/viewers/123/archive/", "/viewers/123/"), ("/assignments/2001/edit/", "/assignments/")],
    ids=["archive", "contract edit"],
)
def test_a_form_never_offers_another_site_as_the_way_back(
    connected_client, webwork, url, home, evil
):
    page = connected_client.get(f"{url}?next={quote(evil, safe='')}").content.decode()
    assert f'name="next" value="{home}"' in page
    assert f'href="{home}">Cancel</a>' in page
    assert "evil" not in page


@pytest.mark.parametrize("evil", EVIL)
def test_a_swapped_row_or_cell_never_carries_another_site(connected_client, webwork, evil):
    cell = connected_client.post(
        "/viewers/123/projects/502/",
        {"projects": "502", "view": "cell", "next": evil},
        headers=HTMX,
    ).content.decode()
    row = connected_client.post(
        "/assignments/2001/pause/", {"next": evil}, headers=HTMX
    ).content.decode()
    assert 'name="next" value=""' in cell
    assert 'name="next" value="/assignments/"' in row
    assert "evil" not in cell and "evil" not in row


def test_a_local_next_is_kept(connected_client, webwork):
    response = connected_client.post("/viewers/123/archive/", {"next": "/viewers/?q=cla"})
    edited = connected_client.post(
        "/assignments/2001/edit/", {**EDIT, "next": "/assignments/?by=member"}
    )
    assert response["Location"] == "/viewers/?q=cla"
    assert edited["Location"] == "/assignments/?by=member"
