"""Creating, editing, pausing and resuming contracts: validation, refusals and the audit."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from tests.assignments.conftest import (
    CONTRACTS,
    MARCUS_CAFE,
    MEMBERS,
    PRIYA_CAFE,
    PROJECTS,
    REPORT,
    contract,
    listed,
)
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok

NEW = {
    "member": "103",
    "project": "507",
    "rate_type": "1",
    "rate": "45.50",
    "weekly_hours_limit": "30",
    "screenshots": "video_blurred",
}


def test_the_create_form_offers_the_documented_choices(connected_client, reference):
    page = connected_client.get("/assignments/new/?project=507").content.decode()
    assert '<option value="507" selected>' in page
    assert 'value="video_blurred_silent"' in page and "Custom rate" in page
    assert 'name="weekly_hours_limit" value="168"' in page


def test_it_creates_a_contract_and_records_it_under_its_id(connected_client, reference):
    reference.route(
        "POST",
        "/contracts",
        ok(contract(2050, 103, 507), message="Contract created successfully", status=201),
    )
    response = connected_client.post("/assignments/new/", NEW)
    assert response.status_code == 302 and response["Location"] == "/assignments/?project=507"
    assert body_of(reference.last) == {
        "workspace_id": 7,
        "project_id": 507,
        "user_id": 103,
        "weekly_hours_limit": 30,
        "screenshots": "video_blurred",
        "rate": 45.5,
    }
    entry = AuditEntry.objects.get(action="contract.create")
    assert (entry.target_id, entry.outcome) == ("2050", "ok")
    assert entry.target_label == 'Priya Raman on R&D "Skunkworks"'
    assert entry.upstream_message == "Contract created successfully"


def test_a_default_rate_sends_no_amount(connected_client, reference):
    reference.route("POST", "/contracts", ok(contract(2050, 103, 507), message="Created"))
    connected_client.post("/assignments/new/", {**NEW, "rate_type": "3", "rate": ""})
    assert "rate" not in body_of(reference.last)


def test_it_validates_before_sending(connected_client, reference):
    response = connected_client.post(
        "/assignments/new/",
        {**NEW, "member": "", "rate": "", "weekly_hours_limit": "200", "screenshots": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page and "Enter the custom hourly rate." in page
    assert "less than or equal to 168" in page and "Select a valid choice" in page
    assert not reference.calls("POST", "/contracts")


def test_an_amount_with_a_default_rate_is_refused(connected_client, reference):
    page = connected_client.post("/assignments/new/", {**NEW, "rate_type": "2"}).content.decode()
    assert "Only a custom rate has an amount" in page
    assert not reference.calls("POST", "/contracts")


def test_webworks_refusal_lands_on_the_member_and_keeps_the_input(connected_client, reference):
    reference.route(
        "POST",
        "/contracts",
        fail(422, "Invalid.", errors={"user_id": ["This member already has a contract."]}),
    )
    page = connected_client.post("/assignments/new/", NEW).content.decode()
    assert 'id="id_member_error">This member already has a contract.' in page
    assert 'value="45.50"' in page
    assert AuditEntry.objects.get(action="contract.create").outcome == "failed"


def test_creating_without_the_role_says_which_role_is_needed(connected_client, reference):
    reference.route("POST", "/contracts", fail(403, "This action is unauthorized."))
    page = connected_client.post("/assignments/new/", NEW).content.decode()
    assert "Owner or Executive manager" in page


def test_the_edit_form_starts_from_the_contract(connected_client, upstream):
    upstream.route("GET", "/contracts/2001", ok(MARCUS_CAFE))
    page = connected_client.get("/assignments/2001/edit/").content.decode()
    assert "Marcus Webb on Café Menu 🍰" in page
    assert 'name="weekly_hours_limit" value="20"' in page and 'value="70.0"' in page


def test_editing_sends_the_changes_and_goes_back(connected_client, upstream):
    upstream.route("GET", "/contracts/2001", ok(MARCUS_CAFE))
    upstream.route(
        "PUT", "/contracts/2001", ok(MARCUS_CAFE, message="Contract updated successfully")
    )
    form = {
        "weekly_hours_limit": "25",
        "screenshots": "full",
        "rate": "",
        "next": "/assignments/?by=member",
    }
    response = connected_client.post("/assignments/2001/edit/", form)
    assert response.status_code == 302 and response["Location"] == "/assignments/?by=member"
    assert body_of(upstream.last) == {
        "workspace_id": 7,
        "weekly_hours_limit": 25,
        "screenshots": "full",
    }
    entry = AuditEntry.objects.get(action="contract.update")
    assert entry.target_id == "2001" and entry.upstream_message == "Contract updated successfully"


def test_the_edit_form_offers_no_limit_for_a_limit_beyond_any_week(connected_client, upstream):
    upstream.route("GET", "/contracts/2001", ok({**MARCUS_CAFE, "weekly_hours_limit": 1e308}))
    response = connected_client.get("/assignments/2001/edit/")
    assert response.status_code == 200
    assert 'name="weekly_hours_limit" value="168"' in response.content.decode()


@pytest.mark.parametrize(("limit", "shown"), [(None, "168"), (0, "0"), (168, "168")])
def test_the_edit_form_starts_from_the_limit_or_168_for_none(
    connected_client, upstream, limit, shown
):
    upstream.route("GET", "/contracts/2001", ok({**MARCUS_CAFE, "weekly_hours_limit": limit}))
    page = connected_client.get("/assignments/2001/edit/").content.decode()
    assert f'name="weekly_hours_limit" value="{shown}"' in page


def test_a_refused_edit_keeps_what_was_typed(connected_client, upstream):
    upstream.route("GET", "/contracts/2001", ok(MARCUS_CAFE))
    upstream.route(
        "PUT",
        "/contracts/2001",
        fail(422, "Bad limit", errors={"weekly_hours_limit": ["Too many."]}),
    )
    form = {"weekly_hours_limit": "150", "screenshots": "full"}
    page = connected_client.post("/assignments/2001/edit/", form).content.decode()
    assert "Too many." in page and 'value="150"' in page


def test_an_unknown_contract_is_a_not_found_page(connected_client, upstream):
    upstream.route("GET", "/contracts/9", fail(404, "Contract not found"))
    assert connected_client.get("/assignments/9/edit/").status_code == 404


def test_pausing_answers_the_row_as_paused(connected_client, upstream):
    upstream.route("GET", "/contracts/2001", ok(MARCUS_CAFE))
    upstream.route("GET", "/reports/tracked-hours", ok(REPORT))
    upstream.route(
        "PUT",
        "/contracts/2001",
        ok({**MARCUS_CAFE, "status": "paused"}, message="Contract updated successfully"),
    )
    response = connected_client.post(
        "/assignments/2001/pause/", {"by": "project", "rates": "1", "hours": "1"}, headers=HTMX
    )
    body = response.content.decode()
    assert body.strip().startswith('<tr id="contract-2001" class="is-near">')
    assert "pill-paused" in body and 'aria-label="Resume Marcus Webb on Café Menu 🍰"' in body
    assert "70.00 EUR" in body
    assert body_of(upstream.last) == {"workspace_id": 7, "status": "paused"}
    entry = AuditEntry.objects.get(action="contract.pause")
    assert entry.target_label == "Marcus Webb on Café Menu 🍰" and entry.outcome == "ok"


def test_pausing_says_paused_with_the_names_and_the_audit_keeps_webworks_words(
    connected_client, upstream
):
    upstream.route("GET", "/contracts/2001", ok(MARCUS_CAFE))
    upstream.route("GET", "/reports/tracked-hours", ok(REPORT))
    upstream.route(
        "PUT",
        "/contracts/2001",
        ok({**MARCUS_CAFE, "status": "paused"}, message="Contract updated successfully"),
    )
    body = connected_client.post("/assignments/2001/pause/", headers=HTMX).content.decode()
    assert "<strong>Paused Marcus Webb on Café Menu 🍰</strong>" in body
    assert "Contract updated successfully" not in body
    entry = AuditEntry.objects.get(action="contract.pause")
    assert entry.upstream_message == "Contract updated successfully"


def test_resuming_says_resumed_with_the_names(connected_client, upstream):
    upstream.route("GET", "/contracts/2002", ok(PRIYA_CAFE))
    upstream.route("GET", "/reports/tracked-hours", ok(REPORT))
    upstream.route("PUT", "/contracts/2002", ok(None, message="Contract updated successfully"))
    body = connected_client.post("/assignments/2002/resume/", headers=HTMX).content.decode()
    assert "<strong>Resumed Priya Raman on Café Menu 🍰</strong>" in body
    assert "pill-active" in body and "Contract updated successfully" not in body
    assert AuditEntry.objects.get(action="contract.resume").upstream_message == (
        "Contract updated successfully"
    )


def test_resuming_without_javascript_says_resumed_on_the_next_page(connected_client, upstream):
    upstream.route("GET", "/contracts/2002", ok(PRIYA_CAFE))
    upstream.route("GET", "/reports/tracked-hours", ok(REPORT))
    upstream.route("PUT", "/contracts/2002", ok(None, message="Contract updated successfully"))
    upstream.route("GET", "/members", listed(MEMBERS))
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("GET", "/contracts", listed(CONTRACTS, top_level=True))
    page = connected_client.post(
        "/assignments/2002/resume/", {"next": "/assignments/"}, follow=True
    ).content.decode()
    assert "Resumed Priya Raman on Café Menu 🍰." in page
    assert "Contract updated successfully" not in page


def test_resuming_without_javascript_goes_back_with_the_message(connected_client, upstream):
    upstream.route("GET", "/contracts/2002", ok(PRIYA_CAFE))
    upstream.route("GET", "/reports/tracked-hours", ok(REPORT))
    upstream.route("PUT", "/contracts/2002", ok(None, message="Contract updated successfully"))
    response = connected_client.post(
        "/assignments/2002/resume/", {"next": "/assignments/?status=paused"}
    )
    assert response.status_code == 302 and response["Location"] == "/assignments/?status=paused"
    assert AuditEntry.objects.get(action="contract.resume").outcome == "ok"


def test_a_refused_pause_is_a_banner_naming_the_role_and_is_recorded(connected_client, upstream):
    upstream.route("GET", "/contracts/2001", ok(MARCUS_CAFE))
    upstream.route("GET", "/reports/tracked-hours", fail(403, "Forbidden"))
    upstream.route("PUT", "/contracts/2001", fail(403, "This action is unauthorized."))
    response = connected_client.post("/assignments/2001/pause/", headers=HTMX)
    assert response["HX-Retarget"] == "#messages"
    assert "Owner or Executive manager" in response.content.decode()
    assert AuditEntry.objects.get(action="contract.pause").outcome == "failed"


def test_pause_only_takes_posts(connected_client, upstream):
    assert connected_client.get("/assignments/2001/pause/").status_code == 405
