from __future__ import annotations

import itertools
import threading
from datetime import date, timedelta
from typing import Any

import pytest

from dashboard.webwork.errors import WebworkForbidden, WebworkUnavailable
from dashboard.webwork.records.reports import TrackedHoursEntry, report_rows
from dashboard.webwork.resources.reports import split_range
from tests.fakes import fail, ok, pages

JAN_1 = date(2025, 1, 1)


def test_a_31_day_range_is_one_chunk():
    assert split_range(JAN_1, JAN_1 + timedelta(days=30)) == [(JAN_1, date(2025, 1, 31))]


def test_a_32_day_range_is_two_chunks():
    assert split_range(JAN_1, JAN_1 + timedelta(days=31)) == [
        (JAN_1, date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 1)),
    ]


def test_a_single_day_is_one_chunk_and_a_reversed_range_is_refused():
    assert split_range(JAN_1, JAN_1) == [(JAN_1, JAN_1)]
    with pytest.raises(ValueError):
        split_range(JAN_1, JAN_1 - timedelta(days=1))


def test_chunks_cover_a_long_range_without_gaps_or_overlaps():
    chunks = split_range(JAN_1, date(2025, 12, 31))
    assert len(chunks) == 12
    assert all((b - a).days <= 30 for a, b in chunks)
    assert all(b + timedelta(days=1) == c for (_, b), (c, _) in itertools.pairwise(chunks))


def _tracked(request: Any) -> Any:
    start = request.url.params["start_date"]
    data = {
        "report_type": "tracked_hours",
        "start_date": start,
        "end_date": request.url.params["end_date"],
        "total": {"minutes": 90},
        "days": {
            start: {
                "users": [
                    {
                        "user_id": 9,
                        "project_id": 100,
                        "contract_id": 5,
                        "total_minutes": 90,
                        "total_amount": {"USD": 45.5},
                    }
                ]
            }
        },
    }
    return ok(data)(request)


def test_tracked_hours_over_32_days_are_fetched_in_two_concurrent_chunks(webwork, upstream):
    barrier = threading.Barrier(2, timeout=5)

    def together(request: Any) -> Any:
        barrier.wait()  # both chunks are in flight at once
        return _tracked(request)

    upstream.route("GET", "/reports/tracked-hours", together)
    report = webwork.reports.tracked_hours(JAN_1, JAN_1 + timedelta(days=31), users=[9, 10])
    windows = sorted(
        (r.url.params["start_date"], r.url.params["end_date"]) for r in upstream.requests
    )
    assert windows == [("2025-01-01", "2025-01-31"), ("2025-02-01", "2025-02-01")]
    assert {r.url.params["users"] for r in upstream.requests} == {"9,10"}
    assert "page" not in upstream.requests[0].url.params
    assert report.tracked_hours() == (
        TrackedHoursEntry(date(2025, 1, 1), 9, 100, 5, 90, {"USD": 45.5}),
        TrackedHoursEntry(date(2025, 2, 1), 9, 100, 5, 90, {"USD": 45.5}),
    )
    assert report.minutes_by_user() == {9: 180}
    assert len(report.payloads) == 2


def test_member_paginated_reports_fetch_every_page(webwork, upstream):
    def members(request: Any) -> Any:
        number = int(request.url.params["page"])
        rows = [{"user_id": number * 10 + i, "tasks_breakdown": []} for i in range(2)]
        return ok(rows, pagination=pages(5, 2, number))(request)

    upstream.route("GET", "/reports/task-report", members)
    report = webwork.reports.task_report(JAN_1, date(2025, 1, 7), project_ids=[100])
    assert sorted(int(r.url.params["page"]) for r in upstream.requests) == [1, 2, 3]
    assert {r.url.params["per_page"] for r in upstream.requests} == {"100"}
    assert [row["user_id"] for row in report.rows] == [10, 11, 20, 21, 30, 31]


def test_chunks_and_member_pages_combine(webwork, upstream):
    def members(request: Any) -> Any:
        number = int(request.url.params["page"])
        row = {"user_id": number, "start": request.url.params["start_date"]}
        return ok({"members": [row]}, pagination=pages(2, 1, number))(request)

    upstream.route("GET", "/reports/activity-level", members)
    report = webwork.reports.activity_level(JAN_1, date(2025, 2, 15))
    assert len(upstream.requests) == 4
    assert sorted((r["start"], r["user_id"]) for r in report.rows) == [
        ("2025-01-01", 1),
        ("2025-01-01", 2),
        ("2025-02-01", 1),
        ("2025-02-01", 2),
    ]


def test_day_reports_send_one_date(webwork, upstream):
    upstream.route("GET", "/reports/daily-attendance", ok([{"user_id": 1, "status": "Late"}]))
    report = webwork.reports.daily_attendance(JAN_1, statuses=["late", "absent"])
    params = upstream.last.url.params
    assert (params["date"], params["status"]) == ("2025-01-01", "late,absent")
    assert "start_date" not in params
    assert report.rows == ({"user_id": 1, "status": "Late"},)
    assert (report.start_date, report.end_date, report.kind) == (JAN_1, JAN_1, "daily_attendance")


@pytest.mark.parametrize(
    ("payload", "rows"),
    [
        ([{"a": 1}, "junk"], [{"a": 1}]),
        ({"users": [{"a": 1}]}, [{"a": 1}]),
        (
            {"2025-01-02": [{"u": 1}], "2025-01-01": {"users": [{"u": 2}]}},
            [{"date": "2025-01-01", "u": 2}, {"date": "2025-01-02", "u": 1}],
        ),
        (
            {"report_type": "x", "by_day": {"2025-01-01": [{"u": 1}]}},
            [{"date": "2025-01-01", "u": 1}],
        ),
        (
            [{"date": "2025-01-01", "users": [{"u": 1}, {"u": 2}]}],
            [{"date": "2025-01-01", "u": 1}, {"date": "2025-01-01", "u": 2}],
        ),
        ({"summary": 3}, [{"summary": 3}]),
        (None, []),
    ],
)
def test_report_rows_are_found_in_every_plausible_shape(payload, rows):
    assert report_rows(payload) == rows


def test_an_empty_tracked_hours_report_has_no_rows():
    payload = {"report_type": "tracked_hours", "total": {"total_minutes": 0}, "dates": {}}
    assert report_rows(payload) == []
    assert report_rows({"statistics": {"members": 0}, "members": []}) == []


def test_the_sandbox_shape_of_tracked_hours_becomes_entries():
    payload = {
        "report_type": "tracked_hours",
        "total": {"total_minutes": 120, "total_amount": {"EUR": 10.0}},
        "dates": {
            "2025-01-02": {
                "total_minutes": 120,
                "users": [{"user_id": 1, "project_id": 5, "contract_id": 9, "total_minutes": 120}],
            }
        },
    }
    rows = report_rows(payload)
    assert rows == [
        {
            "date": "2025-01-02",
            "user_id": 1,
            "project_id": 5,
            "contract_id": 9,
            "total_minutes": 120,
        }
    ]


def _failing_in(window_start: str, status: int = 503) -> Any:
    def handler(request: Any) -> Any:
        if request.url.params["start_date"] == window_start:
            return fail(status, "WebWork is having a moment")(request)
        return _tracked(request)

    return handler


NINETY_DAYS = (JAN_1, JAN_1 + timedelta(days=89))


def test_a_failed_chunk_is_reported_missing_when_partial_results_are_allowed(webwork, upstream):
    upstream.route("GET", "/reports/tracked-hours", _failing_in("2025-02-01"))
    report = webwork.reports.tracked_hours(*NINETY_DAYS, allow_partial=True)
    assert [(m.start, m.end) for m in report.missing] == [(date(2025, 2, 1), date(2025, 3, 3))]
    assert "WebWork" in report.missing[0].reason
    assert not report.complete
    assert [e.date for e in report.tracked_hours()] == [JAN_1, date(2025, 3, 4)]


def test_asking_again_fetches_only_the_missing_chunk(webwork, upstream):
    upstream.route("GET", "/reports/tracked-hours", _failing_in("2025-02-01"))
    webwork.reports.tracked_hours(*NINETY_DAYS, allow_partial=True)
    upstream.requests.clear()
    upstream.route("GET", "/reports/tracked-hours", _tracked)
    report = webwork.reports.tracked_hours(*NINETY_DAYS, allow_partial=True)
    assert [r.url.params["start_date"] for r in upstream.requests] == ["2025-02-01"]
    assert report.complete
    assert len(report.tracked_hours()) == 3


def test_without_partial_results_a_failed_chunk_raises(webwork, upstream):
    upstream.route("GET", "/reports/tracked-hours", _failing_in("2025-02-01"))
    with pytest.raises(WebworkUnavailable):
        webwork.reports.tracked_hours(*NINETY_DAYS)


def test_when_every_chunk_fails_the_error_is_raised(webwork, upstream):
    upstream.route("GET", "/reports/tracked-hours", fail(503))
    with pytest.raises(WebworkUnavailable):
        webwork.reports.tracked_hours(*NINETY_DAYS, allow_partial=True)


def test_a_forbidden_chunk_is_never_hidden_as_missing(webwork, upstream):
    upstream.route("GET", "/reports/tracked-hours", _failing_in("2025-02-01", status=403))
    with pytest.raises(WebworkForbidden):
        webwork.reports.tracked_hours(*NINETY_DAYS, allow_partial=True)


def test_a_failed_member_page_makes_its_whole_chunk_missing(webwork, upstream):
    def members(request: Any) -> Any:
        number = int(request.url.params["page"])
        if request.url.params["start_date"] == "2025-01-01" and number == 2:
            return fail(502)(request)
        return ok([{"user_id": number}], pagination=pages(2, 1, number))(request)

    upstream.route("GET", "/reports/task-report", members)
    report = webwork.reports.task_report(JAN_1, date(2025, 2, 10), allow_partial=True)
    assert [m.start for m in report.missing] == [JAN_1]
    assert [row["user_id"] for row in report.rows] == [1, 2]
