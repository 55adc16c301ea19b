"""Timesheets whichever doc variant WebWork speaks: names, the unsubmitted status, sorting."""

from __future__ import annotations

import re

from dashboard.approvals.kinds import TIMESHEET
from tests.fakes import fail, ok, pages

from .conftest import ADA, listing, sheet

URL = "/approvals/timesheets/"


def v2(raw):
    """The restricted variant's shape: no member, total_hours, no daily breakdown."""
    kept = {k: v for k, v in raw.items() if k not in ("member", "total_minutes", "daily_breakdown")}
    return {**kept, "total_hours": raw["total_minutes"] / 60}


def test_rows_name_the_member_from_the_members_list_when_the_sheet_does_not(
    connected_client, routes
):
    routes.route("GET", "/timesheets", listing([v2(sheet())]))
    html = connected_client.get(URL).content.decode()
    assert "Ada Lovelace" in html and "Unknown member" not in html and "Member 9" not in html


def test_a_bulk_job_names_a_sheet_from_the_members_list(connected, routes):
    from dashboard.core.connections import client_for

    routes.route("GET", "/timesheets", listing([v2(sheet())]))
    client = client_for(connected.user, connected.workspace_id)
    [(item_id, label)] = list(TIMESHEET.waiting_items(client, {}))
    assert item_id == "ts-1" and label.startswith("Ada Lovelace · ")


def test_open_is_asked_for_when_the_server_refuses_pending(connected_client, routes):
    def answer(request):
        if request.url.params.get("status") == "pending":
            return fail(422, "The selected status is invalid.", errors={"status": ["invalid"]})(
                request
            )
        return listing([{**v2(sheet(status="open")), "status": "open"}])(request)

    routes.route("GET", "/timesheets", answer)
    response = connected_client.get(URL, {"status": "pending"})
    assert response.status_code == 200 and 'id="timesheet-ts-1"' in response.content.decode()
    assert [r.url.params["status"] for r in routes.requests if "status" in r.url.params][-1:] == [
        "open"
    ]
    sent = len(routes.calls("GET", "/timesheets"))
    connected_client.get(URL, {"status": "pending", "refresh": "1"})
    assert len(routes.calls("GET", "/timesheets")) == sent + 1  # remembered: open at once
    assert routes.last.url.params["status"] == "open"


def test_a_server_that_answers_open_records_is_asked_for_open_next(connected_client, routes):
    routes.route("GET", "/timesheets", listing([{**v2(sheet()), "status": "open"}]))
    connected_client.get(URL, {"status": "all"})
    connected_client.get(URL, {"status": "pending"})
    assert routes.last.url.params["status"] == "open"


def people(count):
    return [{**ADA, "id": 100 + n, "firstname": f"P{n:02d}", "lastname": ""} for n in range(count)]


def test_sorting_by_member_sorts_every_sheet_the_filter_matches(connected_client, routes):
    members = people(25)
    # Newest period first, as WebWork lists them, with the alphabetically first members last.
    sheets = [sheet(f"ts-{n}", user=m) for n, m in enumerate(reversed(members))]
    routes.route("GET", "/members", ok(members, pagination=pages(25, 100, 1)))

    def paged(request):
        number, size = int(request.url.params["page"]), int(request.url.params["per_page"])
        shown = sheets[(number - 1) * size : number * size]
        return ok(shown, pagination=pages(len(sheets), size, number))(request)

    routes.route("GET", "/timesheets", paged)
    html = connected_client.get(URL, {"sort": "member"}).content.decode()
    assert row_names(html) == [f"P{n:02d}" for n in range(20)]
    assert "sorted on this page" not in html
    html = connected_client.get(URL, {"sort": "-member", "page": "2"}).content.decode()
    assert row_names(html) == [f"P{n:02d}" for n in range(4, -1, -1)]
    assert "25 timesheets" in html


def row_names(html):
    """The member named in each row's header cell, whatever markup surrounds the name."""
    cells = re.findall(r'<th scope="row">(.*?)</th>', html, re.S)
    return [re.search(r"<bdi>(.*?)</bdi>", cell).group(1) for cell in cells]


def test_a_list_too_long_to_read_whole_says_its_sort_covers_the_page(connected_client, routes):
    routes.route(
        "GET", "/timesheets", ok([sheet()], pagination={**pages(1000, 100, 1), "total": 1000})
    )
    html = connected_client.get(URL, {"sort": "member"}).content.decode()
    assert "sorted on this page" in html
