"""The viewer list: search, tabs, sorting, pages, freshness and outages."""

from __future__ import annotations

from tests.conftest import HTMX
from tests.fakes import fail, ok, pages
from tests.viewers.conftest import VIEWERS, listed


def test_it_lists_the_active_viewers_by_name_with_their_projects(connected_client, workspace):
    response = connected_client.get("/viewers/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Bob Büyer &amp; Co") < page.index("Clara Client")
    assert "Oscar" not in page
    assert "clara@brand.test" in page and "Website Redesign" in page
    assert 'aria-current="page">Active <span class="tab-count">2</span>' in page
    assert "Showing 1\u20132 of 2 active viewers" in page


def test_it_offers_the_invitation_as_a_dialog_with_the_projects(connected_client, workspace):
    page = connected_client.get("/viewers/").content.decode()
    assert '<dialog id="invite-dialog"' in page
    assert 'name="projects" value="503"' in page
    assert 'href="/viewers/new/" data-opens="invite-dialog"' in page


def test_it_returns_the_partial_for_htmx(connected_client, workspace):
    response = connected_client.get("/viewers/?q=clara", headers=HTMX)
    body = response.content.decode()
    assert body.strip().startswith('<section id="results"')
    assert "<html" not in body and "Clara Client" in body and "Bob" not in body


def test_it_finds_viewers_by_any_part_of_their_name_or_email(connected_client, workspace):
    by_name = connected_client.get("/viewers/?q=büyer").content.decode()
    by_email = connected_client.get("/viewers/?q=CLARA%40brand").content.decode()
    assert "Bob Büyer" in by_name and "Clara" not in by_name
    assert "Clara Client" in by_email and "Bob" not in by_email


def test_the_archived_tab_lists_archived_viewers_with_a_restore_button(connected_client, workspace):
    page = connected_client.get("/viewers/?status=archived").content.decode()
    assert "Oscar Oldclient" in page and "Clara" not in page
    assert 'aria-label="Restore Oscar Oldclient"' in page


def test_it_sorts_by_a_column_and_says_so(connected_client, workspace):
    page = connected_client.get("/viewers/?sort=-email").content.decode()
    assert page.index("clara@brand.test") < page.index("bob@brand.test")
    assert '<th scope="col" aria-sort="descending"><a class="sort-link" href="?sort=email"' in page


def test_it_pages_through_many_viewers_with_totals(connected_client, upstream):
    many = [
        {"id": 1000 + n, "email": f"v{n:02}@x.test", "firstname": f"V{n:02}", "lastname": "X"}
        for n in range(25)
    ]
    upstream.route("GET", "/project-viewers", listed(many))
    upstream.route("GET", "/projects", listed([]))
    first = connected_client.get("/viewers/").content.decode()
    second = connected_client.get("/viewers/?page=2").content.decode()
    assert "Showing 1\u201320 of 25" in first and 'rel="next" href="?page=2"' in first
    assert "Showing 21\u201325 of 25" in second and "V24 X" in second and "V00 X" not in second


def test_it_fetches_every_page_of_viewers_concurrently(connected_client, upstream):
    upstream.route(
        "GET",
        "/project-viewers",
        ok(VIEWERS[:2], pagination=pages(3, 2, 1)),
        ok(VIEWERS[2:], pagination=pages(3, 2, 2)),
    )
    upstream.route("GET", "/projects", listed([]))
    page = connected_client.get("/viewers/?status=archived").content.decode()
    assert "Oscar Oldclient" in page
    assert len(upstream.calls("GET", "/project-viewers")) == 2


def test_it_ignores_bad_list_parameters(connected_client, workspace):
    response = connected_client.get("/viewers/?per_page=7&page=x&sort=password&status=gone")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Showing 1\u20132 of 2 active viewers" in page
    assert '<option value="20" selected>' in page


def test_a_bad_tab_is_ignored_and_the_search_still_applies(connected_client, workspace):
    page = connected_client.get("/viewers/?q=bob&status=gone").content.decode()
    assert "Showing 1\u20131 of 1 active viewer matching “bob”" in page
    assert "Clara" not in page


def test_it_says_what_to_do_when_there_are_no_viewers(connected_client, upstream):
    upstream.route("GET", "/project-viewers", listed([]))
    upstream.route("GET", "/projects", listed([]))
    page = connected_client.get("/viewers/").content.decode()
    assert "No client viewers yet" in page and "Invite a viewer" in page


def test_it_says_when_nobody_matches_the_search(connected_client, workspace):
    page = connected_client.get("/viewers/?q=nobody").content.decode()
    assert "No active viewer matches “nobody”" in page and "Clear the search" in page


def test_a_second_view_comes_from_the_cache_and_refresh_reads_again(connected_client, workspace):
    connected_client.get("/viewers/")
    connected_client.get("/viewers/?q=bob")
    assert len(workspace.calls("GET", "/project-viewers")) == 1
    page = connected_client.get("/viewers/?refresh=1").content.decode()
    assert len(workspace.calls("GET", "/project-viewers")) == 2
    assert len(workspace.calls("GET", "/projects")) == 1
    assert "As of <time" in page


def test_an_upstream_outage_is_a_page_that_says_so(connected_client, upstream):
    upstream.route("GET", "/project-viewers", fail(503, "Maintenance"))
    upstream.route("GET", "/projects", listed([]))
    response = connected_client.get("/viewers/")
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


def test_an_upstream_outage_on_htmx_is_a_banner(connected_client, upstream):
    upstream.route("GET", "/project-viewers", fail(503, "Maintenance"))
    upstream.route("GET", "/projects", listed([]))
    response = connected_client.get("/viewers/?q=a", headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#messages"


def test_every_name_and_address_is_isolated_for_direction(connected_client, upstream):
    sara = {
        "id": 140,
        "email": "sara@brand.test",
        "firstname": "שרה",
        "lastname": "כהן",
        "status": "active",
        "projects": [{"project_id": 504, "project_name": "אתר 2026"}],
    }
    upstream.route("GET", "/project-viewers", listed([sara]))
    upstream.route("GET", "/projects", listed([{"id": 504, "name": "אתר 2026"}]))
    page = connected_client.get("/viewers/").content.decode()
    assert '<a href="/viewers/140/"><bdi>שרה כהן</bdi></a>' in page
    assert "<td><bdi>sara@brand.test</bdi></td>" in page
    assert '<span class="tag" dir="auto">אתר 2026</span>' in page
    assert "<bdi>אתר 2026</bdi></label>" in page
