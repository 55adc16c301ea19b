"""New project, edit and archive: validated before sending, audited, offered only to managers."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok
from tests.projects.conftest import APP, SITE


def test_the_new_project_form_asks_for_a_name_first(connected_client):
    page = connected_client.get("/projects/new/").content.decode()
    assert "<h1>New project</h1>" in page
    assert 'name="name"' in page and 'maxlength="255"' in page and 'dir="auto"' in page


def test_creating_sends_the_fields_audits_and_goes_to_the_project(connected_client, upstream):
    created = {**SITE, "id": 510, "name": "Brand Book", "contracts_count": 0}
    upstream.route("POST", "/projects", ok(created, message="Project created successfully"))
    response = connected_client.post(
        "/projects/new/",
        {"name": " Brand Book ", "start_date": "2026-02-01", "deadline": "2026-03-01"},
    )
    assert response.status_code == 302 and response["Location"] == "/projects/510/"
    assert body_of(upstream.last) == {
        "workspace_id": 7,
        "name": "Brand Book",
        "start_date": "2026-02-01",
        "deadline": "2026-03-01",
    }
    entry = AuditEntry.objects.get(action="project.create")
    assert (entry.target_id, entry.target_label, entry.outcome) == ("510", "Brand Book", "ok")
    assert entry.upstream_message == "Project created successfully"
    assert entry.summary["deadline"] == "2026-03-01"


def test_a_name_too_long_or_blank_is_refused_on_the_field_and_nothing_is_sent(
    connected_client, upstream
):
    long = connected_client.post("/projects/new/", {"name": "x" * 256}).content.decode()
    assert "Ensure this value has at most 255 characters" in long
    blank = connected_client.post("/projects/new/", {"name": "   "}).content.decode()
    assert "This field is required." in blank or "A project needs a name." in blank
    assert upstream.requests == []
    assert not AuditEntry.objects.exists()


def test_a_deadline_before_the_start_is_refused_unsent(connected_client, upstream):
    page = connected_client.post(
        "/projects/new/", {"name": "Later", "start_date": "2026-05-02", "deadline": "2026-05-01"}
    ).content.decode()
    assert "The deadline is before the start date." in page
    assert upstream.requests == []


def test_webworks_refusal_shows_on_the_form_and_is_audited_as_failed(connected_client, upstream):
    refusal = fail(422, "The name has already been taken.", errors={"name": ["Already taken."]})
    upstream.route("POST", "/projects", refusal)
    page = connected_client.post("/projects/new/", {"name": "Website Redesign"}).content.decode()
    assert "Already taken." in page and 'value="Website Redesign"' in page
    entry = AuditEntry.objects.get(action="project.create")
    assert entry.outcome == "failed"
    assert entry.upstream_message == "The name has already been taken."


def test_webwork_down_while_creating_keeps_the_input_and_says_so(connected_client, upstream):
    upstream.route("POST", "/projects", fail(503, "Service Unavailable"))
    page = connected_client.post("/projects/new/", {"name": "Brand Book"}).content.decode()
    assert "WebWork said: Service Unavailable" in page and 'value="Brand Book"' in page
    assert AuditEntry.objects.get(action="project.create").outcome == "failed"


def test_a_regular_user_may_not_create_and_nothing_is_sent(
    connected_client, upstream, regular_user
):
    response = connected_client.post("/projects/new/", {"name": "Mine"})
    assert response.status_code == 403
    assert "so you see projects read-only" in response.content.decode()
    assert upstream.requests == [] and not AuditEntry.objects.exists()


def test_editing_sends_only_what_changed(connected_client, workspace):
    workspace.route("PUT", "/projects/501", ok(None, message="Project updated successfully"))
    response = connected_client.post(
        "/projects/501/edit/",
        {
            "name": "Website Redesign",
            "start_date": "2026-01-05",
            "deadline": "2026-07-31",
            "estimation": "120",
            "budget": "5000",
            "notes": "Phase one",
            "next": "/projects/?q=web",
        },
    )
    assert response["Location"] == "/projects/?q=web"
    assert body_of(workspace.last) == {"workspace_id": 7, "deadline": "2026-07-31"}
    entry = AuditEntry.objects.get(action="project.update")
    assert entry.summary == {"deadline": "2026-07-31"} and entry.target_id == "501"


def test_an_edit_that_changes_nothing_sends_nothing(connected_client, workspace):
    response = connected_client.post(
        "/projects/502/edit/", {"name": "Mobile App", "next": "/projects/"}, follow=True
    ).content.decode()
    assert "Nothing changed in <bdi>Mobile App</bdi>." in response
    assert not workspace.calls("PUT", "/projects/502")


def test_the_edit_form_starts_from_the_project(connected_client, workspace):
    page = connected_client.get("/projects/501/edit/").content.decode()
    assert 'value="Website Redesign"' in page and 'value="2026-06-30"' in page
    assert "Phase one</textarea>" in page


def test_a_project_of_another_workspace_is_not_found_and_nothing_is_sent(
    connected_client, workspace
):
    response = connected_client.post("/projects/999/edit/", {"name": "Theirs"})
    assert response.status_code == 404
    assert not workspace.calls("PUT", "/projects/999")
    archive = connected_client.post("/projects/999/archive/")
    assert archive.status_code == 404
    assert not workspace.calls("DELETE", "/projects/999")


def test_archive_without_javascript_asks_first_and_names_the_project(connected_client, workspace):
    page = connected_client.get("/projects/502/archive/?next=/projects/%3Fq%3Dmob").content.decode()
    assert "<h1>Archive <bdi>Mobile App</bdi>?</h1>" in page
    assert 'name="next" value="/projects/?q=mob"' in page
    assert "cannot restore an archived project" in page
    assert not workspace.calls("DELETE", "/projects/502")


def test_archiving_from_the_row_answers_the_row_archived_and_the_tabs_follow(
    connected_client, workspace
):
    workspace.route("DELETE", "/projects/502", ok(None, message="Project deleted successfully"))
    response = connected_client.post("/projects/502/archive/", headers=HTMX)
    body = response.content.decode()
    assert body.strip().startswith('<tr id="project-502" class="is-archived">')
    assert "<strong>Archived <bdi>Mobile App</bdi></strong>" in body
    assert "deleted" not in body
    assert "project-status-changed" in response["HX-Trigger"]
    entry = AuditEntry.objects.get(action="project.archive")
    assert (entry.target_id, entry.target_label, entry.outcome) == ("502", "Mobile App", "ok")
    assert entry.upstream_message == "Project deleted successfully"
    assert entry.summary == {"is_billable": False}


def test_after_an_archive_it_is_in_the_archived_tab(connected_client, upstream):
    from tests.projects.conftest import listed

    upstream.route("GET", "/projects", listed([SITE, APP]), listed([SITE]))
    upstream.route("DELETE", "/projects/502", ok(None, message="Project deleted successfully"))
    connected_client.post("/projects/502/archive/", {"next": "/projects/"})
    page = connected_client.get("/projects/?status=archived").content.decode()
    assert "<bdi>Mobile App</bdi>" in page and 'Active <span class="tab-count">1</span>' in page


def test_a_failed_archive_is_audited_with_webworks_message(connected_client, workspace):
    workspace.route("DELETE", "/projects/502", fail(403, "This action is unauthorized."))
    response = connected_client.post("/projects/502/archive/", headers=HTMX)
    assert "This action is unauthorized." in response.content.decode()
    entry = AuditEntry.objects.get(action="project.archive")
    assert entry.outcome == "failed" and entry.upstream_message == "This action is unauthorized."


def test_a_regular_user_is_refused_archiving_in_a_banner_and_nothing_is_sent(
    connected_client, upstream, regular_user
):
    response = connected_client.post("/projects/502/archive/", headers=HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#messages"
    assert "so you see projects read-only" in response.content.decode()
    assert upstream.requests == []


def test_archiving_from_the_projects_own_page_goes_back_to_the_list(connected_client, workspace):
    workspace.route("DELETE", "/projects/502", ok(None, message="Project deleted successfully"))
    response = connected_client.post("/projects/502/archive/", {"next": "/projects/502/"})
    assert response["Location"] == "/projects/"
    elsewhere = connected_client.post("/projects/502/archive/", {"next": "https://evil.test/"})
    assert elsewhere["Location"] == "/projects/"
