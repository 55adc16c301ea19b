"""Review pages of leave and time requests: balances in the policy year, who else is off,
and the requested time against the member's day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard.approvals.evidence import Amount, parse_amount
from tests.fakes import fail, ok, pages

from .conftest import ADA, BOB, TODAY, leave, listing, time_request

NEXT_FEBRUARY = date(TODAY.year + 1, 2, 1)
while NEXT_FEBRUARY.weekday() > 0:  # a Monday, so the three days are weekdays
    NEXT_FEBRUARY += timedelta(days=1)
LEAVE_URL = "/approvals/leaves/lv-1/"


def balances(left: str, *, user: dict = BOB) -> list[dict]:
    return [
        {
            "user_id": user["id"],
            "user_name": f"{user['firstname']} {user['lastname']}",
            "leave_information": [{"leave_type": "Vacation", "policy_id": 31, "balance": left}],
        },
        {"user_id": ADA["id"], "user_name": "Ada Lovelace", "leave_information": []},
    ]


@pytest.fixture
def leave_routes(routes):
    mine = leave(start=NEXT_FEBRUARY)
    adas = leave("lv-2", user=ADA, status="approved", start=NEXT_FEBRUARY + timedelta(days=1))
    refused = leave("lv-3", user=ADA, status="rejected", start=NEXT_FEBRUARY) | {
        "policy_name": "Sick leave"
    }
    routes.route("GET", "/leaves", listing([mine]), listing([mine, adas, refused]))
    routes.route("GET", "/leaves/balances", ok(balances("12 days"), pagination=pages(2, 20, 1)))
    return routes


def test_a_leave_in_the_next_year_uses_that_years_balance(connected_client, leave_routes):
    html = connected_client.get(LEAVE_URL).content.decode()
    asked = leave_routes.calls("GET", "/leaves/balances")[0].url.params
    year = NEXT_FEBRUARY.year
    assert (asked["date_from"], asked["date_to"]) == (f"{year}-01-01", f"{year}-12-31")
    assert f"Balance of <bdi>Vacation</bdi> in {year}" in html
    assert "12 days" in html and "9 days" in html  # 12 now, 9 after approving 3
    assert "negative" not in html


def test_a_negative_balance_after_approval_is_flagged(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave(start=NEXT_FEBRUARY)]))
    routes.route("GET", "/leaves/balances", ok(balances("2 days"), pagination=pages(2, 20, 1)))
    html = connected_client.get(LEAVE_URL).content.decode()
    assert "Approving leaves the balance negative: -1 days" in html
    assert 'class="negative"' in html


def test_who_else_is_off_lists_approved_and_pending_leave_of_others(connected_client, leave_routes):
    html = connected_client.get(LEAVE_URL).content.decode()
    others = html[html.index("Who else is off") :]
    assert "<bdi>Ada Lovelace</bdi>" in others and "Approved" in others
    assert "Sick leave" not in others  # rejected leave is not leave
    window = leave_routes.calls("GET", "/leaves")[1].url.params
    assert window["date_from"] == NEXT_FEBRUARY.isoformat() and "status" not in window


def test_a_leave_review_costs_four_calls_cold_and_none_warm(connected_client, leave_routes):
    connected_client.get(LEAVE_URL)
    # the leave, the members, the member's balance that year, everyone's leave on those dates
    assert len(leave_routes.requests) == 4
    asked = leave_routes.calls("GET", "/leaves/balances")[0].url.params
    assert asked["user_id"] == str(BOB["id"])
    connected_client.get(LEAVE_URL)
    assert len(leave_routes.requests) == 4


def test_an_approved_leave_shows_the_balance_before_it(connected_client, routes):
    routes.route("GET", "/leaves", listing([leave(start=NEXT_FEBRUARY, status="approved")]))
    routes.route("GET", "/leaves/balances", ok(balances("9 days"), pagination=pages(2, 20, 1)))
    html = connected_client.get(LEAVE_URL).content.decode()
    assert "Before it was approved" in html and "12 days" in html
    assert "data-key-approve" not in html  # nothing to decide


def test_an_unknown_leave_is_the_not_found_page(connected_client, routes):
    routes.route("GET", "/leaves", listing([]))
    assert connected_client.get("/approvals/leaves/nope/").status_code == 404


def test_balance_text_is_read_as_a_number_and_its_unit():
    assert parse_amount("12 days") == Amount(12.0, "days")
    assert parse_amount("-4.5 hours") == Amount(-4.5, "hours")
    assert parse_amount("unlimited") is None


REQUEST_START = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(
    days=2
)


def entry(entry_id: str, hour: int, minutes: int, *, method: str = "Desktop tracker") -> dict:
    start = REQUEST_START.replace(hour=hour, minute=0)
    return {
        "id": entry_id,
        "user_id": 9,
        "date": start.date().isoformat(),
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(minutes=minutes)).isoformat(),
        "duration_minutes": minutes,
        "project_id": 501,
        "project_name": "Café Menu",
        "method": method,
    }


@pytest.fixture
def request_routes(routes):
    routes.route("GET", "/time-requests/tr-1", ok(time_request(start=REQUEST_START, minutes=60)))
    overlapping, later = entry("te-1", 9, 90), entry("te-2", 13, 60)
    routes.route("GET", "/time-entries", listing([overlapping, later]))
    return routes


def test_a_time_request_is_shown_against_the_members_day(connected_client, request_routes):
    html = connected_client.get("/approvals/time-requests/tr-1/").content.decode()
    assert "Time request of <bdi>Ada Lovelace</bdi>" in html
    asked = request_routes.calls("GET", "/time-entries")[0].url.params
    assert (asked["user_id"], asked["date"]) == ("9", REQUEST_START.date().isoformat())
    assert "The requested time overlaps 1 entry" in html
    assert html.count('class="overlaps"') == 1 and html.count('class="requested"') == 1
    assert "<bdi>Café Menu</bdi>" in html  # named from the day's entries
    assert "2 h 30 m" in html  # already on the timeline that day


def test_a_time_request_review_costs_three_calls_cold_and_none_warm(
    connected_client, request_routes
):
    connected_client.get("/approvals/time-requests/tr-1/")
    assert len(request_routes.requests) == 3  # the request, the members, the day's entries
    connected_client.get("/approvals/time-requests/tr-1/")
    assert len(request_routes.requests) == 3


def test_deciding_invalidates_the_cached_request(connected_client, request_routes):
    request_routes.route("POST", "/time-requests/tr-1/approve", ok(None, message="Approved"))
    connected_client.get("/approvals/time-requests/tr-1/")
    connected_client.post("/approvals/time-requests/tr-1/approve/", {"next": "/"})
    connected_client.get("/approvals/time-requests/tr-1/")
    # the review, the decision's own read of the state right now, the review again (not cached)
    assert len(request_routes.calls("GET", "/time-requests/tr-1")) == 3


def test_a_time_request_review_survives_an_outage(connected_client, routes):
    routes.route("GET", "/time-requests/tr-1", fail(503))
    assert connected_client.get("/approvals/time-requests/tr-1/").status_code == 503


def test_a_read_only_role_sees_the_request_without_decisions(
    connected_client, request_routes, connected
):
    connected.workspace_role = "Regular User"
    connected.save()
    html = connected_client.get("/approvals/time-requests/tr-1/").content.decode()
    assert "The requested time overlaps 1 entry" in html
    assert "data-key-approve" not in html and "Read only:" in html
