"""Every approval list and the inbox read WebWork in one round: the list goes out together with
the reference data, and paginated data is asked for whole from the number of pages it had."""

from __future__ import annotations

import pytest

from dashboard.accounts.models import WebworkConnection
from dashboard.webwork.transport.cache import ResponseCache
from tests.core.rounds import counted
from tests.fakes import fail, ok, pages

from .conftest import ADA, BALANCES, BOB, leave, listing, sheet, time_request
from .test_timesheet_variants import people


@pytest.fixture
def rounds(monkeypatch):
    return counted(monkeypatch)


def forget_the_lists(*namespaces: str) -> None:
    """Every cached read of these resources goes, as when their short lives end; what the
    dashboard remembers about the lists (how many pages they had) stays."""
    connection = WebworkConnection.objects.get()
    ResponseCache(connection.budget_key, connection.workspace_id).invalidate(*namespaces)


def balances_by_page(request):
    """Two pages of balances, one member on each."""
    number = int(request.url.params.get("page", "1"))
    second = [{**BALANCES[0], "user_id": 9, "user_name": "Ada"}]
    rows = {1: BALANCES, 2: second}.get(number, [])
    return ok(rows, pagination=pages(2, 1, number))(request)


LISTS = [
    ("/approvals/timesheets/", {}),
    ("/approvals/timesheets/", {"user_id": "9", "date_from": "2026-01-05"}),
    ("/approvals/timesheets/", {"status": "all", "sort": "period"}),
    ("/approvals/leaves/", {}),
    ("/approvals/leaves/", {"user_id": "10", "status": "approved"}),
    ("/approvals/time-requests/", {}),
    ("/approvals/time-requests/", {"project_id": "501", "user_id": "9"}),
]


@pytest.fixture
def lists(routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("GET", "/leaves", listing([leave()]))
    routes.route("GET", "/leaves/balances", ok(BALANCES, pagination=pages(1, 20, 1)))
    routes.route("GET", "/time-requests", listing([time_request()]))
    return routes


@pytest.mark.parametrize(("path", "query"), LISTS)
def test_a_list_reads_in_one_round_from_a_cold_cache(connected_client, lists, rounds, path, query):
    response = connected_client.get(path, query)
    assert response.status_code == 200
    assert rounds.count == 1
    assert "/api/v2/members" in " ".join(rounds.in_round(1))


def test_the_filters_reach_webwork_in_that_one_round(connected_client, lists, rounds):
    connected_client.get("/approvals/time-requests/", {"project_id": "501", "user_id": "9"})
    asked = lists.calls("GET", "/time-requests")[0].url.params
    assert (asked["project_id"], asked["user_id"]) == ("501", "9")
    assert rounds.count == 1


def test_a_member_unknown_to_webwork_is_a_form_error_and_the_list_as_before(
    connected_client, lists, rounds
):
    html = connected_client.get("/approvals/timesheets/", {"user_id": "77"}).content.decode()
    assert "Select a valid choice" in html
    asked = [r.url.params.get("user_id") for r in lists.calls("GET", "/timesheets")]
    assert asked == ["77", None]  # sent at once as an id; read again once it proved unknown
    assert rounds.count == 2
    assert 'id="timesheet-ts-1"' in html


def test_a_policy_is_checked_before_it_is_sent_at_no_cost_once_policies_are_known(
    connected_client, lists, rounds
):
    connected_client.get("/approvals/leaves/")
    forget_the_lists("leaves")
    rounds.start()
    connected_client.get("/approvals/leaves/", {"policy_id": "31"})
    assert lists.calls("GET", "/leaves")[-1].url.params["policy_id"] == "31"
    assert rounds.count == 1


def test_every_page_of_balances_goes_out_at_once_and_the_first_time_three(
    connected_client, lists, rounds
):
    lists.route("GET", "/leaves", listing([leave(), leave("lv-2", user=ADA)]))
    lists.route("GET", "/leaves/balances", balances_by_page)
    connected_client.get("/approvals/leaves/")
    assert rounds.count == 1  # the first read ever asks for three pages: there are two
    assert rounds.in_round(1).count("GET /api/v2/leaves/balances") == 3
    forget_the_lists("leaves", "members", "leave_policies")
    rounds.start()
    html = connected_client.get("/approvals/leaves/").content.decode()
    assert rounds.count == 1
    assert rounds.in_round(1).count("GET /api/v2/leaves/balances") == 2
    assert "12 days" in html


def test_more_pages_of_balances_than_the_first_guess_cost_a_round_the_first_time(
    connected_client, lists, rounds
):
    def five_pages(request):
        number = int(request.url.params.get("page", "1"))
        rows = [{**BALANCES[0], "user_id": 100 + number}] if number <= 5 else []
        return ok(rows, pagination=pages(5, 1, number))(request)

    lists.route("GET", "/leaves/balances", five_pages)
    connected_client.get("/approvals/leaves/")
    assert rounds.count == 2
    assert sorted(int(r.url.params["page"]) for r in lists.calls("GET", "/leaves/balances")) == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_a_page_of_balances_past_the_guess_that_fails_fails_the_page_and_is_not_left_out(
    connected_client, lists, rounds
):
    def fourth_fails(request):
        number = int(request.url.params.get("page", "1"))
        if number == 4:
            return fail(500)(request)
        rows = [{**BALANCES[0], "user_id": 100 + number}] if number <= 5 else []
        return ok(rows, pagination=pages(5, 1, number))(request)

    lists.route("GET", "/leaves/balances", fourth_fails)
    page = connected_client.get("/approvals/leaves/")
    assert page.status_code >= 500
    assert "WebWork" in page.content.decode()


def test_fewer_pages_of_balances_than_last_time_are_read_as_they_are(
    connected_client, lists, rounds
):
    lists.route("GET", "/leaves/balances", balances_by_page)
    connected_client.get("/approvals/leaves/")
    lists.route("GET", "/leaves/balances", ok(BALANCES, pagination=pages(1, 20, 1)))
    forget_the_lists("leaves")
    rounds.start()
    html = connected_client.get("/approvals/leaves/").content.decode()
    assert rounds.count == 1 and "12 days" in html


def test_sorting_by_member_reads_every_page_at_once_once_their_number_is_known(
    connected_client, routes, rounds
):
    members = people(150)
    routes.route("GET", "/members", ok(members[:100], pagination=pages(100, 100, 1)))
    sheets = [sheet(f"ts-{n}", user=m) for n, m in enumerate(members)]

    def paged(request):
        number, size = int(request.url.params["page"]), int(request.url.params["per_page"])
        shown = sheets[(number - 1) * size : number * size]
        return ok(shown, pagination=pages(len(sheets), size, number))(request)

    routes.route("GET", "/timesheets", paged)
    connected_client.get("/approvals/timesheets/", {"sort": "member"})
    assert rounds.count == 2
    forget_the_lists("timesheets")
    rounds.start()
    html = connected_client.get("/approvals/timesheets/", {"sort": "member"}).content.decode()
    assert rounds.count == 1 and "150 timesheets" in html


def test_the_inbox_reads_in_one_round(connected_client, routes, rounds):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("GET", "/leaves", listing([leave()]))
    routes.route("GET", "/time-requests", listing([time_request(user=BOB)]))
    assert connected_client.get("/").status_code == 200
    assert rounds.count == 1
    assert len(rounds.in_round(1)) == 8


def test_the_number_of_pages_is_looked_up_once_a_view_and_written_only_when_it_changed(
    connected_client, lists, monkeypatch
):
    from dashboard.approvals.kinds import paging

    connected_client.get("/approvals/leaves/")  # one page of balances, remembered
    cache, seen = paging.cache, []

    class Watched:
        def get(self, key, *args):
            seen.append("get")
            return cache.get(key, *args)

        def set(self, key, *args):
            seen.append("set")
            return cache.set(key, *args)

    monkeypatch.setattr(paging, "cache", Watched())
    forget_the_lists("leaves")
    connected_client.get("/approvals/leaves/")
    assert seen == ["get"]
    lists.route("GET", "/leaves/balances", balances_by_page)  # two pages now
    forget_the_lists("leaves")
    seen.clear()
    connected_client.get("/approvals/leaves/")
    assert seen == ["get", "set"]
