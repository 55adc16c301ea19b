"""Recording, changing and deleting expenses: refused unsent when wrong, audited either way."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dashboard.audit.models import AuditEntry
from tests.fakes import body_of, fail, ok

from .conftest import CAFE, DINNER, SOFTWARE, TAXI, TODAY, TRAVEL, WEBSITE, days_ago

GOOD = {
    "name": "Figma seats",
    "day": days_ago(2).isoformat(),
    "amount": "120.50",
    "category": SOFTWARE,
    "project": str(WEBSITE),
    "note": "Two seats",
    "is_billable": "on",
    "next": "/expenses/?category=cat-software",
}


def created(request):
    body = body_of(request)
    data = {**TAXI, "id": "e-new", "expense_name": body["expense_name"]}
    return ok(data, message="Expense created successfully", status=201)(request)


def writes(upstream) -> list:
    return [r for r in upstream.requests if r.method != "GET"]


def test_the_new_form_offers_this_workspaces_projects_and_categories(connected_client, workspace):
    page = connected_client.get("/expenses/new/").content.decode()
    assert 'dir="auto">Café Menu 🍰</option>' in page
    assert f'<option value="{TRAVEL}" dir="auto">Travel</option>' in page
    assert f'value="{TODAY.isoformat()}"' in page


def test_a_good_expense_is_sent_audited_and_reported(connected_client, workspace):
    workspace.route("POST", "/expenses", created)
    response = connected_client.post("/expenses/new/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/expenses/?category=cat-software"
    body = body_of(workspace.calls("POST", "/expenses")[0])
    assert body["expense_name"] == "Figma seats" and body["amount"] == 120.5
    assert body["category_id"] == SOFTWARE and body["project_id"] == WEBSITE
    assert body["date"] == days_ago(2).isoformat() and body["is_billable"] is True
    assert body["workspace_id"] == 7
    entry = AuditEntry.objects.get(action="expense.create")
    assert entry.outcome == "ok" and entry.target_id == "e-new"
    assert entry.target_label == "Figma seats"
    assert entry.upstream_message == "Expense created successfully"
    assert entry.summary["amount"] == "120.50"
    page = connected_client.get(response["Location"]).content.decode()
    assert "Expense created successfully: Figma seats" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "0"}, "amount", "The amount must be more than zero."),
        ({"amount": "-5"}, "amount", "The amount must be more than zero."),
        ({"amount": "1000000.01"}, "amount", "at most 1,000,000"),
        ({"amount": ""}, "amount", "This field is required."),
        ({"day": (TODAY + timedelta(days=1)).isoformat()}, "day", "dated after today"),
        ({"project": "999"}, "project", "not a project of this workspace"),
        ({"category": "another-workspaces-category"}, "category", "not a category of this"),
        ({"category": ""}, "category", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"project": "", "is_billable": "on"}, "is_billable", "Only an expense on a project"),
    ],
)
def test_wrong_input_is_refused_on_its_field_and_nothing_is_sent(
    connected_client, workspace, change, field, message
):
    response = connected_client.post("/expenses/new/", {**GOOD, **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page and message in page
    assert "Nothing was sent to WebWork" in page
    assert writes(workspace) == []
    assert not AuditEntry.objects.exists()


def test_webworks_refusal_lands_on_the_field_and_is_audited(connected_client, workspace):
    refusal = fail(422, "The given data was invalid.", errors={"date": ["Not in the future."]})
    workspace.route("POST", "/expenses", refusal)
    page = connected_client.post("/expenses/new/", GOOD).content.decode()
    assert 'id="id_day_error">Not in the future.' in page
    entry = AuditEntry.objects.get(action="expense.create")
    assert entry.outcome == "failed" and entry.upstream_message == "The given data was invalid."


def test_an_outage_on_create_says_so_and_is_audited(connected_client, workspace):
    workspace.route("POST", "/expenses", fail(500, "Server on fire"))
    page = connected_client.post("/expenses/new/", GOOD).content.decode()
    assert "Nothing was saved" in page and "WebWork said:" in page
    assert AuditEntry.objects.get(action="expense.create").outcome == "failed"


def test_the_edit_form_starts_from_the_expense(connected_client, workspace):
    page = connected_client.get(f"/expenses/{DINNER['id']}/edit/").content.decode()
    assert 'value="Client dinner &amp; drinks"' in page and 'value="80.25"' in page
    assert f'<option value="{CAFE}" selected dir="auto">' in page
    (read,) = workspace.calls("GET", "/expenses")
    assert read.url.params["id"] == DINNER["id"]


def test_an_edit_is_sent_and_audited(connected_client, workspace):
    workspace.route("PUT", f"/expenses/{DINNER['id']}", ok(DINNER, message="Expense updated"))
    change = {**GOOD, "name": "Client dinner", "project": str(CAFE), "is_billable": ""}
    response = connected_client.post(f"/expenses/{DINNER['id']}/edit/", change)
    assert response.status_code == 302
    body = body_of(workspace.calls("PUT", f"/expenses/{DINNER['id']}")[0])
    assert body["expense_name"] == "Client dinner" and body["is_billable"] is False
    entry = AuditEntry.objects.get(action="expense.update")
    assert (entry.outcome, entry.target_id, entry.target_label) == (
        "ok",
        DINNER["id"],
        "Client dinner & drinks",
    )


def test_an_edit_cannot_take_an_expense_off_its_project(connected_client, workspace):
    change = {**GOOD, "project": "", "is_billable": ""}
    page = connected_client.post(f"/expenses/{DINNER['id']}/edit/", change).content.decode()
    assert 'id="id_project_error"' in page and "cannot take an expense off its project" in page
    assert writes(workspace) == []


def test_delete_asks_first_then_deletes_and_audits(connected_client, workspace):
    page = connected_client.get(f"/expenses/{DINNER['id']}/delete/").content.decode()
    assert "Delete <bdi>Client dinner &amp; drinks</bdi>?" in page
    assert writes(workspace) == []
    workspace.route("DELETE", f"/expenses/{DINNER['id']}", ok(None, message="Expense deleted"))
    response = connected_client.post(f"/expenses/{DINNER['id']}/delete/", {"next": "/expenses/"})
    assert response.status_code == 302 and response["Location"] == "/expenses/"
    entry = AuditEntry.objects.get(action="expense.delete")
    assert (entry.outcome, entry.target_id, entry.upstream_message) == (
        "ok",
        DINNER["id"],
        "Expense deleted",
    )


def test_a_refused_delete_shows_webworks_message_and_is_audited(connected_client, workspace):
    workspace.route("DELETE", f"/expenses/{DINNER['id']}", fail(403, "Not your expense"))
    page = connected_client.post(f"/expenses/{DINNER['id']}/delete/").content.decode()
    assert "WebWork said: Not your expense." in page
    entry = AuditEntry.objects.get(action="expense.delete")
    assert entry.outcome == "failed" and entry.upstream_message == "Not your expense"


def test_a_delete_never_goes_elsewhere(connected_client, workspace):
    workspace.route("DELETE", f"/expenses/{DINNER['id']}", ok(None, message="Expense deleted"))
    url = f"/expenses/{DINNER['id']}/delete/"
    response = connected_client.post(url, {"next": "//evil.test/"})
    assert response["Location"] == "/expenses/"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/expenses/new/"),
        ("post", "/expenses/new/"),
        ("get", f"/expenses/{DINNER['id']}/edit/"),
        ("post", f"/expenses/{DINNER['id']}/edit/"),
        ("post", f"/expenses/{DINNER['id']}/delete/"),
    ],
)
def test_a_team_manager_is_refused_before_anything_is_sent(
    connected_client, upstream, team_manager, method, url
):
    response = getattr(connected_client, method)(url, GOOD if method == "post" else None)
    assert response.status_code == 403
    assert "needs the Owner or Executive manager role" in response.content.decode()
    assert upstream.requests == []
    assert not AuditEntry.objects.exists()
