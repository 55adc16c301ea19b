"""Review pages: the evidence behind one timesheet, leave or time request, and its decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import fail, ok, pages

from .conftest import MONDAY, listing, sheet, time_request

SHEET_URL = "/approvals/timesheets/ts-1/"
WEDNESDAY = MONDAY + timedelta(days=2)


def entry(day, start_hour, hours, *, manual=False, n=0, activity=60, edited=False):
    start = datetime(day.year, day.month, day.day, start_hour, tzinfo=UTC)
    return {
        "id": f"te-{day.isoformat()}-{n}",
        "user_id": 9,
        "date": day.isoformat(),
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=hours)).isoformat(),
        "duration_minutes": hours * 60,
        "contract_id": 2001,
        "project_id": 501,
        "project_name": "Café Menu",
        "task_title": "Menu cards",
        "activity_description": "Printing proofs" if not manual else "Call with the printer",
        "method": "Manually added time" if manual else "Desktop tracker",
        "activity_level": None if manual else activity,
        "is_edited": edited,
    }


def entries_by_day(request: httpx.Request) -> httpx.Response:
    """Each weekday: 3 h tracked from 09:00, 2 h manual from 13:00 (the Monday entry edited)."""
    day = datetime.fromisoformat(request.url.params["date"]).date()
    rows = [entry(day, 9, 3, edited=day == MONDAY), entry(day, 13, 2, manual=True, n=1)]
    rows = rows if day.weekday() < 5 else []
    return ok(rows, pagination=pages(2, 50, 1))(request)


APPROVED_LEAVE = {
    "id": "lv-9",
    "user_id": 9,
    "policy_id": 31,
    "policy_name": "Vacation",
    "status": "approved",
    "start_date": WEDNESDAY.isoformat(),
    "end_date": WEDNESDAY.isoformat(),
    "total": {"days": 1.0},
}
EXPENSE = {
    "id": "ex-1",
    "expense_name": "Printer paper",
    "amount": 42.5,
    "currency": "EUR",
    "date": MONDAY.isoformat(),
    "user_id": 9,
    "project": "Café Menu",
}
SOMEONE_ELSES = EXPENSE | {"id": "ex-2", "expense_name": "Taxi", "user_id": 10}
MANUAL = [  # 2 h of approved manual time on each weekday
    time_request(
        f"tr-{n}",
        status="approved",
        start=datetime(day.year, day.month, day.day, 13, tzinfo=UTC),
        minutes=120,
    )
    for n, day in enumerate(MONDAY + timedelta(days=d) for d in range(5))
]


@pytest.fixture
def sheet_routes(routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("GET", "/leaves", listing([APPROVED_LEAVE]))
    routes.route("GET", "/expenses", listing([EXPENSE, SOMEONE_ELSES]))
    routes.route("GET", "/time-entries", entries_by_day)
    routes.route("GET", "/time-requests", listing(MANUAL))
    return routes


def test_a_timesheet_review_reads_a_days_entries_when_it_is_opened(connected_client, sheet_routes):
    html = connected_client.get(SHEET_URL).content.decode()
    assert "Timesheet of <bdi>Ada Lovelace</bdi>" in html
    assert html.count('class="review-day"') == 5  # the days with time, closed
    assert not sheet_routes.calls("GET", "/time-entries")
    monday = MONDAY.isoformat()
    assert f'hx-get="/approvals/timesheets/ts-1/?day={monday}' in html
    day = connected_client.get(SHEET_URL, {"day": monday}, headers=HTMX).content.decode()
    assert day.lstrip().startswith(f'<details class="review-day" id="day-{monday}" open')
    assert [r.url.params["date"] for r in sheet_routes.calls("GET", "/time-entries")] == [monday]
    assert "Printing proofs" in day and "Call with the printer" in day
    assert "Menu cards" in day and ">Edited<" in day and 'class="manual"' in day
    assert "activity 60%" in day  # the tracked entries' level, weighted by minutes


def test_without_javascript_a_day_opens_in_the_whole_page(connected_client, sheet_routes):
    html = connected_client.get(SHEET_URL, {"day": MONDAY.isoformat()}).content.decode()
    assert "<h1>Timesheet of" in html and "Printing proofs" in html
    assert f'id="day-{MONDAY.isoformat()}" open' in html


def test_a_day_that_is_not_a_date_is_ignored(connected_client, sheet_routes):
    response = connected_client.get(SHEET_URL, {"day": "2026-13-45"})
    assert response.status_code == 200
    assert not sheet_routes.calls("GET", "/time-entries")


def test_a_timesheet_review_explains_each_flag_with_its_numbers(connected_client, sheet_routes):
    html = connected_client.get(SHEET_URL).content.decode()
    # 5 days x 5 h on a contract limited to 20 h a week
    assert "25 h tracked against a 20 h limit on Café Menu (125% of it, 5 h over)." in html
    assert "10 h of the 25 h on this sheet came from approved requests for manual time" in html
    assert "40% manual time" in html
    assert f"5 h tracked on {WEDNESDAY:%a %d %b}, a day of approved Vacation." in html


def test_a_timesheet_review_shows_limits_leave_and_the_members_expenses(
    connected_client, sheet_routes
):
    html = connected_client.get(SHEET_URL).content.decode()
    assert "Weekly limits" in html and "20 h" in html and "125%" in html
    assert "Printer paper" not in html  # the expenses are read when opened
    html = connected_client.get(SHEET_URL, {"expenses": "1"}).content.decode()
    assert "Printer paper" in html and "42.50 EUR" in html
    assert "Taxi" not in html  # another member's expense
    leave_call = sheet_routes.calls("GET", "/leaves")[0].url.params
    assert (leave_call["user_id"], leave_call["date_from"]) == ("9", MONDAY.isoformat())


def test_an_empty_weekday_is_explained(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet(minutes_per_day=(300, 0, 300, 300, 300))]))
    routes.route("GET", "/leaves", listing([]))
    routes.route("GET", "/expenses", listing([]))
    routes.route("GET", "/time-requests", listing([]))
    html = connected_client.get(SHEET_URL).content.decode()
    tuesday = MONDAY + timedelta(days=1)
    assert f"Nothing tracked on {tuesday:%a %d %b}, and no approved leave on that day." in html


def test_a_timesheet_review_costs_one_round_then_none_when_warm(connected_client, sheet_routes):
    connected_client.get(SHEET_URL)
    cold = len(sheet_routes.requests)
    # the sheet, the contracts, the member's leave and approved manual time
    assert cold == 4
    connected_client.get(SHEET_URL)
    assert len(sheet_routes.requests) == cold
    connected_client.get(SHEET_URL, {"day": MONDAY.isoformat()}, headers=HTMX)
    assert len(sheet_routes.requests) == cold + 1  # that day's entries
    connected_client.get(SHEET_URL, {"day": MONDAY.isoformat()}, headers=HTMX)
    assert len(sheet_routes.requests) == cold + 1


def test_the_refresh_link_reads_webwork_again(connected_client, sheet_routes):
    connected_client.get(SHEET_URL)
    cold = len(sheet_routes.requests)
    connected_client.get(SHEET_URL, {"refresh": "1"})
    assert len(sheet_routes.requests) == 2 * cold


def test_deciding_from_the_review_returns_to_the_row_it_came_from(connected_client, sheet_routes):
    sheet_routes.route("PUT", "/timesheets/ts-1/approve", ok(None, message="Timesheet approved"))
    back = "/?row=inbox-timesheet-ts-1#inbox-timesheet-ts-1"
    html = connected_client.get(SHEET_URL, {"next": back}).content.decode()
    assert f'href="{back}"' in html  # the back link
    assert f'name="next" value="{back}"' in html
    assert "hx-disable" in html  # the forms post and redirect instead of swapping a row
    response = connected_client.post(SHEET_URL + "approve/", {"next": back, "view": "review"})
    assert response.status_code == 302 and response["Location"] == back
    assert AuditEntry.objects.get().action == "timesheet.approve"


def test_a_review_offers_reopen_for_a_submitted_sheet(connected_client, sheet_routes):
    html = connected_client.get(SHEET_URL).content.decode()
    assert 'action="/approvals/timesheets/ts-1/unsubmit/"' in html
    assert 'action="/approvals/timesheets/ts-1/reject/"' in html


def test_a_review_ignores_a_next_of_another_site(connected_client, sheet_routes):
    html = connected_client.get(SHEET_URL, {"next": "//evil.test/"}).content.decode()
    assert "evil.test" not in html
    assert 'href="/approvals/timesheets/"' in html


def test_a_role_that_may_not_decide_reads_the_review_without_decisions(
    connected_client, sheet_routes, connected
):
    connected.workspace_role = "Team manager"
    connected.save()
    html = connected_client.get(SHEET_URL).content.decode()
    assert "25 h tracked against a 20 h limit" in html
    assert "data-key-approve" not in html and "/approve/" not in html
    assert "Read only: deciding needs the Owner or Executive manager role" in html


def test_an_unknown_timesheet_is_the_not_found_page(connected_client, routes):
    routes.route("GET", "/timesheets", listing([]))
    routes.route("GET", "/leaves", listing([]))
    response = connected_client.get("/approvals/timesheets/no-such/")
    assert response.status_code == 404
    assert "Not found in WebWork" in response.content.decode()


def test_an_upstream_outage_is_the_outage_page(connected_client, routes):
    routes.route("GET", "/timesheets", fail(503))
    response = connected_client.get(SHEET_URL)
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


def test_inbox_rows_link_to_their_review_with_the_way_back(connected_client, routes):
    from .test_inbox import waiting

    waiting(routes)
    html = connected_client.get("/").content.decode()
    start = html.index('href="/approvals/timesheets/ts-1/?next=')
    link = html[start + 6 : html.index('"', start + 6)].replace("&amp;", "&")
    back = parse_qs(urlsplit(link).query)["next"][0]
    assert back == "/?row=inbox-timesheet-ts-1#inbox-timesheet-ts-1"
    assert "data-review-link" in html


def test_list_rows_link_to_their_review_keeping_the_lists_state(connected_client, routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    html = connected_client.get("/approvals/timesheets/", {"page": "1", "user_id": "9"})
    text = html.content.decode()
    start = text.index('href="/approvals/timesheets/ts-1/?next=')
    link = text[start + 6 : text.index('"', start + 6)].replace("&amp;", "&")
    back = parse_qs(urlsplit(link).query)["next"][0]
    assert back.startswith("/approvals/timesheets/?") and "user_id=9" in back
    assert back.endswith("row=timesheet-ts-1#timesheet-ts-1")


def test_a_sheet_without_a_breakdown_is_held_against_all_limits(connected_client, routes):
    v2 = sheet() | {"total_hours": 25.0, "status": "submitted"}
    for key in ("daily_breakdown", "total_minutes", "member", "total_amount"):
        v2.pop(key)
    routes.route("GET", "/timesheets", listing([v2]))
    routes.route("GET", "/leaves", listing([]))
    routes.route("GET", "/expenses", listing([]))
    routes.route("GET", "/time-requests", listing([]))
    html = connected_client.get(SHEET_URL).content.decode()
    assert "Timesheet of <bdi>Ada Lovelace</bdi>" in html  # named from the members list
    assert "25 h tracked against weekly limits of 20 h on all of the member" in html
    assert html.count('class="review-day"') == 7  # no breakdown: every day may hold time
    assert "with nothing tracked" not in html  # the days are not known
