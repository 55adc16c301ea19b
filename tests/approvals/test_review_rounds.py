"""Review pages read in one concurrent round when their link carries the item's member and dates
(as every inbox and list row's link does), in two without, and a wrong hint never shows the
wrong item."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from dashboard.approvals.hints import Hint
from dashboard.webwork.client import WebworkClient
from tests.conftest import HTMX
from tests.fakes import ok, pages

from .conftest import ADA, BOB, MONDAY, leave, listing, sheet, time_request

SUNDAY = MONDAY + timedelta(days=6)
SHEET_URL = "/approvals/timesheets/ts-1/"
SHEET_HINT = {"u": "9", "from": MONDAY.isoformat(), "to": SUNDAY.isoformat()}
LEAVE_DAY = MONDAY + timedelta(days=21)
REQUEST_START = datetime(MONDAY.year, MONDAY.month, MONDAY.day, 10, tzinfo=UTC)


class Rounds:
    """Counts a page's upstream rounds: each concurrent batch that sent anything is one round,
    and so is each read sent outside a batch."""

    def __init__(self, upstream) -> None:
        self.upstream = upstream
        self.batches: list[tuple[int, int]] = []
        self.mark = 0

    def start(self) -> None:
        self.batches, self.mark = [], len(self.upstream.requests)

    @property
    def count(self) -> int:
        sent = [(b, a) for b, a in self.batches if a > b]
        inside = sum(a - b for b, a in sent)
        return len(sent) + (len(self.upstream.requests) - self.mark - inside)


@pytest.fixture
def rounds(monkeypatch, routes):
    counter = Rounds(routes)
    real = WebworkClient.gather

    def counting(self, *calls):
        before = len(routes.requests)
        try:
            return real(self, *calls)
        finally:
            counter.batches.append((before, len(routes.requests)))

    monkeypatch.setattr(WebworkClient, "gather", counting)
    counter.start()
    return counter


@pytest.fixture
def sheet_routes(routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("GET", "/leaves", listing([]))
    routes.route("GET", "/time-requests", listing([]))
    routes.route("GET", "/expenses", listing([]))
    return routes


def test_a_timesheet_review_with_its_hint_reads_in_one_round(
    connected_client, sheet_routes, rounds
):
    html = connected_client.get(SHEET_URL, SHEET_HINT).content.decode()
    assert "Timesheet of <bdi>Ada Lovelace</bdi>" in html
    assert rounds.count == 1
    # the sheet, the contracts (reference data), the member's leave and manual time
    assert len(sheet_routes.requests) == 4
    assert not sheet_routes.calls("GET", "/expenses")  # read when opened
    assert "?expenses=1&amp;next=" in html and "u=9" in html.split("?expenses=1", 1)[1][:200]


def test_a_timesheet_review_without_a_hint_takes_two_rounds(connected_client, sheet_routes, rounds):
    connected_client.get(SHEET_URL)
    assert rounds.count == 2
    assert len(sheet_routes.requests) == 4


def test_a_wrong_hint_reads_again_for_the_sheet_as_it_is(connected_client, sheet_routes, rounds):
    wrong = SHEET_HINT | {"u": "10"}
    html = connected_client.get(SHEET_URL, wrong).content.decode()
    assert "Timesheet of <bdi>Ada Lovelace</bdi>" in html
    asked = [r.url.params.get("user_id") for r in sheet_routes.calls("GET", "/leaves")]
    assert asked == ["10", "9"]  # the hinted read is dropped, the sheet's member is read
    assert rounds.count == 2


@pytest.mark.parametrize(
    "query",
    [
        {"u": "x", "from": MONDAY.isoformat()},
        {"u": "9", "from": "2026-02-30"},
        {"u": "9", "from": SUNDAY.isoformat(), "to": MONDAY.isoformat()},
        {"u": "-1", "from": MONDAY.isoformat()},
        {"u": "9", "from": MONDAY.isoformat(), "to": (MONDAY + timedelta(days=400)).isoformat()},
    ],
)
def test_an_odd_hint_is_ignored(connected_client, sheet_routes, query):
    assert Hint.read(query) is None
    assert connected_client.get(SHEET_URL, query).status_code == 200


def test_the_weeks_expenses_are_read_when_opened(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("GET", "/leaves", listing([]))
    routes.route("GET", "/time-requests", listing([]))
    spent = {"id": "ex-1", "expense_name": "Printer paper", "amount": 42.5, "currency": "EUR"}
    spent |= {"date": MONDAY.isoformat(), "user_id": 9}
    routes.route("GET", "/expenses", listing([spent, spent | {"id": "ex-2", "user_id": 10}]))
    part = connected_client.get(SHEET_URL, SHEET_HINT | {"expenses": "1"}, headers=HTMX)
    html = part.content.decode()
    assert html.lstrip().startswith(
        '<details class="review-day review-expenses" id="expenses" open'
    )
    assert html.count("Printer paper") == 1  # another member's is not shown
    asked = routes.calls("GET", "/expenses")[0].url.params
    assert (asked["date_from"], asked["date_to"]) == (MONDAY.isoformat(), SUNDAY.isoformat())


def leaves_by_query(request: httpx.Request) -> httpx.Response:
    """One leave by id, or every leave on the asked dates."""
    mine = leave(start=LEAVE_DAY)
    adas = leave("lv-2", user=ADA, status="approved", start=LEAVE_DAY)
    rows = [mine] if "id" in request.url.params else [mine, adas]
    return listing(rows)(request)


@pytest.fixture
def leave_routes(routes):
    routes.route("GET", "/leaves", leaves_by_query)
    balance = [{"leave_type": "Vacation", "policy_id": 31, "balance": "12 days"}]
    rows = [{"user_id": BOB["id"], "user_name": "Bob", "leave_information": balance}]
    routes.route("GET", "/leaves/balances", ok(rows, pagination=pages(1, 20, 1)))
    return routes


def leave_hint() -> dict[str, str]:
    record = leave(start=LEAVE_DAY)
    return {"u": str(record["user_id"]), "from": record["start_date"], "to": record["end_date"]}


def test_a_leave_review_with_its_hint_reads_three_times_in_one_round(
    connected_client, leave_routes, rounds
):
    html = connected_client.get("/approvals/leaves/lv-1/", leave_hint()).content.decode()
    assert "Who else is off" in html and "<bdi>Ada Lovelace</bdi>" in html
    # the members, the member's balances that year, everyone's leave on those dates (the leave's
    # own among them)
    assert len(leave_routes.requests) == 3 and rounds.count == 1
    assert not [r for r in leave_routes.calls("GET", "/leaves") if "id" in r.url.params]
    connected_client.get("/approvals/leaves/lv-1/", leave_hint())
    assert len(leave_routes.requests) == 3


def test_a_leave_hint_for_other_dates_still_shows_that_leave(connected_client, leave_routes):
    odd = leave_hint() | {"from": MONDAY.isoformat(), "to": MONDAY.isoformat()}
    response = connected_client.get("/approvals/leaves/lv-1/", odd)
    assert response.status_code == 200
    windows = [r.url.params.get("date_from") for r in leave_routes.calls("GET", "/leaves")]
    assert windows[-1] == LEAVE_DAY.isoformat()  # read again on the leave's own dates


def test_a_time_request_review_with_its_hint_reads_in_one_round(connected_client, routes, rounds):
    record = time_request(start=REQUEST_START, minutes=60)
    routes.route("GET", "/time-requests/tr-1", ok(record))
    routes.route("GET", "/time-entries", listing([]))
    day = REQUEST_START.date().isoformat()
    hint = {"u": str(record["user_id"]), "from": day, "to": day}
    html = connected_client.get("/approvals/time-requests/tr-1/", hint).content.decode()
    assert "Time request of" in html
    assert len(routes.requests) == 3 and rounds.count == 1


def test_list_and_inbox_links_carry_the_hint(connected_client, sheet_routes):
    html = connected_client.get("/approvals/timesheets/").content.decode()
    href = html.split("data-review-link", 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert (query["u"], query["from"], query["to"]) == (
        ["9"],
        [MONDAY.isoformat()],
        [SUNDAY.isoformat()],
    )


def test_a_leave_review_without_a_hint_takes_two_rounds(connected_client, leave_routes, rounds):
    html = connected_client.get("/approvals/leaves/lv-1/").content.decode()
    assert "Who else is off" in html
    # the leave and the members, then the balances and the leave on its dates
    assert len(leave_routes.requests) == 4 and rounds.count == 2


def test_a_review_opened_from_its_list_reads_nothing_more_for_its_item(
    connected_client, sheet_routes
):
    listed = connected_client.get("/approvals/timesheets/").content.decode()
    href = listed.split("data-review-link", 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    before = len(sheet_routes.calls("GET", "/timesheets"))
    html = connected_client.get(href.replace("&amp;", "&")).content.decode()
    assert "Timesheet of <bdi>Ada Lovelace</bdi>" in html
    assert len(sheet_routes.calls("GET", "/timesheets")) == before  # the list's row served


def test_after_a_decision_the_review_reads_its_item_again(connected_client, sheet_routes):
    sheet_routes.route("PUT", "/timesheets/ts-1/approve", ok({"message": "Approved"}))
    connected_client.get("/approvals/timesheets/")
    read = len(sheet_routes.calls("GET", "/timesheets"))
    connected_client.post("/approvals/timesheets/ts-1/approve/", {"next": "/"})
    connected_client.get(SHEET_URL, SHEET_HINT)
    asked = [r.url.params.get("id") for r in sheet_routes.calls("GET", "/timesheets")[read:]]
    assert "ts-1" in asked  # the list's copy went with the write
