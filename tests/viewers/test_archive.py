"""Archive with a confirmation that names the viewer; restore; both update the row in place."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, ok
from tests.viewers.conftest import CLARA, OSCAR, PROJECTS, VIEWERS, listed


def test_without_javascript_archive_asks_first_and_names_the_viewer(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    page = connected_client.get("/viewers/123/archive/?next=/viewers/%3Fq%3Dcla").content.decode()
    assert "<h1>Archive <bdi>Clara Client</bdi>?</h1>" in page
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
    assert body_of(upstream.last) == {"workspace_id": 7}
    entry = AuditEntry.objects.get(action="viewer.archive")
    assert (entry.target_id, entry.target_label, entry.outcome) == ("123", "Clara Client", "ok")


def test_an_archive_says_archived_in_the_dashboards_words_and_the_audit_keeps_webworks(
    connected_client, upstream
):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route(
        "DELETE", "/project-viewers/123", ok(message="Project viewer deleted successfully")
    )
    body = connected_client.post("/viewers/123/archive/", headers=HTMX).content.decode()
    assert "<strong>Archived Clara Client</strong>" in body
    assert "until you restore them from the Archived tab" in body
    assert "deleted" not in body
    entry = AuditEntry.objects.get(action="viewer.archive")
    assert entry.upstream_message == "Project viewer deleted successfully"


def test_an_archive_without_javascript_says_archived_too(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("GET", "/project-viewers", listed(VIEWERS))
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route(
        "DELETE", "/project-viewers/123", ok(message="Project viewer deleted successfully")
    )
    page = connected_client.post("/viewers/123/archive/", {"next": "/viewers/"}, follow=True)
    text = page.content.decode()
    assert "Archived Clara Client. They see no project until you restore them" in text
    assert "deleted" not in text


def test_an_archive_or_restore_in_place_tells_the_tab_counts_to_follow(connected_client, upstream):
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("DELETE", "/project-viewers/123", ok(message="Deleted"))
    upstream.route("GET", "/project-viewers/126", ok(OSCAR))
    upstream.route("POST", "/project-viewers/126/restore", ok(message="Restored"))
    archived = connected_client.post("/viewers/123/archive/", headers=HTMX)
    restored = connected_client.post("/viewers/126/restore/", headers=HTMX)
    assert "viewer-status-changed" in archived["HX-Trigger"]
    assert "viewer-status-changed" in restored["HX-Trigger"]


def test_after_an_archive_the_tabs_fetch_their_counts_again(connected_client, upstream):
    now = [{**CLARA, "status": "inactive"}, *VIEWERS[1:]]
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("GET", "/project-viewers", listed(VIEWERS), listed(now))
    upstream.route("GET", "/project-viewers/123", ok(CLARA))
    upstream.route("DELETE", "/project-viewers/123", ok(message="Deleted"))
    page = connected_client.get("/viewers/?q=clara").content.decode()
    tabs = page.split('<nav id="viewer-tabs"')[1].split("</nav>")[0]
    assert 'hx-get="/viewers/?q=clara" hx-trigger="viewer-status-changed from:body"' in tabs
    assert 'Archived <span class="tab-count">0</span>' in tabs

    connected_client.post("/viewers/123/archive/", headers=HTMX)
    headers = {**HTMX, "HX-Target": "viewer-tabs"}
    body = connected_client.get("/viewers/?q=clara", headers=headers).content.decode().strip()
    assert body.startswith('<nav id="viewer-tabs"') and body.endswith("</nav>")
    assert 'Active <span class="tab-count">0</span>' in body
    assert 'Archived <span class="tab-count">1</span>' in body
    assert len(upstream.calls("GET", "/project-viewers")) == 2
