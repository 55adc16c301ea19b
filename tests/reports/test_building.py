"""The pieces behind the pages: periods, durations, charts, and merging chunked rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.http import QueryDict

from dashboard.reports import activity, charts, daily, tracked
from dashboard.reports.durations import clock, decimal_hours, hours_minutes
from dashboard.reports.forms import ReportFilterForm, preset_range
from dashboard.reports.names import Names
from dashboard.reports.views import period_label
from dashboard.webwork.records import Report

WEDNESDAY = date(2026, 3, 18)


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("this_week", (date(2026, 3, 16), date(2026, 3, 22))),
        ("last_week", (date(2026, 3, 9), date(2026, 3, 15))),
        ("this_month", (date(2026, 3, 1), date(2026, 3, 31))),
        ("last_month", (date(2026, 2, 1), date(2026, 2, 28))),
        ("last_90_days", (date(2025, 12, 19), WEDNESDAY)),
    ],
)
def test_presets_cover_whole_weeks_and_months(preset, expected):
    assert preset_range(preset, WEDNESDAY) == expected


def _form(query: str, single_day: bool = False) -> ReportFilterForm:
    return ReportFilterForm(QueryDict(query), single_day=single_day, today=WEDNESDAY)


def test_without_filters_a_report_covers_this_week():
    form = _form("")
    assert form.is_valid()
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == preset_range(
        "this_week", WEDNESDAY
    )
    assert form.query() == {"period": "this_week", "start": "2026-03-16", "end": "2026-03-22"}


def test_typed_dates_without_a_period_are_a_custom_period():
    form = _form("start=2026-01-01&end=2026-01-31")
    assert form.is_valid() and form.query()["period"] == "custom"
    assert form.period_days == 31


def test_a_preset_wins_over_stale_dates():
    form = _form("period=last_week&start=2020-01-01&end=2020-01-02")
    assert form.is_valid() and form.cleaned_data["start"] == date(2026, 3, 9)


def test_a_custom_period_needs_both_days():
    form = _form("period=custom&start=2026-01-01")
    assert not form.is_valid() and form.errors["end"] == ["Choose the last day."]


def test_a_day_report_defaults_to_today():
    form = _form("", single_day=True)
    assert form.is_valid() and form.cleaned_data["day"] == WEDNESDAY


@pytest.mark.parametrize(
    ("minutes", "hm", "decimal"),
    [(0, "0:00", 0.0), (5, "0:05", 0.08), (605, "10:05", 10.08), (6000, "100:00", 100.0)],
)
def test_durations_read_as_hours_and_minutes_and_as_decimal_hours(minutes, hm, decimal):
    assert hours_minutes(minutes) == hm
    assert decimal_hours(minutes) == decimal


def test_clock_times_and_period_labels():
    assert (clock(570), clock(None)) == ("09:30", "")
    assert period_label(date(2026, 3, 1), date(2026, 3, 31)) == "1 \u2013 31 Mar 2026"
    assert period_label(date(2025, 12, 29), date(2026, 1, 4)) == "29 Dec 2025 \u2013 4 Jan 2026"
    assert period_label(WEDNESDAY, WEDNESDAY) == "Wed 18 Mar 2026"


@pytest.mark.parametrize(("maximum", "step"), [(0, 1), (7, 2), (40, 10), (333, 100), (3.2, 1)])
def test_gridlines_fall_on_round_numbers(maximum, step):
    assert charts.nice_step(maximum) == step


def test_stacked_columns_stack_to_the_column_total_and_keep_the_data_as_a_table():
    chart = charts.stacked_columns(
        [("1 Mar", "Sun 1 Mar"), ("2 Mar", "Mon 2 Mar")], ["A", "B"], [[60, 30], [0, 120]], "Hours"
    )
    first = [r for r in chart.rects if r.title.startswith("Sun")]
    assert [r.series for r in first] == [1, 2]
    assert first[0].y == pytest.approx(first[1].y + first[1].height)
    heights = {r.title: r.height for r in chart.rects}
    assert heights["Mon 2 Mar · B: 2:00"] == pytest.approx(heights["Sun 1 Mar · A: 1:00"] * 2)
    assert chart.table_header == ["", "A", "B", "Total"]
    assert chart.table_rows[1] == ["Mon 2 Mar", "0:00", "2:00", "2:00"]


def test_series_past_the_palette_share_the_last_colour():
    assert [charts.series_index(i) for i in (0, 6, 7, 20)] == [1, 7, 8, 8]


def _report(kind: str, rows: list[dict], start=date(2026, 1, 1), end=date(2026, 3, 31)) -> Report:
    return Report(kind, start, end, tuple(rows), (), datetime(2026, 4, 1, tzinfo=UTC))


def test_activity_of_one_member_across_chunks_is_weighted_by_minutes():
    rows = [
        {
            "user_id": 1,
            "user_name": "Ada",
            "average_activity": 90,
            "total_minutes": 100,
            "days": [],
        },
        {
            "user_id": 1,
            "user_name": "Ada",
            "average_activity": 30,
            "total_minutes": 300,
            "days": [],
        },
    ]
    view = activity.activity_level(_report("activity_level", rows), Names())
    assert [(m.member, m.activity, m.minutes) for m in view.members] == [("Ada", 45, 400)]


def test_tracked_hours_past_two_months_chart_weeks_and_fold_small_projects():
    rows = [
        {"date": f"2026-01-{d:02d}", "user_id": 1, "project_id": p, "total_minutes": 60}
        for d in range(5, 10)
        for p in range(1, 10)
    ]
    view = tracked.tracked_hours(_report("tracked_hours", rows), Names())
    assert view.days_chart.caption == "Hours per week, by project"
    assert view.days_chart.table_header[-2:] == ["Other projects", "Total"]
    assert len(view.days_chart.table_header) == 2 + charts.SERIES
    assert view.total.minutes == 45 * 60
    assert [line.label for line in view.by_member] == ["Member #1"]


def test_a_timeline_entry_past_midnight_stops_at_the_end_of_the_day():
    rows = [
        {
            "user_id": 1,
            "user_name": "Night Owl",
            "entries": [
                {
                    "start_time": "2026-01-05T22:00:00Z",
                    "end_time": "2026-01-06T01:00:00Z",
                    "duration_minutes": 180,
                    "project_id": 5,
                    "project_name": "Ops",
                },
            ],
        },
    ]
    view = daily.daily_timeline(_report("daily_timeline", rows), Names())
    rect = view.chart.rects[0]
    assert rect.x + rect.width == pytest.approx(view.chart.plot[2])
    assert [t.label for t in view.chart.ticks][-1] == "24:00"
