"""The assignments table: grouping, filters, rates, hours against limits, outages."""

from __future__ import annotations

from tests.assignments.conftest import CONTRACTS, PRIYA_RND, REPORT, listed
from tests.conftest import HTMX
from tests.fakes import fail, ok


def test_it_groups_contracts_by_project_with_hours_against_limits(connected_client, workspace):
    response = connected_client.get("/assignments/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Café Menu 🍰") < page.index("R&amp;D &quot;Skunkworks&quot;")
    assert '<tr id="contract-2001" class="is-near">' in page
    assert "17.0 h of 20" in page and "Near the weekly limit" in page
    assert '<tr id="contract-2002" class="is-over">' in page
    assert "At or over the weekly limit" in page
    assert '<tr id="contract-2003">' in page and "5.0 h of 40" in page


def test_it_shows_rates_only_when_webwork_shows_them(connected_client, workspace):
    page = connected_client.get("/assignments/").content.decode()
    assert "70.00 EUR" in page and "The member&#x27;s rate" in page
    assert '<th scope="col" class="num">Rate</th>' in page


def test_without_rates_there_is_no_rate_column(connected_client, reference):
    reference.route("GET", "/contracts", listed([PRIYA_RND]))
    reference.route("GET", "/reports/tracked-hours", listed([]))
    page = connected_client.get("/assignments/").content.decode()
    assert ">Rate</th>" not in page


def test_it_shows_the_role_screenshot_mode_and_status(connected_client, workspace):
    page = connected_client.get("/assignments/").content.decode()
    assert "Executive manager" in page and "Blurred screenshots" in page
    assert '<span class="pill pill-paused">Paused</span>' in page
    assert 'aria-label="Resume Priya Raman on Café Menu 🍰"' in page


def test_it_groups_by_member_on_request(connected_client, workspace):
    page = connected_client.get("/assignments/?by=member").content.decode()
    assert page.index('scope="rowgroup" colspan="7"><bdi>Marcus Webb</bdi>') < page.index(
        'scope="rowgroup" colspan="7"><bdi>Priya Raman</bdi>'
    )


def test_the_filters_go_to_webwork(connected_client, workspace):
    connected_client.get("/assignments/?status=paused&member=103&project=505")
    sent = dict(workspace.calls("GET", "/contracts")[-1].url.params)
    assert (sent["status"], sent["user_id"], sent["project_id"]) == ("paused", "103", "505")


def test_the_member_filter_offers_active_members_only(connected_client, workspace):
    page = connected_client.get("/assignments/").content.decode()
    assert '<option value="103">Priya Raman</option>' in page and "Gone Person" not in page


def test_bad_filters_are_ignored_and_the_others_kept(connected_client, workspace):
    response = connected_client.get("/assignments/?status=deleted&member=abc&project=505&by=x")
    sent = dict(workspace.calls("GET", "/contracts")[-1].url.params)
    assert response.status_code == 200
    assert "status" not in sent and "user_id" not in sent and sent["project_id"] == "505"


def test_the_week_report_is_one_call_for_the_whole_table(connected_client, workspace):
    connected_client.get("/assignments/")
    connected_client.get("/assignments/?by=member")
    calls = workspace.calls("GET", "/reports/tracked-hours")
    assert len(calls) == 1
    params = dict(calls[0].url.params)
    assert params["start_date"] <= params["end_date"]


def test_it_returns_the_partial_for_htmx(connected_client, workspace):
    body = connected_client.get("/assignments/?status=active", headers=HTMX)
    text = body.content.decode()
    assert text.strip().startswith('<section id="contracts"') and "<html" not in text


def test_it_says_what_to_do_when_nothing_matches(connected_client, reference):
    reference.route("GET", "/contracts", listed([]))
    reference.route("GET", "/reports/tracked-hours", listed([]))
    page = connected_client.get("/assignments/?status=paused").content.decode()
    assert "No contracts match" in page and "Put a member on a project" in page


def test_it_pages_with_totals(connected_client, reference):
    many = [{**PRIYA_RND, "id": 3000 + n} for n in range(23)]
    reference.route("GET", "/contracts", listed(many))
    reference.route("GET", "/reports/tracked-hours", listed([]))
    page = connected_client.get("/assignments/?page=2").content.decode()
    assert "23 contracts, showing 21\u201323" in page


def test_an_upstream_outage_is_a_page_that_says_so(connected_client, reference):
    reference.route("GET", "/contracts", fail(503))
    reference.route("GET", "/reports/tracked-hours", listed([]))
    response = connected_client.get("/assignments/")
    assert response.status_code == 503 and "WebWork is not answering" in response.content.decode()


def test_a_role_that_may_not_read_reports_sees_the_table_without_hours(connected_client, reference):
    reference.route("GET", "/contracts", listed(CONTRACTS))
    reference.route("GET", "/reports/tracked-hours", fail(403, "Forbidden"))
    response = connected_client.get("/assignments/")
    page = response.content.decode()
    assert response.status_code == 200 and '<tr id="contract-2001">' in page
    assert "tracked-hours report needs the Owner or Executive manager role" in page
    assert "This week</th>" not in page


def test_a_limit_beyond_any_week_reads_as_no_limit(connected_client, reference):
    endless = {**PRIYA_RND, "weekly_hours_limit": 1e308}
    reference.route("GET", "/contracts", listed([endless]))
    reference.route("GET", "/reports/tracked-hours", ok(REPORT))
    response = connected_client.get("/assignments/")
    page = response.content.decode()
    assert response.status_code == 200
    row = page.split('<tr id="contract-2003"')[1].split("</tr>")[0]
    assert "No limit" in row and "5.0 h" in row and "000000" not in row
    assert "weekly limit" not in row.split("</meter>")[1]


def test_every_member_and_project_name_is_isolated_for_direction(connected_client, workspace):
    by_project = connected_client.get("/assignments/").content.decode()
    by_member = connected_client.get("/assignments/?by=member").content.decode()
    assert 'colspan="7"><bdi>Café Menu 🍰</bdi>' in by_project
    assert "<bdi>Marcus Webb</bdi><span" in by_project
    assert "<bdi>marcus@acme.test</bdi>" in by_project
    assert "<bdi>Café Menu 🍰</bdi><span" in by_member


def test_a_contract_without_a_limit_reads_as_no_limit(connected_client, reference):
    reference.route("GET", "/contracts", listed([{**PRIYA_RND, "weekly_hours_limit": None}]))
    reference.route("GET", "/reports/tracked-hours", ok(REPORT))
    page = connected_client.get("/assignments/").content.decode()
    row = page.split('<tr id="contract-2003"')[1].split("</tr>")[0]
    assert '<td class="num">No limit</td>' in row and "5.0 h</span>" in row
