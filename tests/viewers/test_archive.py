"""Archive with a confirmation that names the viewer; restore; both update the row in place."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok
from tests.viewers.conftest import CLARA, OSCAR


def test_without_javascript_archive_asks_first_and_names_the_viewer(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    page = connected_client.get("/viewers/123/archive/?next=/viewers/%3Fq%3Dcla").content.decode()
    assert "<h1>Archive Clara Client?</h1>" in page
    assert 'name="next" value="/viewers/?q=cla"' in page
    assert not upstream.calls("DELETE", "/project-viewers/123")


def test_the_list_row_asks_with_the_viewers_name(connected_client, workspace):
    page = connected_client.get("/viewers/").content.decode()
    assert 'hx-confirm="Archive Clara Client? They will no longer see any project' in page


def test_archiving_from_the_row_answers_the_row_as_archived(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route(
        "DELETE", "/project-viewers/123", ok(message="Project viewer deleted successfully")
    )
    response = connected_client.post("/viewers/123/archive/", headers=HTMX)
    body = response.content.decode()
    assert body.strip().startswith('<tr id="viewer-123">')
    assert "Archived" in body and 'aria-label="Restore Clara Client"' in body
    assert "Project viewer deleted successfully" in body
    assert body_of(upstream.last) == {"workspace_id": 7}
    entry = AuditEntry.objects.get(action="viewer.archive")
    assert (entry.target_id, entry.target_label, entry.outcome) == ("123", "Clara Client", "ok")


def test_archiving_without_javascript_goes_back_with_the_message(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route(
        "DELETE", "/project-viewers/123", ok(message="Project viewer deleted successfully")
    )
    response = connected_client.post("/viewers/123/archive/", {"next": "/viewers/?q=cla"})
    assert response.status_code == 302 and response["Location"] == "/viewers/?q=cla"
    page = connected_client.get("/audit/").content.decode()
    assert "Project viewer deleted successfully" in page


def test_it_never_goes_back_to_another_site(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("DELETE", "/project-viewers/123", ok(message="Deleted"))
    response = connected_client.post("/viewers/123/archive/", {"next": "https://evil.test/"})
    assert response["Location"] == "/viewers/123/"


def test_restoring_answers_the_row_as_active(connected_client, upstream):
    upstream.route("GET", "/project-viewers/126", ok(OSCAR))
    upstream.route(
        "POST", "/project-viewers/126/restore", ok(message="Project viewer restored successfully")
    )
    body = connected_client.post("/viewers/126/restore/", headers=HTMX).content.decode()
    assert 'aria-label="Archive Oscar Oldclient"' in body and "pill-active" in body
    assert "Project viewer restored successfully" in body
    assert AuditEntry.objects.get(action="viewer.restore").outcome == "ok"


def test_a_refused_archive_is_a_banner_naming_the_role_and_is_recorded(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("DELETE", "/project-viewers/123", fail(403, "This action is unauthorized."))
    response = connected_client.post("/viewers/123/archive/", headers=HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#messages"
    assert "Owner or Executive manager" in response.content.decode()
    entry = AuditEntry.objects.get(action="viewer.archive")
    assert entry.outcome == "failed" and entry.upstream_message == "This action is unauthorized."


def test_restore_only_takes_posts(connected_client, upstream):
    assert connected_client.get("/viewers/126/restore/").status_code == 405


def test_an_outage_while_archiving_is_a_page_that_says_so(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("DELETE", "/project-viewers/123", fail(503))
    response = connected_client.post("/viewers/123/archive/")
    assert response.status_code == 503
    assert AuditEntry.objects.get(action="viewer.archive").outcome == "failed"
