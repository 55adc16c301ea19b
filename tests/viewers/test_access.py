"""Project access: one change per tick or cell, reported per project; the access review."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok
from tests.viewers.conftest import BOB, CLARA, OSCAR, PROJECTS, listed


@pytest.fixture
def clara(upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("GET", "/projects", listed(PROJECTS))
    return upstream


def test_ticking_a_project_gives_it_and_answers_the_item(connected_client, clara):
    clara.route("POST", "/project-viewers/123/assign-project", ok(message="Project assigned"))
    body = connected_client.post(
        "/viewers/123/projects/502/", {"projects": ["501", "502"]}, headers=HTMX
    ).content.decode()
    assert body.strip().startswith('<li id="access-502" class="checklist-item is-ok"')
    assert 'value="502" checked' in body and "Project assigned" in body
    assert "data-autofocus" in body
    assert body_of(clara.last) == {"workspace_id": 7, "project_id": 502}
    entry = AuditEntry.objects.get(action="viewer.assign_project")
    assert entry.target_id == "123" and entry.summary == {
        "project_id": 502,
        "project": "Mobile App",
    }


def test_unticking_a_project_takes_it_with_a_delete_carrying_a_body(connected_client, clara):
    clara.route("DELETE", "/project-viewers/123/unassign-project", ok(message="Unassigned"))
    body = connected_client.post(
        "/viewers/123/projects/501/", {"projects": []}, headers=HTMX
    ).content.decode()
    assert 'value="501" hx-post' in body and "Unassigned" in body
    assert body_of(clara.last) == {"workspace_id": 7, "project_id": 501}
    assert AuditEntry.objects.get().action == "viewer.unassign_project"


def test_a_refused_change_is_reported_on_that_project_and_leaves_the_box_as_it_was(
    connected_client, clara
):
    clara.route("POST", "/project-viewers/123/assign-project", fail(403, "Unauthorized."))
    response = connected_client.post(
        "/viewers/123/projects/502/", {"projects": ["502"]}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is-failed" in body and 'value="502" hx-post' in body
    assert "Not changed." in body and "Owner or Executive manager" in body
    assert AuditEntry.objects.get().outcome == "failed"


def test_a_cell_of_the_review_answers_the_cell_and_a_status_line(connected_client, clara):
    clara.route("POST", "/project-viewers/123/assign-project", ok(message="Project assigned"))
    body = connected_client.post(
        "/viewers/123/projects/503/",
        {"projects": "503", "view": "cell", "next": "/viewers/access/?project=503"},
        headers=HTMX,
    ).content.decode()
    assert body.strip().startswith('<td id="cell-123-503" class="matrix-cell has-access"')
    assert 'aria-pressed="true"' in body
    assert (
        'id="matrix-status"' in body
        and "<bdi>Clara Client</bdi> · <bdi>=Budget 2026</bdi>: Project assigned" in body
    )
    assert 'name="next" value="/viewers/access/?project=503"' in body


def test_without_javascript_a_cell_goes_back_to_the_review(connected_client, clara):
    clara.route("POST", "/project-viewers/123/assign-project", ok(message="Project assigned"))
    response = connected_client.post(
        "/viewers/123/projects/503/",
        {"projects": "503", "view": "cell", "next": "/viewers/access/"},
    )
    assert response.status_code == 302 and response["Location"] == "/viewers/access/"


def test_saving_the_checklist_sends_one_call_per_changed_project(connected_client, clara):
    clara.route("POST", "/project-viewers/123/assign-project", ok(message="Assigned"))
    clara.route("DELETE", "/project-viewers/123/unassign-project", fail(500, "Boom"))
    response = connected_client.post("/viewers/123/projects/", {"projects": ["502", "503", "x"]})
    assert response.status_code == 302 and response["Location"] == "/viewers/123/"
    given = [
        body_of(c)["project_id"] for c in clara.calls("POST", "/project-viewers/123/assign-project")
    ]
    taken = [
        body_of(c)["project_id"]
        for c in clara.calls("DELETE", "/project-viewers/123/unassign-project")
    ]
    assert sorted(given) == [502, 503] and taken == [501]
    outcomes = sorted(AuditEntry.objects.values_list("outcome", flat=True))
    assert outcomes == ["failed", "ok", "ok"]


def test_saving_an_unchanged_checklist_calls_nothing(connected_client, clara):
    response = connected_client.post("/viewers/123/projects/", {"projects": ["501"]}, follow=True)
    assert (
        "Nothing changed: the ticked projects are the ones they see." in response.content.decode()
    )
    assert not clara.calls("POST", "/project-viewers/123/assign-project")
    assert not AuditEntry.objects.exists()


def test_the_review_is_a_matrix_of_active_viewers_and_projects(connected_client, workspace):
    page = connected_client.get("/viewers/access/").content.decode()
    assert "2 viewers \u00d7 3 projects." in page
    assert 'aria-label="Clara Client sees Website Redesign"' in page
    assert page.count('aria-pressed="true"') == 3
    assert "Oscar" not in page


def test_the_review_answers_who_can_see_a_project(connected_client, workspace):
    page = connected_client.get("/viewers/access/?project=503&archived=on").content.decode()
    assert (
        "1 of 3 viewers can see <strong><bdi>=Budget 2026</bdi></strong>: "
        "<bdi>Bob Büyer &amp; Co</bdi>." in page
    )
    assert "Mobile App" not in page.split('id="matrix"')[1]


def test_the_review_answers_what_one_client_can_see(connected_client, workspace):
    page = connected_client.get("/viewers/access/?q=bob").content.decode()
    assert (
        "<strong><bdi>Bob Büyer &amp; Co</bdi></strong> can see 2 projects: "
        "<bdi>Website Redesign</bdi>, <bdi>=Budget 2026</bdi>." in page
    )


def test_the_review_returns_the_partial_for_htmx(connected_client, workspace):
    body = connected_client.get("/viewers/access/?q=clara", headers=HTMX).content.decode()
    assert body.strip().startswith('<section id="matrix"') and "<html" not in body


def test_the_review_ignores_a_bad_project_filter(connected_client, workspace):
    page = connected_client.get("/viewers/access/?project=abc").content.decode()
    assert "2 viewers \u00d7 3 projects." in page


def test_the_review_exports_csv_without_formulas(connected_client, workspace):
    response = connected_client.get("/viewers/access/?format=csv&archived=on")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "viewer,e-mail,status,'=Budget 2026,Mobile App,Website Redesign"
    assert lines[1] == "Bob Büyer & Co,bob@brand.test,active,yes,,yes"
    assert lines[3] == "Oscar Oldclient,oscar@brand.test,archived,,yes,"


def test_the_review_says_when_webwork_is_down(connected_client, upstream):
    upstream.route("GET", "/project-viewers", fail(503))
    upstream.route("GET", "/projects", listed(PROJECTS))
    assert connected_client.get("/viewers/access/").status_code == 503


def test_archived_viewers_have_no_buttons_in_the_review(connected_client, upstream):
    upstream.route("GET", "/project-viewers", listed([BOB, OSCAR]))
    upstream.route("GET", "/projects", listed(PROJECTS))
    page = connected_client.get("/viewers/access/?archived=on").content.decode()
    assert 'aria-label="Oscar Oldclient sees Mobile App (archived)"' in page
    assert 'hx-post="/viewers/126/' not in page


def test_a_bad_project_filter_is_ignored_and_the_search_still_applies(connected_client, workspace):
    page = connected_client.get("/viewers/access/?q=bob&project=abc").content.decode()
    assert "<strong><bdi>Bob Büyer &amp; Co</bdi></strong> can see 2 projects" in page


def test_the_reviews_links_keep_its_filters(connected_client, workspace):
    page = connected_client.get("/viewers/access/?q=bob&project=503&archived=on").content.decode()
    assert 'href="?q=bob&amp;project=503&amp;archived=True&amp;format=csv" download' in page
    assert 'href="?q=bob&amp;project=503&amp;archived=True&amp;refresh=1"' in page
    assert 'name="next" value="/viewers/access/?q=bob&amp;project=503&amp;archived=True"' in page


def test_the_reviews_refresh_reads_webwork_again(connected_client, workspace):
    connected_client.get("/viewers/access/")
    connected_client.get("/viewers/access/?q=bob")
    assert len(workspace.calls("GET", "/project-viewers")) == 1
    connected_client.get("/viewers/access/?q=bob&refresh=1")
    assert len(workspace.calls("GET", "/project-viewers")) == 2
