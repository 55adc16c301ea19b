"""A viewer's page: who they are, their project checklist, and their history here."""

from __future__ import annotations

from dashboard.audit.log import record
from tests.fakes import fail, ok
from tests.viewers.conftest import BOB, OSCAR, PROJECTS, listed


def test_it_shows_the_viewer_and_ticks_their_projects(connected_client, upstream):
    upstream.route("GET", "/project-viewers/124", ok(BOB))
    upstream.route("GET", "/projects", listed(PROJECTS))
    page = connected_client.get("/viewers/124/").content.decode()
    assert "<h1><bdi>Bob Büyer &amp; Co</bdi></h1>" in page and "bob@brand.test" in page
    assert 'value="501" checked' in page and 'value="503" checked' in page
    assert 'value="502" hx-post' in page
    assert 'hx-post="/viewers/124/projects/502/"' in page
    assert "Archive…" in page


def test_it_shows_the_history_of_this_viewer_in_this_workspace_only(
    connected_client, upstream, manager
):
    upstream.route("GET", "/project-viewers/124", ok(BOB))
    upstream.route("GET", "/projects", listed(PROJECTS))
    mine = ("viewer", 124, "Bob")
    record(
        user=manager,
        action="viewer.archive",
        outcome="ok",
        target=mine,
        workspace_id=7,
        message="Project viewer deleted successfully",
    )
    record(user=manager, action="viewer.restore", outcome="ok", target=mine, workspace_id=8)
    record(
        user=manager,
        action="viewer.invite",
        outcome="ok",
        target=("viewer", 125, "Ann"),
        workspace_id=7,
    )
    page = connected_client.get("/viewers/124/").content.decode()
    assert "viewer.archive" in page and "Project viewer deleted successfully" in page
    assert "viewer.restore" not in page and "viewer.invite" not in page


def test_an_archived_viewer_can_be_restored_but_not_given_projects(connected_client, upstream):
    upstream.route("GET", "/project-viewers/126", ok(OSCAR))
    upstream.route("GET", "/projects", listed(PROJECTS))
    page = connected_client.get("/viewers/126/").content.decode()
    assert "Restore <bdi>Oscar Oldclient</bdi>" in page
    assert 'value="502" checked disabled' in page
    assert "Save access" not in page


def test_an_unknown_viewer_is_a_not_found_page(connected_client, upstream):
    upstream.route("GET", "/project-viewers/999", fail(404, "Project viewer not found"))
    upstream.route("GET", "/projects", listed(PROJECTS))
    response = connected_client.get("/viewers/999/")
    assert response.status_code == 404
    assert "Project viewer not found" in response.content.decode()


def test_an_upstream_outage_is_a_page_that_says_so(connected_client, upstream):
    upstream.route("GET", "/project-viewers/124", fail(503))
    upstream.route("GET", "/projects", listed(PROJECTS))
    assert connected_client.get("/viewers/124/").status_code == 503
