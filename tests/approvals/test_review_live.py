"""Review pages against the real sandbox: what they read, counted by the sandbox itself."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from dashboard.accounts.connecting import establish
from dashboard.approvals.kinds import LEAVE, TIME_REQUEST, TIMESHEET
from dashboard.webwork.oauth import TokenSet
from dashboard.webwork.records import Leave, TimeRequest, Timesheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(settings, sandbox, manager, client):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    client.force_login(manager)
    return sandbox


def first_waiting(sandbox, path: str, status: str) -> dict:
    with sandbox.api("owner@acme.test") as api:
        params = {"workspace_id": sandbox.workspace_id(), "status": status, "per_page": 100}
        if path == "time-requests":
            params |= {"date_from": "2000-01-01", "date_to": "2100-12-31"}
        items = api.get(path, params=params).json()["data"]
    assert items, f"the seed has no {status} item in {path}"
    return items[0]


def review_calls(live, client, url: str) -> tuple[int, int, str]:
    live.clear_calls()
    first = client.get(url)
    assert first.status_code == 200, first.content.decode()[:500]
    cold = len(live.calls())
    assert client.get(url).status_code == 200
    return cold, len(live.calls()) - cold, first.content.decode()


def test_a_leave_review_reads_four_times_then_not_at_all(live, client):
    leave = first_waiting(live, "leaves", "pending")
    cold, warm, html = review_calls(live, client, f"/approvals/leaves/{leave['id']}/")
    # the leave, the members, the member's balance that year, everyone's leave on those dates
    assert (cold, warm) == (4, 0)
    assert "Who else is off on these dates" in html and "Balance of" in html


def test_a_time_request_review_reads_three_times_then_not_at_all(live, client):
    request = first_waiting(live, "time-requests", "pending")
    cold, warm, html = review_calls(live, client, f"/approvals/time-requests/{request['id']}/")
    assert (cold, warm) == (3, 0)
    assert "The member&#x27;s day" in html or "The member's day" in html


def test_a_timesheet_review_reads_four_times_and_a_day_once_more(live, client):
    sheet = first_waiting(live, "timesheets", "submitted")
    day = next(day for day, rows in sorted(sheet["daily_breakdown"].items()) if rows)
    url = f"/approvals/timesheets/{sheet['id']}/"
    cold, warm, html = review_calls(live, client, url)
    # the sheet, the contracts (which name the member), the member's leave and manual time
    assert (cold, warm) == (4, 0)
    assert "Time entries" in html and "Weekly limits" in html
    live.clear_calls()
    opened = client.get(url, {"day": day}, HTTP_HX_REQUEST="true").content.decode()
    assert [c["path"] for c in live.calls()] == ["/api/v2/time-entries"]
    assert "<table" in opened or "no entry for this day" in opened
    live.clear_calls()
    spent = client.get(url, {"expenses": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert [c["path"] for c in live.calls()] == ["/api/v2/expenses"]
    assert 'id="expenses" open' in spent


def hinted(kind, record_type, raw: dict) -> str:
    """The query a list row's link gives the review: the item's member and dates."""
    hint = kind.review_hint(record_type.from_json(raw))
    assert hint is not None
    return "?" + "&".join(f"{k}={v}" for k, v in hint.query().items())


def test_reviews_opened_from_a_row_read_no_more_than_their_items_reads(live, client):
    # the item, the members (reference data) and the member's balance or day: one round
    leave = first_waiting(live, "leaves", "pending")
    url = f"/approvals/leaves/{leave['id']}/" + hinted(LEAVE, Leave, leave)
    cold, warm, html = review_calls(live, client, url)
    assert (cold, warm) == (3, 0) and "Who else is off on these dates" in html
    cache.clear()  # each review cold, the reference data too
    request = first_waiting(live, "time-requests", "pending")
    url = f"/approvals/time-requests/{request['id']}/" + hinted(TIME_REQUEST, TimeRequest, request)
    assert review_calls(live, client, url)[:2] == (3, 0)
    cache.clear()
    sheet = first_waiting(live, "timesheets", "submitted")
    url = f"/approvals/timesheets/{sheet['id']}/" + hinted(TIMESHEET, Timesheet, sheet)
    assert review_calls(live, client, url)[:2] == (4, 0)
