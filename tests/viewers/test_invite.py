"""Inviting a client viewer: validation, WebWork's refusals, projects at once, the audit."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok
from tests.viewers.conftest import PROJECTS, listed

NEW = {"id": 130, "email": "dana@brand.test", "firstname": "Dana", "lastname": "Client"}
FORM = {"email": "dana@brand.test", "firstname": "Dana", "lastname": "Client"}


def test_the_invitation_page_has_the_form(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    page = connected_client.get("/viewers/new/").content.decode()
    assert 'name="email"' in page and 'maxlength="255"' in page
    assert "Website Redesign" in page and "Send invitation" in page


def test_it_invites_a_viewer_and_records_it_under_their_id(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route(
        "POST", "/project-viewers", ok(NEW, message="Project viewer created", status=201)
    )
    response = connected_client.post("/viewers/new/", FORM, follow=False)
    assert response.status_code == 302 and response["Location"] == "/viewers/130/"
    assert body_of(upstream.last) == {"workspace_id": 7, **FORM}
    entry = AuditEntry.objects.get(action="viewer.invite")
    assert (entry.target_type, entry.target_id, entry.outcome) == ("viewer", "130", "ok")
    assert entry.upstream_message == "Project viewer created"
    assert entry.summary["email"] == "dana@brand.test"


def test_it_gives_the_chosen_projects_one_call_each(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("POST", "/project-viewers", ok(NEW, message="Created", status=201))
    upstream.route("POST", "/project-viewers/130/assign-project", ok(message="Assigned"))
    connected_client.post("/viewers/new/", {**FORM, "projects": ["501", "503"]})
    calls = upstream.calls("POST", "/project-viewers/130/assign-project")
    assert [body_of(c)["project_id"] for c in calls] == [501, 503]
    assert AuditEntry.objects.filter(action="viewer.assign_project", target_id="130").count() == 2


def test_from_the_dialog_it_answers_a_fresh_form_a_banner_and_an_event(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("POST", "/project-viewers", ok(NEW, message="Project viewer created"))
    upstream.route("POST", "/project-viewers/130/assign-project", ok(message="Assigned"))
    response = connected_client.post("/viewers/new/", {**FORM, "projects": ["502"]}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "viewers-changed" in response["HX-Trigger"]
    assert body.strip().startswith('<form id="invite-form"')
    assert 'hx-swap-oob="beforeend:#messages"' in body
    assert "Project viewer created" in body and "<bdi>Mobile App</bdi>: Assigned" in body
    assert 'value="dana@brand.test"' not in body


def test_a_failed_project_is_reported_and_the_others_still_go(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("POST", "/project-viewers", ok(NEW, message="Created"))
    upstream.route(
        "POST",
        "/project-viewers/130/assign-project",
        fail(404, "Project not found"),
        ok(message="Assigned"),
    )
    response = connected_client.post(
        "/viewers/new/", {**FORM, "projects": ["501", "502"]}, headers=HTMX
    )
    body = response.content.decode()
    assert "banner-warning" in body
    assert "<bdi>Website Redesign</bdi>: WebWork said: Project not found" in body
    assert "<bdi>Mobile App</bdi>: Assigned" in body
    outcomes = AuditEntry.objects.filter(action="viewer.assign_project").values_list(
        "outcome", flat=True
    )
    assert sorted(outcomes) == ["failed", "ok"]


def test_it_checks_the_input_before_sending_anything(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    response = connected_client.post(
        "/viewers/new/", {"email": "not-an-email", "firstname": "x" * 256, "lastname": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert "at most 255 characters" in page and "This field is required." in page
    assert 'value="not-an-email"' in page
    assert not upstream.calls("POST", "/project-viewers")
    assert not AuditEntry.objects.exists()


def test_webworks_field_errors_land_on_the_fields_and_the_input_stays(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route(
        "POST",
        "/project-viewers",
        fail(422, "The given data was invalid.", errors={"email": ["The email has been taken."]}),
    )
    response = connected_client.post("/viewers/new/", FORM, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error">The email has been taken.' in body
    assert 'value="Dana"' in body
    entry = AuditEntry.objects.get(action="viewer.invite")
    assert entry.outcome == "failed" and entry.upstream_message == "The given data was invalid."


def test_a_manager_without_the_role_is_told_which_role_is_needed(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("POST", "/project-viewers", fail(403, "This action is unauthorized."))
    page = connected_client.post("/viewers/new/", FORM).content.decode()
    assert "Owner or Executive manager" in page and 'value="dana@brand.test"' in page


def test_an_outage_while_inviting_keeps_the_form(connected_client, upstream):
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("POST", "/project-viewers", fail(503, "Maintenance"))
    page = connected_client.post("/viewers/new/", FORM).content.decode()
    assert "WebWork said: Maintenance" in page and 'value="Client"' in page


def test_an_outage_before_the_form_is_a_page_that_says_so(connected_client, upstream):
    upstream.route("GET", "/projects", fail(502))
    response = connected_client.get("/viewers/new/")
    assert response.status_code == 503
