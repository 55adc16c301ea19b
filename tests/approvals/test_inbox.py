"""The inbox: everything waiting, oldest first, with flags, in one concurrent round of reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboard.approvals.kinds import TIMESHEET, Lookups
from dashboard.approvals.kinds.rows import Links
from dashboard.approvals.templatetags.review import review_href
from dashboard.audit.models import AuditEntry
from dashboard.webwork.records import Timesheet
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok

from .conftest import MONDAY, leave, listing, sheet, time_request


def waiting(routes, *, sheets=None, leaves=None, requests=None, approved_leaves=(), manual=()):
    """Route /timesheets, /leaves and /time-requests, answering by the status asked for."""

    def by_status(pending, approved):
        def answer(request):
            items = approved if request.url.params.get("status") == "approved" else pending
            return listing(list(items), per_page=100)(request)

        return answer

    routes.route("GET", "/timesheets", listing(sheets if sheets is not None else [sheet()]))
    routes.route(
        "GET", "/leaves", by_status(leaves if leaves is not None else [leave()], approved_leaves)
    )
    routes.route(
        "GET",
        "/time-requests",
        by_status(requests if requests is not None else [time_request()], manual),
    )


def test_a_manager_without_a_connection_is_asked_to_connect(manager_client):
    html = manager_client.get("/").content.decode()
    assert "<h1>Inbox</h1>" in html and "Connect to WebWork" in html


def test_it_lists_everything_waiting_oldest_first_with_counts(connected_client, routes):
    waiting(routes)
    html = connected_client.get("/").content.decode()
    leave_at = html.index('id="inbox-leave-lv-1"')
    sheet_at = html.index('id="inbox-timesheet-ts-1"')
    request_at = html.index('id="inbox-time_request-tr-1"')
    assert leave_at < sheet_at < request_at  # waiting 5, 3 and 1 days
    assert "waiting 5 days" in html and "waiting 1 day<" in html
    assert '<strong data-count="timesheet">1</strong>' in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html  # names are escaped


def test_its_reads_go_out_together_and_ask_for_the_oldest_first(connected_client, routes):
    waiting(routes)
    connected_client.get("/")
    assert routes.calls("GET", "/timesheets")[0].url.params["order_by"] == "asc"
    statuses = sorted(r.url.params["status"] for r in routes.calls("GET", "/leaves"))
    assert statuses == ["approved", "pending"]
    assert len(routes.requests) == 8
    requests = routes.calls("GET", "/time-requests")
    assert all("date_from" in r.url.params and "date_to" in r.url.params for r in requests)


def test_a_second_view_is_served_from_the_cache(connected_client, routes):
    waiting(routes)
    connected_client.get("/")
    connected_client.get("/")
    assert len(routes.requests) == 8
    connected_client.get("/?refresh=1")
    assert len(routes.requests) == 11  # the three waiting lists again, nothing else


def test_rows_carry_flags_from_data_already_fetched(connected_client, routes):
    on_leave = leave("lv-9", status="approved", user={"id": 9}, start=MONDAY)
    manual = time_request(
        "tr-9",
        status="approved",
        start=datetime.combine(MONDAY, datetime.min.time(), UTC) + timedelta(hours=9),
        minutes=600,
    )
    waiting(
        routes,
        sheets=[sheet(minutes_per_day=(600, 600, 300, 0, 0))],
        approved_leaves=[on_leave],
        manual=[manual],
    )
    html = connected_client.get("/").content.decode()
    assert "Over the weekly limit on Café Menu: 25:00 h of 20:00 h" in html
    assert "40% manual time" in html
    assert "Time tracked on leave:" in html
    assert "2 weekdays with nothing tracked" in html  # Thursday and Friday


def test_an_empty_inbox_says_so(connected_client, routes):
    waiting(routes, sheets=[], leaves=[], requests=[])
    assert "Nothing is waiting for you" in connected_client.get("/").content.decode()


def test_it_returns_the_inbox_partial_for_htmx(connected_client, routes):
    waiting(routes)
    html = connected_client.get("/", headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="inbox"')


def test_an_upstream_outage_gets_the_outage_page(connected_client, routes):
    waiting(routes)
    routes.route("GET", "/timesheets", fail(503))
    response = connected_client.get("/")
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


def test_approving_leave_in_the_inbox_answers_the_inbox_row(connected_client, routes):
    waiting(routes)
    routes.route("PUT", "/leaves/lv-1/approve", ok(None, message="Leave approved successfully"))
    html = connected_client.post(
        "/approvals/leaves/lv-1/approve/", {"view": "inbox", "next": "/"}, headers=HTMX
    ).content.decode()
    assert html.lstrip().startswith('<tr id="inbox-leave-lv-1"')
    assert "data-decided" in html and "Leave approved successfully" in html
    entry = AuditEntry.objects.get()
    assert entry.action == "leave.approve" and "Bob" in entry.target_label


def test_rejecting_a_time_request_sends_the_comment(connected_client, routes):
    waiting(routes)
    routes.route("POST", "/time-requests/tr-1/reject", ok(None, message="Time request rejected"))
    routes.route("GET", "/time-requests/tr-1", ok(time_request()))
    html = connected_client.post(
        "/approvals/time-requests/tr-1/reject/",
        {"view": "inbox", "reason": "Not on this project"},
        headers=HTMX,
    ).content.decode()
    assert "Time request rejected" in html
    assert body_of(routes.calls("POST", "/time-requests/tr-1/reject")[0])["comment"] == (
        "Not on this project"
    )
    assert AuditEntry.objects.get().summary == {"reason": "Not on this project"}


def test_a_leave_member_unknown_to_the_members_list_still_shows(connected_client, routes):
    waiting(routes, leaves=[leave(user={"id": 77})])
    assert "Member 77" in connected_client.get("/").content.decode()


def many_sheets(count):
    return [sheet(f"ts-{n}", days_ago=count + 10 - n) for n in range(count)]


def test_the_inbox_shows_the_oldest_fifty_and_a_way_to_the_rest(connected_client, routes):
    waiting(routes, sheets=many_sheets(61), leaves=[], requests=[])
    html = connected_client.get("/").content.decode()
    assert html.count('<tr id="inbox-timesheet-ts-') == 50
    assert 'id="inbox-timesheet-ts-0"' in html and 'id="inbox-timesheet-ts-50"' not in html
    assert '<strong data-count="timesheet">61</strong>' in html  # the count is of everything
    assert "Show the other 11" in html and 'href="/?show=all"' in html


def test_more_brings_the_rest_as_rows_for_htmx_and_the_whole_list_without(connected_client, routes):
    waiting(routes, sheets=many_sheets(61), leaves=[], requests=[])
    connected_client.get("/")
    sent = len(routes.requests)
    rest = connected_client.get(
        "/", {"show": "all"}, headers=HTMX | {"HX-Target": "inbox-more"}
    ).content.decode()
    assert rest.lstrip().startswith('<tr id="inbox-timesheet-ts-50"')
    assert rest.count('<tr id="inbox-timesheet-ts-') == 11 and "Show the other" not in rest
    assert "data-key-approve" in rest and "data-key-select" in rest
    assert len(routes.requests) == sent  # from the same reads, cached
    whole = connected_client.get("/", {"show": "all"}).content.decode()
    assert whole.count('<tr id="inbox-timesheet-ts-') == 61 and "Show the other" not in whole


def test_a_short_inbox_has_no_more(connected_client, routes):
    waiting(routes)
    assert "Show the other" not in connected_client.get("/").content.decode()


def test_decisions_share_one_form_and_rejecting_has_its_own(connected_client, routes):
    waiting(routes, sheets=many_sheets(3), leaves=[], requests=[])
    html = connected_client.get("/", headers=HTMX).content.decode()  # the inbox region alone
    assert html.count('<form id="decide-form"') == 1
    assert html.count('form="decide-form" formaction="/approvals/timesheets/ts-1/approve/"') == 1
    assert html.count('class="reject-form" action="/approvals/timesheets/ts-1/reject/"') == 1
    assert html.count("<form") == 2 + 3  # the bulk bar's, the shared one, a reason form a row


@pytest.mark.parametrize("item_id", ["ts-1", "ts 1ä#?&", "a.b~c_d"])
@pytest.mark.parametrize("here", ["/", "/approvals/timesheets/?status=all&row=x&page=2"])
@pytest.mark.parametrize("view", ["inbox", "table"])
def test_a_rows_review_link_is_the_one_the_review_tag_makes(item_id, here, view):
    record = Timesheet.from_json({**sheet(item_id), "id": item_id})
    item = TIMESHEET.item(record, Lookups())
    assert Links(here, view).review(item) == review_href(item, here, view)
