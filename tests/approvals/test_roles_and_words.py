"""What pages offer to the connected role, what decided rows say, and names kept in their
direction."""

from __future__ import annotations

import pytest

from tests.conftest import HTMX
from tests.fakes import ok

from .conftest import ADA, listing, sheet
from .test_inbox import waiting

LISTS = ["/approvals/timesheets/", "/approvals/leaves/", "/approvals/time-requests/"]


@pytest.fixture
def regular(connected):
    connected.workspace_role = "Regular User"
    connected.save()
    return connected


def route_lists(routes):
    from .conftest import BALANCES, leave, time_request

    waiting(routes)
    routes.route("GET", "/leaves/balances", ok(BALANCES))
    return leave, time_request


def test_a_role_that_may_not_decide_sees_the_inbox_without_decisions(
    connected_client, routes, regular
):
    waiting(routes)
    html = connected_client.get("/").content.decode()
    assert 'id="inbox-timesheet-ts-1"' in html  # the items are still shown
    assert "data-key-approve" not in html and "Reject…" not in html
    assert 'id="bulk-form"' not in html
    assert "waiting for your decision" not in html
    assert "waiting for a decision by an Owner or Executive manager" in html
    assert html.count("Read only: deciding needs the Owner or Executive manager role") == 1
    assert "<bdi>Regular User</bdi>" in html


@pytest.mark.parametrize("url", LISTS)
def test_a_role_that_may_not_decide_gets_read_only_lists(connected_client, routes, regular, url):
    route_lists(routes)
    html = connected_client.get(url).content.decode()
    assert "Read only:" in html
    assert "data-key-approve" not in html and 'id="bulk-form"' not in html
    assert 'name="items"' not in html


def test_a_team_manager_sees_the_team_read_only(connected_client, routes, connected):
    connected.workspace_role = "Team manager"
    connected.save()
    waiting(routes)
    html = connected_client.get("/").content.decode()
    assert 'id="inbox-leave-lv-1"' in html and "data-key-approve" not in html
    assert "Read only:" in html


def test_a_manager_is_told_what_waits_for_their_decision(connected_client, routes):
    waiting(routes)
    html = connected_client.get("/").content.decode()
    assert "waiting for your decision" in html and "Read only:" not in html
    assert 'id="bulk-form"' in html and "data-key-approve" in html


def decided_row(connected_client, routes, verb, reason=""):
    routes.route("GET", "/timesheets", listing([sheet(days_ago=35)]))
    routes.route("PUT", f"/timesheets/ts-1/{verb}", ok(message=f"Timesheet {verb}d."))
    body = {"view": "inbox", "next": "/", "reason": reason}
    url = f"/approvals/timesheets/ts-1/{verb}/"
    return connected_client.post(url, body, headers=HTMX).content.decode()


def test_a_decided_inbox_row_says_what_was_done_not_how_long_it_waited(connected_client, routes):
    html = decided_row(connected_client, routes, "approve")
    assert "Approved just now" in html and "waiting 35 days" not in html


def test_a_rejected_inbox_row_shows_its_reason(connected_client, routes):
    html = decided_row(connected_client, routes, "reject", "Friday is missing")
    assert "Rejected just now" in html
    assert "Reason: <bdi>Friday is missing</bdi>" in html


def test_a_rejected_list_row_shows_the_reason_just_given(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("PUT", "/timesheets/ts-1/reject", ok(message="Timesheet rejected."))
    body = {"view": "table", "next": "/approvals/timesheets/", "reason": "Friday is missing"}
    html = connected_client.post(
        "/approvals/timesheets/ts-1/reject/", body, headers=HTMX
    ).content.decode()
    assert "Friday is missing" in html


RTL = {**ADA, "firstname": "ليلى", "lastname": "الأحمد"}


def test_right_to_left_names_are_isolated_in_the_lists_and_the_inbox(connected_client, routes):
    routes.route(
        "GET",
        "/members",
        ok([RTL], pagination={"total": 1, "per_page": 100, "current_page": 1, "last_page": 1}),
    )
    waiting(routes, sheets=[sheet(user=RTL)], leaves=[], requests=[])
    assert "<bdi>ليلى الأحمد</bdi>" in connected_client.get("/").content.decode()
    html = connected_client.get("/approvals/timesheets/").content.decode()
    assert "<bdi>ليلى الأحمد</bdi>" in html


def test_the_bulk_preview_isolates_a_right_to_left_name_from_its_dates(connected_client):
    label = "ليلى الأحمد · 23 Nov\u201329 Nov 2026"
    body = {"action": "approve", "scope": "selected", "items": [f"timesheet|ts-1|{label}"]}
    html = connected_client.post("/approvals/bulk/", body).content.decode()
    assert "<li><bdi>ليلى الأحمد</bdi> · 23 Nov\u201329 Nov 2026</li>" in html
