"""Leave and time-request lists: pending first, filters, balances, decisions."""

from __future__ import annotations

from datetime import date

from tests.conftest import HTMX
from tests.fakes import fail, ok, pages

from .conftest import ADA, BALANCES, TODAY, leave, listing, time_request


def balances(routes):
    routes.route("GET", "/leaves/balances", ok(BALANCES, pagination=pages(1, 20, 1)))


def test_leave_lists_pending_first_with_the_balance_beside_it(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave()]))
    balances(routes)
    html = connected_client.get("/approvals/leaves/").content.decode()
    assert routes.calls("GET", "/leaves")[0].url.params["status"] == "pending"
    assert "12 days" in html and "Vacation" in html and "Leave policies" in html


def test_leave_filters_reach_webwork(connected_client, routes):
    routes.route("GET", "/leaves", listing([]))
    balances(routes)
    connected_client.get(
        "/approvals/leaves/", {"status": "all", "policy_id": "31", "is_paid": "no", "user_id": "10"}
    )
    params = routes.calls("GET", "/leaves")[0].url.params
    assert "status" not in params
    assert (params["policy_id"], params["is_paid"], params["user_id"]) == ("31", "no", "10")


def test_leave_partial_for_htmx(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave()]))
    balances(routes)
    html = connected_client.get("/approvals/leaves/", headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')


def test_an_unknown_policy_is_a_form_error_not_a_crash(connected_client, routes):
    routes.route("GET", "/leaves", listing([]))
    balances(routes)
    response = connected_client.get("/approvals/leaves/", {"policy_id": "999"})
    assert response.status_code == 200
    assert "policy_id" not in routes.calls("GET", "/leaves")[0].url.params


def test_leave_outage_gets_the_outage_page(connected_client, routes):
    routes.route("GET", "/leaves", fail(503))
    balances(routes)
    assert connected_client.get("/approvals/leaves/").status_code == 503


def test_rejecting_leave_in_the_table_shows_the_row_with_its_balance(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave()]))
    routes.route("PUT", "/leaves/lv-1/reject", ok(None, message="Leave rejected successfully"))
    balances(routes)
    html = connected_client.post(
        "/approvals/leaves/lv-1/reject/", {"reason": "Busy week", "view": "table"}, headers=HTMX
    ).content.decode()
    assert html.lstrip().startswith('<tr id="leave-lv-1"')
    assert "Leave rejected successfully" in html and "12 days" in html


def test_time_requests_list_pending_with_a_date_window(connected_client, routes):
    routes.route("GET", "/time-requests", listing([time_request()]))
    html = connected_client.get("/approvals/time-requests/").content.decode()
    params = routes.calls("GET", "/time-requests")[0].url.params
    assert params["status"] == "pending" and "date_from" in params and "date_to" in params
    assert "Forgot to start the tracker" in html and "0:45 h on Café Menu" in html


def test_time_request_filters_reach_webwork(connected_client, routes):
    routes.route("GET", "/time-requests", listing([]))
    connected_client.get(
        "/approvals/time-requests/",
        {"project_id": "501", "date_from": "2026-01-01", "date_to": "2026-01-31"},
    )
    params = routes.calls("GET", "/time-requests")[0].url.params
    assert (params["project_id"], params["date_from"], params["date_to"]) == (
        "501",
        "2026-01-01",
        "2026-01-31",
    )


def test_time_requests_partial_for_htmx(connected_client, routes):
    routes.route("GET", "/time-requests", listing([time_request()]))
    html = connected_client.get("/approvals/time-requests/", headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')


def test_time_request_outage_gets_the_outage_page(connected_client, routes):
    routes.route("GET", "/time-requests", fail(502))
    assert connected_client.get("/approvals/time-requests/").status_code == 503


def test_approving_a_time_request_in_the_table(connected_client, routes):
    routes.route("GET", "/time-requests/tr-1", ok(time_request()))
    routes.route("POST", "/time-requests/tr-1/approve", ok(None, message="Time request approved"))
    html = connected_client.post(
        "/approvals/time-requests/tr-1/approve/", {"view": "table"}, headers=HTMX
    ).content.decode()
    assert html.lstrip().startswith('<tr id="time_request-tr-1"')
    assert "pill-approved" in html


def two_pages_of_balances(answered: list[int], fails: tuple[int, ...] = ()):
    """WebWork's balances on two pages (an empty page past them); the pages asked for are noted
    in ``answered``, and the first ask for a page in ``fails`` fails."""
    second = [{**BALANCES[0], "user_id": 9, "user_name": "Ada"}]
    second[0]["leave_information"] = [{"leave_type": "Vacation", "balance": "4 days"}]

    def by_page(request):
        number = int(request.url.params.get("page", "1"))
        answered.append(number)
        if number in fails and answered.count(number) == 1:
            return fail(500)(request)
        rows = {1: BALANCES, 2: second}.get(number, [])
        return ok(rows, pagination=pages(2, 1, number))(request)

    return by_page


def test_every_page_of_balances_is_read_for_the_year(connected_client, routes):
    answered: list[int] = []
    routes.route("GET", "/leaves", listing([leave(), leave("lv-2", user=ADA)]))
    routes.route("GET", "/leaves/balances", two_pages_of_balances(answered))
    html = connected_client.get("/approvals/leaves/").content.decode()
    assert "12 days" in html and "4 days" in html
    # The first time, three pages at once (with the list, in one round).
    assert sorted(answered) == [1, 2, 3]
    asked = routes.calls("GET", "/leaves/balances")
    assert {r.url.params["date_from"][4:] for r in asked} == {"-01-01"}


def test_a_guessed_page_of_balances_that_fails_is_read_again_when_it_exists(
    connected_client, routes
):
    answered: list[int] = []
    routes.route("GET", "/leaves", listing([leave(), leave("lv-2", user=ADA)]))
    routes.route("GET", "/leaves/balances", two_pages_of_balances(answered, fails=(2,)))
    html = connected_client.get("/approvals/leaves/").content.decode()
    assert "12 days" in html and "4 days" in html
    assert sorted(answered) == [1, 2, 2, 3]  # page 1 says there is a page 2: it is read again


def test_a_request_in_next_years_policy_is_not_shown_this_years_balance(connected_client, routes):
    next_year = leave(start=date(TODAY.year + 1, 2, 1))
    routes.route("GET", "/leaves", listing([next_year]))
    balances(routes)
    html = connected_client.get("/approvals/leaves/").content.decode()
    assert f"Balance {TODAY.year}" in html  # the column's year, as read
    assert f"Counted in {TODAY.year + 1} (see its review)" in html and "12 days" not in html
    [asked] = {call.url.params["date_from"] for call in routes.calls("GET", "/leaves/balances")}
    assert asked == f"{TODAY.year}-01-01"


def test_a_request_that_takes_the_balance_below_zero_is_flagged(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave()]))  # 3 days asked
    short = [
        {**BALANCES[0], "leave_information": [{"leave_type": "Vacation", "balance": "2 days"}]}
    ]
    routes.route("GET", "/leaves/balances", ok(short, pagination=pages(1, 20, 1)))
    html = connected_client.get("/approvals/leaves/").content.decode()
    assert 'class="flag flag-below-zero">Below zero if approved: -1 days<' in html


def test_a_balance_that_stays_above_zero_is_not_flagged(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave()]))
    balances(routes)
    assert "flag-below-zero" not in connected_client.get("/approvals/leaves/").content.decode()
