"""The other five reports, fed in the shapes the sandbox serves (and a few variants)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import HTMX
from tests.fakes import fail, ok, pages
from tests.reports.conftest import HOSTILE_MEMBER, HOSTILE_PROJECT, NINETY_DAYS, WEEK

TODAY = timezone.localdate()
A_DAY = TODAY - timedelta(days=7)
DAY = f"day={A_DAY.isoformat()}"


def _members_paged(rows: list[dict[str, Any]]) -> Any:
    """Member pagination, one member a page, as the sandbox does past per_page."""

    def handler(request: Any) -> Any:
        number = int(request.url.params["page"])
        return ok([rows[number - 1]], pagination=pages(len(rows), 1, number))(request)

    return handler


TASKS = [
    {
        "user_id": 9,
        "user_name": "Ada Lovelace",
        "total_minutes": 120,
        "tasks_breakdown": [
            {
                "task_id": 1,
                "task_title": "Design",
                "project_id": 100,
                "project_name": "Website",
                "total_minutes": 90,
            },
            {
                "task_id": None,
                "task_title": None,
                "project_id": 100,
                "project_name": "Website",
                "total_minutes": 30,
            },
        ],
        "daily_breakdown": {"2025-01-06": 120},
    },
    {
        "user_id": 10,
        "user_name": HOSTILE_MEMBER,
        "total_minutes": 60,
        "tasks_breakdown": [
            {
                "task_id": 2,
                "task_title": "<b>Deploy</b>",
                "project_id": 101,
                "project_name": HOSTILE_PROJECT,
                "total_minutes": 60,
            },
        ],
        "daily_breakdown": {"2025-01-07": 60},
    },
]


def test_the_task_report_follows_member_pages_and_merges_chunks(connected_client, workspace):
    workspace.route("GET", "/reports/task-report", _members_paged(TASKS))
    body = connected_client.get(f"/reports/task-report/?{NINETY_DAYS}", headers=HTMX).content
    page = body.decode()
    calls = workspace.calls("GET", "/reports/task-report")
    assert len(calls) == 6  # 3 chunks of 2 member pages
    assert "No task" in page and "&lt;b&gt;Deploy&lt;/b&gt;" in page
    assert "9:00" in page  # 3 x (120 + 60) minutes
    assert "Hours on the 3 biggest tasks" in page


ACTIVITY = {
    "statistics": {"average_activity": 60, "total_minutes": 300, "members": 2},
    "members": [
        {
            "user_id": 9,
            "user_name": "Ada Lovelace",
            "average_activity": 80,
            "total_minutes": 200,
            "days": [{"date": "2025-01-06", "activity_level": 80, "total_minutes": 200}],
        },
        {
            "user_id": 10,
            "user_name": HOSTILE_MEMBER,
            "average_activity": 20,
            "total_minutes": 100,
            "days": [{"date": "2025-01-07", "activity_level": 20, "total_minutes": 100}],
        },
        {
            "user_id": 12,
            "user_name": "Idle Ivan",
            "average_activity": None,
            "total_minutes": 0,
            "days": [],
        },
    ],
}


def test_the_activity_level_shows_weighted_averages_with_meters(connected_client, workspace):
    workspace.route("GET", "/reports/activity-level", ok(ACTIVITY, pagination=pages(3, 100, 1)))
    page = connected_client.get(f"/reports/activity-level/?{WEEK}", headers=HTMX).content.decode()
    assert "60%" in page  # (80 x 200 + 20 x 100) / 300
    assert '<meter min="0" max="100"' in page and "No time tracked" in page
    assert "Average activity per member" in page


def test_activity_descriptions_page_locally_and_export_everything(connected_client, workspace):
    rows = [
        {
            "user_id": 9,
            "user_name": "Ada Lovelace",
            "date": "2025-01-06",
            "project_id": 100,
            "project_name": "Website",
            "activity_description": f"=cmd|' /C calc'!A{n}",
            "total_minutes": 10,
        }
        for n in range(150)
    ]
    workspace.route(
        "GET", "/reports/activity-descriptions", ok(rows, pagination=pages(150, 150, 1))
    )
    url = f"/reports/activity-descriptions/?{WEEK}"
    page = connected_client.get(url, headers=HTMX).content.decode()
    assert "150 rows, 100 a page" in page and 'rel="next"' in page
    response = connected_client.get(f"{url}&format=csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(lines) == 152
    assert lines[1][3].startswith("'=cmd|")


TIMELINE = [
    {
        "user_id": 9,
        "user_name": "Ada Lovelace",
        "email": "ada@acme.test",
        "date": "2025-01-08",
        "total_minutes": 240,
        "entries": [
            {
                "start_time": "2025-01-08T09:00:00Z",
                "end_time": "2025-01-08T12:00:00Z",
                "duration_minutes": 180,
                "project_id": 100,
                "project_name": "Website",
                "task_id": None,
                "task_title": None,
                "activity_description": "<img src=x onerror=alert(1)>",
                "method": "Desktop tracker",
                "activity_level": 70,
            },
            {
                "start_time": "2025-01-08T13:00:00Z",
                "end_time": "2025-01-08T14:00:00Z",
                "duration_minutes": 60,
                "project_id": 101,
                "project_name": HOSTILE_PROJECT,
                "task_id": 3,
                "task_title": "Review",
                "activity_description": None,
                "method": "Manually added time",
                "activity_level": None,
            },
        ],
    },
    {
        "user_id": 10,
        "user_name": HOSTILE_MEMBER,
        "email": "mal@acme.test",
        "date": "2025-01-08",
        "total_minutes": 0,
        "entries": [],
    },
]


def test_the_daily_timeline_draws_who_worked_when(connected_client, workspace):
    workspace.route("GET", "/reports/daily-timeline", ok(TIMELINE, pagination=pages(2, 100, 1)))
    page = connected_client.get(f"/reports/daily-timeline/?{DAY}", headers=HTMX).content.decode()
    assert workspace.last.url.params["date"] == A_DAY.isoformat()
    assert "Who worked when" in page and "09:00" in page and "12:00" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "No time tracked: &lt;script&gt;" in page
    assert A_DAY.strftime("%a %-d %b %Y") in page


def test_the_day_reports_offer_the_previous_and_next_day(connected_client, workspace):
    workspace.route("GET", "/reports/daily-timeline", ok(TIMELINE, pagination=pages(2, 100, 1)))
    page = connected_client.get(f"/reports/daily-timeline/?{DAY}&inline=1").content.decode()
    before, after = A_DAY - timedelta(days=1), A_DAY + timedelta(days=1)
    assert f'href="?day={before.isoformat()}&amp;inline=1"' in page
    assert f'href="?day={after.isoformat()}&amp;inline=1"' in page


ATTENDANCE = [
    {
        "user_id": 9,
        "user_name": "Ada Lovelace",
        "status": "Late",
        "statuses": ["Late", "Tracked less"],
        "arrival": 570,
        "departure": 1020,
        "tracked_minutes": 400,
        "expected_minutes": 480,
        "breaks": ["12:00 - 12:30"],
    },
    {
        "user_id": 10,
        "user_name": HOSTILE_MEMBER,
        "status": "Absent",
        "arrival": None,
        "departure": None,
        "tracked_minutes": 0,
        "expected_minutes": 480,
        "breaks": [],
    },
]


def test_daily_attendance_lists_statuses_and_filters_by_them(connected_client, workspace):
    workspace.route("GET", "/reports/daily-attendance", ok(ATTENDANCE, pagination=pages(2, 100, 1)))
    url = f"/reports/daily-attendance/?{DAY}&status=late&status=absent"
    page = connected_client.get(url, headers=HTMX).content.decode()
    assert workspace.last.url.params["status"] == "late,absent"
    assert "pill-attendance-tracked-less" in page and "09:30" in page and "Absent" in page
    assert "Members per status" in page


def test_a_day_outside_the_last_year_is_refused(connected_client, workspace):
    response = connected_client.get("/reports/daily-attendance/?day=1999-01-01", headers=HTMX)
    assert "Choose a day within the last year." in response.content.decode()


@pytest.mark.parametrize(
    ("slug", "path"),
    [
        ("task-report", "/reports/task-report"),
        ("activity-level", "/reports/activity-level"),
        ("activity-descriptions", "/reports/activity-descriptions"),
        ("daily-timeline", "/reports/daily-timeline"),
        ("daily-attendance", "/reports/daily-attendance"),
    ],
)
def test_every_report_shows_an_outage_in_place(connected_client, workspace, slug, path):
    workspace.route("GET", path, fail(503))
    page = connected_client.get(f"/reports/{slug}/?{WEEK}", headers=HTMX).content.decode()
    assert "WebWork is not answering" in page and "Try again" in page


@pytest.mark.parametrize(
    ("slug", "path", "payload"),
    [
        ("task-report", "/reports/task-report", []),
        ("activity-level", "/reports/activity-level", {"statistics": {}, "members": []}),
        ("activity-descriptions", "/reports/activity-descriptions", []),
        ("daily-timeline", "/reports/daily-timeline", []),
        ("daily-attendance", "/reports/daily-attendance", []),
    ],
)
def test_every_report_says_when_there_is_nothing(connected_client, workspace, slug, path, payload):
    workspace.route("GET", path, ok(payload, pagination=pages(0, 100, 1)))
    page = connected_client.get(f"/reports/{slug}/?{WEEK}", headers=HTMX).content.decode()
    assert 'class="card empty-state"' in page and "Export CSV" not in page


@pytest.mark.parametrize("slug", ["task-report", "activity-level", "daily-timeline"])
def test_every_report_exports_xlsx(connected_client, workspace, slug):
    payloads = {"task-report": TASKS, "activity-level": ACTIVITY, "daily-timeline": TIMELINE}
    workspace.route("GET", f"/reports/{slug}", ok(payloads[slug], pagination=pages(1, 100, 1)))
    query = DAY if slug == "daily-timeline" else WEEK
    response = connected_client.get(f"/reports/{slug}/?{query}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert slug in response["Content-Disposition"]


def test_a_long_report_with_many_calls_waits_its_turn_in_the_budget(
    connected_client, workspace, monkeypatch, settings
):
    from dashboard.webwork.client import WebworkClient

    settings.WEBWORK_RATE_PER_MINUTE = 12  # a budget that 3 parts of 4 calls each overrun

    paced = []
    background = WebworkClient.background
    monkeypatch.setattr(
        WebworkClient, "background", lambda self: paced.append(True) or background(self)
    )
    workspace.route("GET", "/reports/activity-descriptions", ok([], pagination=pages(0, 100, 1)))
    workspace.route("GET", "/reports/tracked-hours", ok({"dates": {}}))
    connected_client.get(f"/reports/tracked-hours/?{NINETY_DAYS}", headers=HTMX)
    assert paced == []  # three calls go at once
    connected_client.get(f"/reports/activity-descriptions/?{NINETY_DAYS}", headers=HTMX)
    assert paced == [True]
