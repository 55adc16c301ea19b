"""Reports in parts: how long parts are kept, parts shared between ranges, one part's request,
the progress list, and exports that read the cached parts.

The clock is moved with time-machine (the cache's expiry and "today" follow it), on awkward
days and around midnight, so these pass on whatever day the suite runs.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine

from tests.conftest import HTMX
from tests.fakes import fail, ok, pages
from tests.reports.conftest import MEMBERS, PROJECTS, tracked

URL = "/reports/tracked-hours/"
QUARTER = "period=custom&start=2025-01-01&end=2025-03-31"
PROGRESSIVE = {**HTMX, "X-Report-Parts": "progressive"}
ASSEMBLE = {**HTMX, "X-Report-Parts": "assemble"}
OWNER = {
    "id": 8,
    "email": "olive@acme.test",
    "firstname": "Olive",
    "lastname": "Owner",
    "role": "Owner",
    "timezone": "UTC",
}
AWKWARD_DAYS = [
    datetime(2026, 12, 31, 10, 30, tzinfo=UTC),
    datetime(2028, 2, 29, 10, 30, tzinfo=UTC),
    datetime(2027, 3, 1, 10, 30, tzinfo=UTC),  # the first of a month, a Monday
    datetime(2027, 1, 3, 23, 45, tzinfo=UTC),  # a Sunday, late
]


@pytest.fixture(autouse=True)
def _cache_on_this_clock(settings):
    """A cache server keeps its own time, which time-machine cannot move: local memory here."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "report-parts",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def owned(upstream):
    """The workspace, its owner's time zone known (UTC), and tracked hours per part."""
    upstream.route("GET", "/members", ok([OWNER, *MEMBERS]))
    upstream.route("GET", "/projects", ok(PROJECTS))
    upstream.route("GET", "/reports/tracked-hours", tracked)
    return upstream


def _windows(upstream) -> list[str]:
    return [r.url.params["start_date"] for r in upstream.calls("GET", "/reports/tracked-hours")]


def _range(start: date, end: date) -> str:
    return f"{URL}?period=custom&start={start}&end={end}"


def _report(client, manager, url: str, headers: dict[str, str] = HTMX) -> str:
    client.force_login(manager)  # moving the clock by hours ends a sign-in
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("moment", AWKWARD_DAYS, ids=lambda m: m.strftime("%Y-%m-%d %H:%M"))
def test_a_past_part_is_kept_a_day_and_the_part_of_today_thirty_seconds(
    client, manager, connected, owned, moment
):
    today = moment.date()
    past, recent = str(today - timedelta(days=40)), str(today - timedelta(days=9))
    url = _range(today - timedelta(days=40), today)

    def read_at(when: datetime) -> list[str]:
        owned.requests.clear()
        clock.move_to(when)
        body = _report(client, manager, url)
        assert "Part of this report is missing" not in body
        return sorted(_windows(owned))

    with time_machine.travel(moment, tick=False) as clock:
        assert read_at(moment) == [past, recent]
        assert read_at(moment + timedelta(seconds=31)) == [recent]  # the part holding today
        assert read_at(moment + timedelta(minutes=10)) == [recent]
        tomorrow = datetime.combine(today + timedelta(days=1), time(2), UTC)
        assert read_at(tomorrow) == [recent]  # read once more, now that its days are over
        assert read_at(tomorrow + timedelta(minutes=1)) == []  # and kept
        assert read_at(moment + timedelta(days=1, minutes=1)) == [past]  # a day after reading


@pytest.mark.parametrize(
    ("moment", "kept_long"),
    [
        (datetime(2027, 1, 1, 0, 30, tzinfo=UTC), False),  # 31 Dec ended half an hour ago
        (datetime(2027, 1, 1, 1, 30, tzinfo=UTC), True),
    ],
)
def test_a_day_is_over_an_hour_after_midnight_where_webwork_counts_it(
    client, manager, connected, owned, moment, kept_long
):
    url = _range(date(2026, 12, 1), date(2026, 12, 31))
    with time_machine.travel(moment, tick=False) as clock:
        _report(client, manager, url)
        clock.shift(timedelta(seconds=31))
        _report(client, manager, url)
    assert len(_windows(owned)) == (1 if kept_long else 2)


def test_without_the_owner_s_time_zone_a_day_is_over_once_it_ended_everywhere(
    client, manager, connected, workspace
):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    url = _range(date(2026, 12, 1), date(2026, 12, 31))
    # 1 January 10:00 in UTC is still 31 December 22:00 at UTC-12.
    with time_machine.travel(datetime(2027, 1, 1, 10, 0, tzinfo=UTC), tick=False) as clock:
        _report(client, manager, url)
        clock.shift(timedelta(seconds=31))
        _report(client, manager, url)
        clock.shift(timedelta(hours=3))
        _report(client, manager, url)
        clock.shift(timedelta(seconds=31))
        _report(client, manager, url)
    assert len(_windows(workspace)) == 3


def test_a_longer_or_shifted_range_reuses_the_parts_it_shares(client, manager, connected, owned):
    first = date(2025, 3, 3)
    _report(client, manager, _range(first, first + timedelta(days=30)))
    assert _windows(owned) == ["2025-03-03"]

    owned.requests.clear()
    _report(client, manager, _range(first, first + timedelta(days=61)))  # longer
    assert _windows(owned) == ["2025-04-03"]

    owned.requests.clear()
    body = _report(client, manager, _range(first + timedelta(days=31), first + timedelta(days=92)))
    assert _windows(owned) == ["2025-05-04"]  # shifted: shares 3 April to 3 May
    assert "4:30" in body  # two parts of 135 minutes


def test_the_computed_report_never_outlives_its_parts(client, manager, connected, owned):
    moment = datetime(2026, 12, 31, 10, 30, tzinfo=UTC)
    url = _range(moment.date() - timedelta(days=6), moment.date())
    with time_machine.travel(moment, tick=False) as clock:
        assert "2:15" in _report(client, manager, url)
        owned.route("GET", "/reports/tracked-hours", ok({"dates": {}}))
        assert "2:15" in _report(client, manager, url)  # kept
        clock.shift(timedelta(seconds=31))
        assert "No tracked time" in _report(client, manager, url)


def test_the_page_gets_the_parts_to_read_with_an_empty_progress_bar(connected_client, owned):
    response = connected_client.get(
        f"{URL}?period=custom&start=2025-01-01&end=2025-03-31", headers=PROGRESSIVE
    )
    body = response.content.decode()
    assert body.strip().startswith('<section id="report"') and 'aria-busy="true"' in body
    assert body.count('data-part="queued"') == 3 and 'hx-trigger="report-part-go"' in body
    assert '<progress id="report-parts-bar" max="3" value="0"' in body
    assert (
        'aria-labelledby="report-parts-count"' in body and "data-parts-count>0 of 3 parts" in body
    )
    assert 'hx-trigger="report-parts-settled"' in body and '"X-Report-Parts": "assemble"' in body
    assert "part=2" in body and _windows(owned) == []


def test_each_part_is_read_on_its_own_then_the_report_comes_from_the_cache(connected_client, owned):
    query = "period=custom&start=2025-01-01&end=2025-03-31"
    part = connected_client.get(f"{URL}?{query}&part=1", headers=HTMX).content.decode()
    assert part.strip().startswith('<li id="report-part-1"') and 'data-part="done"' in part
    assert '<time datetime="2025-02-01">1 Feb 2025</time>' in part
    assert "2:15 tracked, 2 rows" in part
    assert _windows(owned) == ["2025-02-01"]

    body = connected_client.get(f"{URL}?{query}", headers=PROGRESSIVE).content.decode()
    assert body.count('data-part="done"') == 1 and "1 of 3 parts" in body
    for index in (0, 2):
        connected_client.get(f"{URL}?{query}&part={index}", headers=HTMX)
    owned.requests.clear()
    body = connected_client.get(f"{URL}?{query}", headers=ASSEMBLE).content.decode()
    assert "6:45" in body and "Hours per week, by project" in body and "aria-busy" not in body
    again = connected_client.get(f"{URL}?{query}", headers=PROGRESSIVE).content.decode()
    assert "6:45" in again and _windows(owned) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (f"{QUARTER}&part=7", "This report has 3 parts, numbered 0 to 2: there is no part &#x27;7"),
        (f"{QUARTER}&part=-1", "there is no part &#x27;-1&#x27;"),
        (f"{QUARTER}&part=", "there is no part &#x27;&#x27;"),
        (f"{QUARTER}&part=0&for=bank", "not &#x27;bank&#x27;"),
        (f"{QUARTER}&part={'9' * 5000}", "there is no part &#x27;999999999999&#x27;."),
        (
            "period=custom&start=2025-02-01&end=2025-01-01&part=0",
            "Check the filters: The last day comes before the first day.",
        ),
        ("period=custom&start=2025-02-30&end=2025-03-01&part=0", "Enter a valid date."),
    ],
)
def test_a_part_asked_for_badly_is_refused_with_the_reason(connected_client, owned, query, message):
    response = connected_client.get(f"{URL}?{query}", headers=HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _windows(owned) == []


def test_a_day_report_has_no_parts(connected_client, owned):
    response = connected_client.get("/reports/daily-timeline/?day=2025-01-06&part=0")
    assert response.status_code == 400
    assert "A report of one day is read in one go" in response.content.decode()


def test_a_part_held_up_by_webwork_asks_again_by_itself_then_gives_up(connected_client, owned):
    owned.route("GET", "/reports/tracked-hours", fail(503, "Service Unavailable"))
    query = "period=custom&start=2025-01-01&end=2025-03-31&part=2"
    first = connected_client.get(f"{URL}?{query}", headers=HTMX).content.decode()
    assert 'data-part="waiting"' in first and 'hx-trigger="load delay:5s"' in first
    assert "attempt=2" in first and "WebWork did not answer: asking again in 5 s" in first
    last = connected_client.get(f"{URL}?{query}&attempt=3", headers=HTMX).content.decode()
    assert 'data-part="failed"' in last and "Not delivered: Service Unavailable" in last
    assert "hx-trigger" not in last


def test_a_part_waits_as_long_as_webwork_asks(connected_client, owned):
    limited = fail(429, "Too Many Requests", headers={"Retry-After": "9"})
    owned.route("GET", "/reports/tracked-hours", limited)
    query = "period=custom&start=2025-01-01&end=2025-03-31&part=0"
    body = connected_client.get(f"{URL}?{query}", headers=HTMX).content.decode()
    assert 'hx-trigger="load delay:9s"' in body and "request budget is used up" in body


def test_a_part_refused_for_the_role_says_so_in_place_of_the_report(connected_client, owned):
    owned.route("GET", "/reports/tracked-hours", fail(403, "Forbidden for your role."))
    query = "period=custom&start=2025-01-01&end=2025-03-31&part=0"
    response = connected_client.get(f"{URL}?{query}", headers=HTMX)
    assert response["HX-Retarget"] == "#report" and response["HX-Reswap"] == "outerHTML"
    body = response.content.decode()
    assert body.strip().startswith('<section id="report"')
    assert "Owner or Executive manager" in body and "Try again" in body


def test_parts_that_did_not_arrive_are_named_in_the_report(connected_client, owned):
    query = "period=custom&start=2025-01-01&end=2025-03-31"
    for index in (0, 2):
        connected_client.get(f"{URL}?{query}&part={index}", headers=HTMX)
    body = connected_client.get(f"{URL}?{query}", headers=ASSEMBLE).content.decode()
    assert "Part of this report is missing" in body and "4:30" in body
    assert "Retry the missing days" in body
    assert len(_windows(owned)) == 2  # assembling reads the cache only


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_an_export_right_after_the_report_asks_webwork_nothing(connected_client, owned):
    query = "period=custom&start=2025-01-01&end=2025-03-31"
    connected_client.get(f"{URL}?{query}", headers=HTMX)
    owned.requests.clear()
    ready = connected_client.get(f"{URL}?{query}&format=csv&prepare=1", headers=HTMX)
    assert ready["HX-Redirect"] == f"?{query}&format=csv"
    rows = _csv(connected_client.get(f"{URL}?{query}&format=csv"))
    assert rows[-1][:5] == ["Total", "", "", "6:45", "6.75"]
    xlsx = connected_client.get(f"{URL}?{query}&format=xlsx")
    assert xlsx.status_code == 200
    assert owned.requests == []


def test_an_export_that_must_read_parts_shows_their_progress_first(connected_client, owned):
    query = "period=custom&start=2025-01-01&end=2025-03-31"
    connected_client.get(f"{URL}?{query}&part=0", headers=HTMX)
    response = connected_client.get(f"{URL}?{query}&format=xlsx&prepare=1", headers=HTMX)
    body = response.content.decode()
    assert "HX-Redirect" not in response and "Preparing the XLSX export" in body
    assert 'id="export-part-0"' in body and body.count('data-part="queued"') == 2
    assert "for=export" in body and "1 of 3 parts" in body
    assert "format=xlsx&amp;prepare=again" in body and 'hx-trigger="report-parts-settled"' in body
    for index in (1, 2):
        item = connected_client.get(f"{URL}?{query}&part={index}&for=export", headers=HTMX)
        assert f'<li id="export-part-{index}"' in item.content.decode()
    done = connected_client.get(f"{URL}?{query}&format=xlsx&prepare=again", headers=HTMX)
    assert done["HX-Redirect"] == f"?{query}&format=xlsx"
    assert len(_windows(owned)) == 3


def test_an_export_whose_parts_did_not_arrive_says_so(connected_client, owned):
    query = "period=custom&start=2025-01-01&end=2025-03-31"
    response = connected_client.get(f"{URL}?{query}&format=csv&prepare=again", headers=HTMX)
    body = response.content.decode()
    assert "The CSV export could not be prepared" in body and 'role="alert"' in body


def test_a_paged_part_cut_short_goes_on_where_it_stopped(connected_client, workspace):
    rows = [{"user_id": 9, "date": "2025-01-06", "total_minutes": 10} for _ in range(3)]
    answers = {"2": [fail(503), fail(503), fail(503)]}  # every try of page 2, once

    def paged(request: Any) -> Any:
        number = request.url.params["page"]
        queue = answers.get(number)
        if queue:
            return queue.pop(0)(request)
        return ok([rows[int(number) - 1]], pagination=pages(3, 1, int(number)))(request)

    workspace.route("GET", "/reports/activity-descriptions", paged)
    url = "/reports/activity-descriptions/?period=custom&start=2025-01-01&end=2025-02-15&part=0"
    held = connected_client.get(url, headers=HTMX).content.decode()
    assert 'data-part="waiting"' in held
    asked = [r.url.params["page"] for r in workspace.calls("GET", "/reports/activity-descriptions")]
    workspace.requests.clear()
    done = connected_client.get(f"{url}&attempt=2", headers=HTMX).content.decode()
    assert 'data-part="done"' in done and "0:30 tracked, 3 rows" in done
    again = [r.url.params["page"] for r in workspace.calls("GET", "/reports/activity-descriptions")]
    assert "1" in asked and "3" in asked and again == ["2"]  # pages 1 and 3 were kept
