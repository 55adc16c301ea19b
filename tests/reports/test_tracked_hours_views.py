"""The tracked-hours report page: shell, report body, filters, failures and exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import openpyxl

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import fail
from tests.reports.conftest import HOSTILE_MEMBER, HOSTILE_PROJECT, NINETY_DAYS, WEEK, tracked

URL = "/reports/tracked-hours/"


def test_the_index_lists_every_report_without_asking_webwork(connected_client, upstream):
    page = connected_client.get("/reports/").content.decode()
    for title in ("Tracked hours", "Daily timeline", "Activity level", "Task report"):
        assert title in page
    assert 'href="/reports/daily-attendance/"' in page
    assert 'aria-current="page">Reports' in page
    assert upstream.requests == []


def test_the_page_answers_at_once_and_loads_the_report_on_load(connected_client, workspace):
    response = connected_client.get(f"{URL}?{NINETY_DAYS}")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="load"' in page and "Loading the report" in page
    assert "Fetching 90 days from WebWork in 3 parts of up to 31 days" in page
    assert 'href="?period=custom&amp;start=2025-01-01&amp;end=2025-03-31&amp;inline=1"' in page
    assert workspace.calls("GET", "/reports/tracked-hours") == []


def test_the_filters_offer_members_but_not_viewers_and_projects(connected_client, workspace):
    page = connected_client.get(URL).content.decode()
    assert 'name="members" value="9"' in page and 'name="members" value="11"' not in page
    assert 'name="projects" value="101"' in page
    assert "&lt;script&gt;alert" in page and "<script>alert" not in page


def test_it_returns_the_report_as_a_partial_for_htmx(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    response = connected_client.get(f"{URL}?{WEEK}", headers=HTMX)
    body = response.content.decode()
    assert body.strip().startswith('<section id="report"')
    assert "<html" not in body and "hx-trigger" not in body
    assert "2:15" in body and "2.25" in body  # 135 minutes
    assert "45.50" in body  # USD: the upstream shows rates
    assert "Ada Lovelace" in body and "Website" in body
    assert "<svg" in body and "Hours per day, by project" in body and "<table>" in body
    assert '"report-period": {"start": "2025-01-06", "end": "2025-01-12"}' in response["HX-Trigger"]


def test_hostile_names_are_escaped_in_tables_and_charts(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    body = connected_client.get(f"{URL}?{WEEK}", headers=HTMX).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Mallory" in body
    assert "=HYPERLINK(&quot;http://evil.test&quot;" in body


def test_without_javascript_inline_renders_the_whole_page_with_the_report(
    connected_client, workspace
):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    page = connected_client.get(f"{URL}?{WEEK}&inline=1").content.decode()
    assert "<html" in page and "Ada Lovelace" in page and 'hx-trigger="load"' not in page
    assert "6 \u2013 12 Jan 2025" in page


def test_members_and_projects_filters_reach_webwork(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    connected_client.get(f"{URL}?{WEEK}&members=9&members=10&projects=100", headers=HTMX)
    params = workspace.last.url.params
    assert (params["users"], params["projects"]) == ("9,10", "100")
    assert (params["start_date"], params["end_date"]) == ("2025-01-06", "2025-01-12")


def test_a_90_day_range_is_fetched_in_three_chunks_and_summed(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    body = connected_client.get(f"{URL}?{NINETY_DAYS}", headers=HTMX).content.decode()
    windows = sorted(
        r.url.params["start_date"] for r in workspace.calls("GET", "/reports/tracked-hours")
    )
    assert windows == ["2025-01-01", "2025-02-01", "2025-03-04"]
    assert "6:45" in body  # three chunks of 135 minutes
    assert "Hours per week, by project" in body


def test_a_chunk_that_fails_leaves_the_rest_and_offers_a_retry_of_it(connected_client, workspace):
    def flaky(request: Any) -> Any:
        if request.url.params["start_date"] == "2025-02-01":
            return fail(503, "Service Unavailable")(request)
        return tracked(request)

    workspace.route("GET", "/reports/tracked-hours", flaky)
    body = connected_client.get(f"{URL}?{NINETY_DAYS}", headers=HTMX).content.decode()
    assert "Part of this report is missing" in body
    assert "1 Feb 2025</time> \u2013 <time" in body and "3 Mar 2025" in body
    assert "4:30" in body  # the two chunks that arrived
    assert "Retry the missing days" in body

    workspace.requests.clear()
    workspace.route("GET", "/reports/tracked-hours", tracked)
    body = connected_client.get(f"{URL}?{NINETY_DAYS}", headers=HTMX).content.decode()
    assert [r.url.params["start_date"] for r in workspace.requests] == ["2025-02-01"]
    assert "Part of this report is missing" not in body and "6:45" in body


def test_an_empty_period_says_so(connected_client, workspace):
    empty = {"report_type": "tracked_hours", "total": {"total_minutes": 0}, "dates": {}}
    workspace.route("GET", "/reports/tracked-hours", lambda r: _ok(empty)(r))
    body = connected_client.get(f"{URL}?{WEEK}", headers=HTMX).content.decode()
    assert "No tracked time" in body and "Export CSV" not in body


def _ok(data: Any) -> Any:
    from tests.fakes import ok

    return ok(data)


def test_bad_dates_are_explained_without_asking_for_the_report(connected_client, workspace):
    response = connected_client.get(f"{URL}?period=custom&start=2025-02-01&end=2025-01-01")
    assert response.status_code == 400
    assert "The last day comes before the first day." in response.content.decode()
    partial = connected_client.get(
        f"{URL}?period=custom&start=2024-01-01&end=2025-06-01", headers=HTMX
    )
    assert partial.status_code == 200
    assert "Check the filters" in partial.content.decode()
    assert "Choose at most 366 days." in partial.content.decode()
    assert workspace.calls("GET", "/reports/tracked-hours") == []


def test_an_unknown_member_in_the_url_is_refused(connected_client, workspace):
    response = connected_client.get(f"{URL}?{WEEK}&members=999", headers=HTMX)
    assert "Select a valid choice" in response.content.decode()


def test_an_unknown_report_is_not_found(connected_client, workspace):
    assert connected_client.get("/reports/payroll/").status_code == 404


def test_webwork_down_shows_an_error_page(connected_client, upstream):
    upstream.route("GET", "/members", fail(503))
    upstream.route("GET", "/projects", fail(503))
    response = connected_client.get(URL)
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


def test_webwork_down_while_loading_shows_the_failure_in_place_with_a_retry(
    connected_client, workspace
):
    workspace.route("GET", "/reports/tracked-hours", fail(503))
    response = connected_client.get(f"{URL}?{WEEK}", headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<section id="report"')
    assert "WebWork is not answering" in body and "Try again" in body


def test_a_team_manager_is_told_which_role_is_needed(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", fail(403, "Forbidden for your role."))
    body = connected_client.get(f"{URL}?{WEEK}", headers=HTMX).content.decode()
    assert "Owner or Executive manager" in body


def test_the_refresh_link_reads_past_the_cache(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    connected_client.get(f"{URL}?{WEEK}", headers=HTMX)
    connected_client.get(f"{URL}?{WEEK}", headers=HTMX)
    assert len(workspace.calls("GET", "/reports/tracked-hours")) == 1
    connected_client.get(f"{URL}?{WEEK}&refresh=1", headers=HTMX)
    assert len(workspace.calls("GET", "/reports/tracked-hours")) == 2


def test_the_csv_export_is_named_by_range_sums_up_and_is_formula_safe(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    response = connected_client.get(f"{URL}?{NINETY_DAYS}&format=csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="tracked-hours_2025-01-01_2025-03-31.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Date",
        "Member",
        "Project",
        "Hours (h:mm)",
        "Hours (decimal)",
        "Amount (USD)",
    ]
    assert rows[-1] == ["Total", "", "", "6:45", "6.75", "136.50"]
    body = rows[1:-1]
    assert len(body) == 6
    assert sum(_minutes(r[3]) for r in body) == 405
    assert ["2025-01-01", HOSTILE_MEMBER, "'" + HOSTILE_PROJECT, "0:45", "0.75", ""] in body


def test_the_xlsx_export_has_summable_durations_and_text_that_is_never_a_formula(
    connected_client, workspace
):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    response = connected_client.get(f"{URL}?{WEEK}&format=xlsx")
    assert response["Content-Disposition"].endswith('tracked-hours_2025-01-06_2025-01-12.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tracked hours", "By member", "By project"]
    sheet = book["Tracked hours"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sum((r[3] for r in rows[:-1]), timedelta()) == timedelta(minutes=135)
    assert rows[-1][0] == "Total" and rows[-1][3] == timedelta(minutes=135)
    assert [r[4] for r in rows] == [0.75, 1.5, 2.25]
    hostile = next(c for c in sheet["C"] if c.value == HOSTILE_PROJECT)
    assert hostile.data_type == "s"
    assert sheet["D2"].number_format == "[h]:mm"


def test_an_export_never_holds_a_partial_report(connected_client, workspace):
    def flaky(request: Any) -> Any:
        if request.url.params["start_date"] == "2025-02-01":
            return fail(503)(request)
        return tracked(request)

    workspace.route("GET", "/reports/tracked-hours", flaky)
    response = connected_client.get(f"{URL}?{NINETY_DAYS}&format=csv")
    assert response.status_code == 503


def test_reading_a_report_writes_no_audit_entry(connected_client, workspace):
    workspace.route("GET", "/reports/tracked-hours", tracked)
    connected_client.get(f"{URL}?{WEEK}&format=csv")
    assert not AuditEntry.objects.exists()


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)
