"""Reports of one day: the timeline of who worked when, and attendance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from dashboard.reports import charts
from dashboard.reports.durations import clock
from dashboard.reports.exports import DURATION_HEADER, Duration, Sheet, duration_columns
from dashboard.reports.names import Names, text
from dashboard.webwork.records import Report
from dashboard.webwork.records.parsing import as_int, as_list, as_mapping, parse_datetime


@dataclass(frozen=True)
class TimelineEntry:
    start: datetime | None
    end: datetime | None
    minutes: int
    project: str
    task: str
    description: str
    method: str
    activity: int | None
    series: int


@dataclass(frozen=True)
class MemberDay:
    member: str
    minutes: int
    entries: list[TimelineEntry] = field(default_factory=list)


@dataclass(frozen=True)
class DailyTimeline:
    template = "reports/kinds/daily_timeline.html"

    members: list[MemberDay]
    idle: list[str]  # members who tracked nothing that day
    minutes: int
    chart: charts.Chart

    @property
    def empty(self) -> bool:
        return not self.members

    def sheets(self) -> list[Sheet]:
        header = ["Member", "Start", "End", *DURATION_HEADER, "Project", "Task", "Description"]
        sheet = Sheet("Daily timeline", [*header, "Method", "Activity (%)"])
        for member in self.members:
            for e in member.entries:
                times = [member.member, _hhmm(e.start), _hhmm(e.end)]
                about = [e.project, e.task, e.description, e.method, e.activity]
                sheet.rows.append([*times, *duration_columns(e.minutes), *about])
        sheet.rows.append(["Total", "", "", *duration_columns(self.minutes)])
        return [sheet]


def _hhmm(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def _minute(moment: datetime) -> int:
    # Reference: report times carry the workspace owner's offset; show them as written.
    return moment.hour * 60 + moment.minute


def daily_timeline(report: Report, names: Names) -> DailyTimeline:
    projects: Counter[str] = Counter()
    parsed: list[tuple[str, list[Mapping[str, Any]]]] = []
    for row in report.rows:
        raw_entries = [as_mapping(e) for e in as_list(row.get("entries"))]
        parsed.append((names.member(as_int(row.get("user_id")), row.get("user_name")), raw_entries))
        for e in raw_entries:
            project = names.project(as_int(e.get("project_id")), e.get("project_name"))
            projects[project] += as_int(e.get("duration_minutes")) or 0
    order = {name: i for i, (name, _) in enumerate(projects.most_common())}
    members, idle = [], []
    for member, raw_entries in parsed:
        entries = [_timeline_entry(e, names, order) for e in raw_entries]
        if entries:
            members.append(MemberDay(member, sum(e.minutes for e in entries), entries))
        else:
            idle.append(member)
    members.sort(key=lambda m: min((_minute(e.start) for e in m.entries if e.start), default=1440))
    chart = charts.timeline(
        [(m.member, [_span(m.member, e) for e in m.entries if e.start and e.end]) for m in members],
        "Who worked when",
    )
    chart = replace(chart, legend=_legend(list(order)))
    total = sum(m.minutes for m in members)
    return DailyTimeline(members, sorted(idle, key=str.casefold), total, chart)


def _legend(projects: list[str]) -> list[charts.LegendItem]:
    top = charts.SERIES - 1
    legend = [charts.LegendItem(i + 1, name) for i, name in enumerate(projects[:top])]
    if len(projects) > top:
        legend.append(charts.LegendItem(charts.SERIES, "Other projects"))
    return legend


def _timeline_entry(raw: Mapping[str, Any], names: Names, order: dict[str, int]) -> TimelineEntry:
    project = names.project(as_int(raw.get("project_id")), raw.get("project_name"))
    return TimelineEntry(
        parse_datetime(raw.get("start_time")),
        parse_datetime(raw.get("end_time")),
        as_int(raw.get("duration_minutes")) or 0,
        project,
        text(raw, "task_title"),
        text(raw, "activity_description"),
        text(raw, "method"),
        as_int(raw.get("activity_level")),
        charts.series_index(order.get(project, charts.SERIES)),
    )


def _span(member: str, e: TimelineEntry) -> charts.Span:
    assert e.start is not None and e.end is not None
    start, end = _minute(e.start), _minute(e.end)
    if end <= start:  # past midnight: the bar stops at the end of the day
        end = 24 * 60
    title = f"{member} · {_hhmm(e.start)} to {_hhmm(e.end)} · {e.project}"
    return charts.Span(start, end, e.series, title)


@dataclass(frozen=True)
class AttendanceRow:
    member: str
    statuses: list[str]
    arrival: int | None
    departure: int | None
    tracked: int
    expected: int
    breaks: list[str]


@dataclass(frozen=True)
class DailyAttendance:
    template = "reports/kinds/daily_attendance.html"

    rows: list[AttendanceRow]
    counts: list[tuple[str, int]]
    chart: charts.Chart

    @property
    def empty(self) -> bool:
        return not self.rows

    def sheets(self) -> list[Sheet]:
        header = ["Member", "Status", "Arrival", "Departure", *DURATION_HEADER]
        sheet = Sheet("Daily attendance", [*header, "Expected (h:mm)", "Breaks"])
        for r in self.rows:
            who = [r.member, ", ".join(r.statuses), clock(r.arrival), clock(r.departure)]
            hours = [*duration_columns(r.tracked), Duration(r.expected), "; ".join(r.breaks)]
            sheet.rows.append([*who, *hours])
        return [sheet]


def daily_attendance(report: Report, names: Names) -> DailyAttendance:
    rows = []
    for row in report.rows:
        statuses = [s for s in as_list(row.get("statuses")) if isinstance(s, str)]
        rows.append(
            AttendanceRow(
                names.member(as_int(row.get("user_id")), row.get("user_name")),
                statuses or [text(row, "status") or "Unknown"],
                as_int(row.get("arrival")),
                as_int(row.get("departure")),
                as_int(row.get("tracked_minutes")) or 0,
                as_int(row.get("expected_minutes")) or 0,
                [b for b in as_list(row.get("breaks")) if isinstance(b, str)],
            )
        )
    rows.sort(key=lambda r: r.member.casefold())
    counts = Counter(s for r in rows for s in r.statuses).most_common()
    chart = charts.bars(counts, "Members per status", fmt=str, value_header="Members")
    return DailyAttendance(rows, counts, chart)
