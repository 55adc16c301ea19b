"""The project list: tabs, billable filter and name search in the URL, sorting, paging."""

from __future__ import annotations

from dashboard.audit.log import record
from tests.conftest import HTMX
from tests.fakes import fail
from tests.projects.conftest import PROJECTS, listed


def test_the_list_shows_active_projects_by_name_with_their_names_isolated(
    connected_client, workspace
):
    page = connected_client.get("/projects/").content.decode()
    assert page.index("Mobile App") < page.index("Website Redesign")
    assert '<a href="/projects/503/"><bdi>موقع الشركة</bdi></a>' in page
    assert 'Active <span class="tab-count">3</span>' in page
    assert 'Archived <span class="tab-count">0</span>' in page
    assert '<a class="button primary" href="/projects/new/">New project</a>' in page
    assert len(workspace.calls("GET", "/projects")) == 1


def test_the_htmx_partial_is_the_results_region_only(connected_client, workspace):
    body = connected_client.get("/projects/?q=web", headers=HTMX).content.decode().strip()
    assert body.startswith('<section id="results"') and body.endswith("</section>")
    assert "Website Redesign" in body and "Mobile App" not in body


def test_search_and_billable_filter_are_in_the_url_and_apply_together(connected_client, workspace):
    page = connected_client.get("/projects/?billable=yes").content.decode()
    assert "Website Redesign" in page and "موقع" in page and "Mobile App" not in page
    page = connected_client.get("/projects/?billable=no&q=app").content.decode()
    assert "Mobile App" in page and "Website Redesign" not in page
    assert 'href="?q=app&amp;billable=no&amp;status=archived"' in page


def test_a_bad_filter_is_ignored_and_the_others_still_apply(connected_client, workspace):
    page = connected_client.get("/projects/?billable=maybe&q=mobile").content.decode()
    assert "Mobile App" in page and "Website Redesign" not in page


def test_no_match_says_so_and_offers_to_clear_the_filters(connected_client, workspace):
    page = connected_client.get("/projects/?q=nothing-like-it").content.decode()
    assert "No active project matches these filters" in page
    assert "Clear the filters" in page


def test_sorting_by_members_puts_the_most_staffed_last(connected_client, workspace):
    page = connected_client.get("/projects/?sort=members").content.decode()
    body = page.split("<tbody>")[1]
    assert body.index("Mobile App") < body.index("موقع") < body.index("Website Redesign")
    assert 'aria-sort="ascending"><a class="sort-link" href="?sort=-members' in page


def test_pages_of_twenty(connected_client, upstream):
    many = [{"id": 600 + n, "name": f"Project {n:02d}"} for n in range(25)]
    upstream.route("GET", "/projects", listed(many))
    page = connected_client.get("/projects/?page=2").content.decode()
    assert "Project 24" in page and "Project 19" not in page
    assert "Page 2 of 2" in page


def test_the_archived_tab_lists_projects_archived_through_the_dashboard(
    connected_client, workspace, connected
):
    record(
        user=connected.user,
        action="project.archive",
        outcome="ok",
        target=("project", 777, "Old Brochure"),
        workspace_id=7,
        summary={"is_billable": True},
    )
    record(
        user=connected.user,
        action="project.archive",
        outcome="failed",
        target=("project", 778, "Never Archived"),
        workspace_id=7,
    )
    record(  # archived, then restored in WebWork: it is listed again, so it is active
        user=connected.user,
        action="project.archive",
        outcome="ok",
        target=("project", 502, "Mobile App"),
        workspace_id=7,
    )
    page = connected_client.get("/projects/?status=archived").content.decode()
    assert "<bdi>Old Brochure</bdi>" in page and "by <bdi>manager</bdi>" in page
    assert "Never Archived" not in page
    assert "Mobile App" not in page.split("<tbody>")[1]
    assert "WebWork&#x27;s API cannot restore an archived project" in page
    assert 'Archived <span class="tab-count">1</span>' in page


def test_projects_webwork_lists_as_archived_are_in_the_archived_tab(connected_client, upstream):
    gone = {**PROJECTS[1], "status": 0, "deleted_at": "2026-11-02T09:00:00Z"}
    upstream.route("GET", "/projects", listed([PROJECTS[0], gone]))
    page = connected_client.get("/projects/").content.decode()
    assert "Mobile App" not in page.split("<tbody>")[1]
    archived = connected_client.get("/projects/?status=archived").content.decode()
    assert "<bdi>Mobile App</bdi>" in archived and "2 Nov 2026" in archived


def test_refresh_reads_webwork_again(connected_client, workspace):
    connected_client.get("/projects/")
    connected_client.get("/projects/")
    connected_client.get("/projects/?refresh=1")
    assert len(workspace.calls("GET", "/projects")) == 2


def test_a_regular_user_sees_the_list_read_only_with_one_sentence_why(
    connected_client, workspace, regular_user
):
    page = connected_client.get("/projects/").content.decode()
    assert "You are Regular User in this workspace, so you see projects read-only" in page
    assert "New project" not in page and "Archive" not in page.split("<tbody>")[1]


def test_webwork_down_is_a_page_that_says_so(connected_client, upstream):
    upstream.route("GET", "/projects", fail(503, "Service Unavailable"))
    response = connected_client.get("/projects/")
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


def test_webwork_down_for_htmx_is_a_banner_with_status_200(connected_client, upstream):
    upstream.route("GET", "/projects", fail(503, "Service Unavailable"))
    response = connected_client.get("/projects/?q=x", headers=HTMX)
    assert response.status_code == 200
    assert "WebWork is not answering" in response.content.decode()


def test_the_navigation_has_projects_under_work(connected_client, workspace):
    page = connected_client.get("/projects/").content.decode()
    work = page.split(">Work</h2>")[1].split("</ul>")[0]
    assert '<a href="/projects/" aria-current="page">Projects</a>' in work
