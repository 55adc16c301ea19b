"""The timesheet approvals table and the decisions on one timesheet."""

from __future__ import annotations

import re

import pytest
from django import forms

from dashboard.approvals.filters import PlainSelect
from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok

from .conftest import listing, sheet

URL = "/approvals/timesheets/"


def sheets_asked(routes):
    """The last list of timesheets asked for (the members go out in the same round)."""
    return routes.calls("GET", "/timesheets")[-1]


def test_it_lists_submitted_timesheets_first_by_default(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    response = connected_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert routes.calls("GET", "/timesheets")[0].url.params["status"] == "submitted"
    assert "Ada Lovelace" in html and "25:00" in html
    assert 'id="timesheet-ts-1"' in html
    assert "Café Menu" in html  # the daily breakdown is in the page


def test_it_returns_the_results_partial_for_htmx(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    html = connected_client.get(URL, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html


@pytest.mark.parametrize(("given", "sent"), [("open", "pending"), ("pending", "pending")])
def test_it_understands_open_and_pending_alike(connected_client, routes, given, sent):
    routes.route("GET", "/timesheets", listing([]))
    connected_client.get(URL, {"status": given})
    assert sheets_asked(routes).url.params["status"] == sent


def test_any_status_sends_no_status_and_keeps_all_in_the_links(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet(status="approved")]))
    html = connected_client.get(URL, {"status": "all", "sort": "period"}).content.decode()
    assert "status" not in sheets_asked(routes).url.params
    assert sheets_asked(routes).url.params["order_by"] == "asc"
    assert "status=all" in html


def test_a_reversed_date_range_is_explained(connected_client, routes):
    routes.route("GET", "/timesheets", listing([]))
    response = connected_client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "The end date is before the start date." in response.content.decode()
    assert sheets_asked(routes).url.params["status"] == "submitted"


def test_an_upstream_outage_gets_the_outage_page(connected_client, routes):
    routes.route("GET", "/timesheets", fail(503, "Service unavailable"))
    response = connected_client.get(URL)
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


def test_approving_updates_the_row_in_place_and_is_audited(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route(
        "PUT", "/timesheets/ts-1/approve", ok(None, message="Timesheet approved successfully")
    )
    response = connected_client.post(
        "/approvals/timesheets/ts-1/approve/", {"view": "table"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<tbody id="timesheet-ts-1"')
    assert "Timesheet approved successfully" in html and "pill-approved" in html
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.target_id) == ("timesheet.approve", "ok", "ts-1")
    assert entry.upstream_message == "Timesheet approved successfully"
    assert "Ada Lovelace" in entry.target_label


def test_rejecting_needs_a_reason_and_keeps_the_row(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    response = connected_client.post(
        "/approvals/timesheets/ts-1/reject/", {"reason": "  ", "view": "table"}, headers=HTMX
    )
    html = response.content.decode()
    assert "Give a reason for the rejection." in html
    assert 'aria-invalid="true"' in html and " open>" in html
    assert not routes.calls("PUT", "/timesheets/ts-1/reject")
    assert not AuditEntry.objects.exists()


def test_rejecting_sends_the_reason_and_offers_it_again_later(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route(
        "PUT", "/timesheets/ts-1/reject", ok(None, message="Timesheet rejected successfully")
    )
    connected_client.post(
        "/approvals/timesheets/ts-1/reject/",
        {"reason": "Missing Friday", "view": "table"},
        headers=HTMX,
    )
    assert body_of(routes.last)["reason"] == "Missing Friday"
    assert AuditEntry.objects.get().summary == {"reason": "Missing Friday"}
    html = connected_client.get(URL).content.decode()
    assert '<option value="Missing Friday">' in html


def test_a_refusal_shows_webworks_message_in_the_row_and_is_audited(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route(
        "PUT",
        "/timesheets/ts-1/approve",
        fail(400, "Only submitted timesheets can be approved; this one is approved"),
    )
    html = connected_client.post(
        "/approvals/timesheets/ts-1/approve/", {"view": "table"}, headers=HTMX
    ).content.decode()
    assert "this one is approved" in html and 'role="alert"' in html
    assert AuditEntry.objects.get().outcome == "failed"


def test_unsubmitting_reopens_the_sheet(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route(
        "PUT", "/timesheets/ts-1/unsubmit", ok(None, message="Timesheet unsubmitted successfully")
    )
    html = connected_client.post(
        "/approvals/timesheets/ts-1/unsubmit/", {"view": "table"}, headers=HTMX
    ).content.decode()
    assert "pill-pending" in html and ">Submit<" in html
    assert AuditEntry.objects.get().action == "timesheet.unsubmit"


def test_without_javascript_a_decision_redirects_back_with_a_message(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route(
        "PUT", "/timesheets/ts-1/approve", ok(None, message="Timesheet approved successfully")
    )
    response = connected_client.post(
        "/approvals/timesheets/ts-1/approve/", {"next": "/approvals/timesheets/?status=all"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/approvals/timesheets/?status=all"
    routes.route("GET", "/timesheets", listing([sheet(status="approved")]))
    html = connected_client.get(response["Location"]).content.decode()
    assert "Timesheet approved successfully" in html


def test_it_never_redirects_to_another_site(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("PUT", "/timesheets/ts-1/approve", ok(None))
    response = connected_client.post(
        "/approvals/timesheets/ts-1/approve/", {"next": "https://evil.test/"}
    )
    assert response["Location"] == URL


def test_a_forbidden_decision_explains_the_role_needed(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("PUT", "/timesheets/ts-1/approve", fail(403, "Only managers may do this"))
    response = connected_client.post("/approvals/timesheets/ts-1/approve/", headers=HTMX)
    assert response["HX-Retarget"] == "#messages"
    assert "Owner or Executive manager" in response.content.decode()
    assert AuditEntry.objects.get().outcome == "failed"


def test_an_unknown_verb_is_not_found(connected_client, routes):
    assert connected_client.post("/approvals/leaves/lv-1/submit/").status_code == 404


def test_a_sheets_days_come_when_asked_for(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet(), sheet("ts-2")]))
    html = connected_client.get(URL).content.decode()
    assert 'class="breakdown"' not in html
    assert 'hx-get="/approvals/timesheets/?status=submitted&amp;sort=-period&amp;days=ts-1"' in html
    sent = len(routes.requests)
    days = connected_client.get(URL, {"days": "ts-1"}, headers=HTMX).content.decode()
    assert days.lstrip().startswith('<tr id="days-ts-1" class="breakdown"')
    assert days.count("Café Menu") == 5 and "5:00" in days
    assert len(routes.requests) == sent  # the page's own read, cached


def test_without_javascript_days_open_in_the_page(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet(), sheet("ts-2")]))
    html = connected_client.get(URL, {"days": "ts-2"}).content.decode()
    assert html.count('class="breakdown"') == 1 and 'id="days-ts-2"' in html
    assert 'aria-expanded="true" aria-controls="days-ts-2"' in html


def test_days_of_a_sheet_gone_from_the_page_are_read_for_it(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    connected_client.get(URL)
    routes.route("GET", "/timesheets", listing([sheet("ts-9")]))
    html = connected_client.get(
        URL, {"days": "ts-9", "refresh": "1"}, headers=HTMX
    ).content.decode()
    assert 'id="days-ts-9"' in html


@pytest.mark.parametrize("given", ["10", "77"])  # a member, and one that is no choice
def test_the_filters_selects_are_djangos_select_written_out(given):
    class Both(forms.Form):
        django = forms.ChoiceField(choices=CHOICES, required=False, help_text="Whose")
        plain = forms.ChoiceField(
            choices=CHOICES, required=False, help_text="Whose", widget=PlainSelect
        )

    form = Both({"django": given, "plain": given})
    form.is_valid()
    ours = str(form["plain"]).replace("plain", "django")
    assert ours == re.sub(r">\s+<", "><", str(form["django"]))


CHOICES = [("", "Anyone"), ("9", "Ada & <i>Lovelace</i>"), ("10", "Bob \u00c9")]
