"""Range reports by member: activity level, tasks, and activity descriptions.

Each arrives in 31-day chunks (and member pages); rows of one member from several chunks are
merged here, averages weighted by the minutes they cover.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.reports import charts
from dashboard.reports.exports import DURATION_HEADER, Sheet, duration_columns
from dashboard.reports.names import Names, text
from dashboard.webwork.records import Report
from dashboard.webwork.records.parsing import as_int, as_list, as_mapping, parse_date

TOP_ITEMS = 12


def _percent(value: int) -> str:
    return f"{value}%"


@dataclass(frozen=True)
class MemberActivity:
    member: str
    activity: int | None  # percent, weighted by minutes
    minutes: int
    days: int


@dataclass(frozen=True)
class ActivityLevel:
    template = "reports/kinds/activity_level.html"

    members: list[MemberActivity]
    average: int | None
    minutes: int
    days: list[tuple[date, str, int | None, int]]  # day, member, activity, minutes
    chart: charts.Chart

    @property
    def empty(self) -> bool:
        return not self.minutes

    def sheets(self) -> list[Sheet]:
        summary = Sheet("Activity level", ["Member", "Activity (%)", *DURATION_HEADER, "Days"])
        for m in self.members:
            summary.rows.append([m.member, m.activity, *duration_columns(m.minutes), m.days])
        summary.rows.append(["Total", self.average, *duration_columns(self.minutes), ""])
        by_day = Sheet("By day", ["Date", "Member", "Activity (%)", *DURATION_HEADER])
        by_day.rows.extend(
            [d, who, level, *duration_columns(mins)] for d, who, level, mins in self.days
        )
        return [summary, by_day]


def _weighted(pairs: list[tuple[int | None, int]]) -> int | None:
    covered = [(level, minutes) for level, minutes in pairs if level is not None and minutes]
    total = sum(minutes for _, minutes in covered)
    if not total:
        return None
    return round(sum(level * minutes for level, minutes in covered) / total)


def activity_level(report: Report, names: Names) -> ActivityLevel:
    pairs: dict[int | None, list[tuple[int | None, int]]] = defaultdict(list)
    labels: dict[int | None, str] = {}
    days: list[tuple[date, str, int | None, int]] = []
    for row in report.rows:
        uid = as_int(row.get("user_id"))
        labels[uid] = names.member(uid, row.get("user_name"))
        minutes = as_int(row.get("total_minutes")) or 0
        pairs[uid].append((as_int(row.get("average_activity")), minutes))
        for raw in as_list(row.get("days")):
            day = as_mapping(raw)
            when = parse_date(day.get("date"))
            if when is not None:
                level, mins = as_int(day.get("activity_level")), as_int(day.get("total_minutes"))
                days.append((when, labels[uid], level, mins or 0))
    members = [
        MemberActivity(labels[uid], _weighted(p), sum(m for _, m in p), _days_of(days, labels[uid]))
        for uid, p in pairs.items()
    ]
    members.sort(key=lambda m: (m.activity is None, -(m.activity or 0), m.member.casefold()))
    days.sort(key=lambda d: (d[0], d[1].casefold()))
    tracked = [m for m in members if m.activity is not None]
    chart = charts.bars(
        [(m.member, m.activity or 0) for m in tracked],
        "Average activity per member",
        fmt=_percent,
        maximum=100,
        value_header="Activity",
    )
    average = _weighted([pair for p in pairs.values() for pair in p])
    return ActivityLevel(members, average, sum(m.minutes for m in members), days, chart)


def _days_of(days: list[tuple[date, str, int | None, int]], member: str) -> int:
    return len({d for d, who, _, minutes in days if who == member and minutes})


@dataclass(frozen=True)
class TaskLine:
    member: str
    project: str
    task: str
    minutes: int


@dataclass(frozen=True)
class TaskReport:
    template = "reports/kinds/task_report.html"

    lines: list[TaskLine]
    minutes: int
    chart: charts.Chart

    @property
    def empty(self) -> bool:
        return not self.minutes

    def sheets(self) -> list[Sheet]:
        sheet = Sheet("Tasks", ["Member", "Project", "Task", *DURATION_HEADER])
        sheet.rows.extend(
            [t.member, t.project, t.task, *duration_columns(t.minutes)] for t in self.lines
        )
        sheet.rows.append(["Total", "", "", *duration_columns(self.minutes)])
        return [sheet]


def task_report(report: Report, names: Names) -> TaskReport:
    minutes: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in report.rows:
        member = names.member(as_int(row.get("user_id")), row.get("user_name"))
        for raw in as_list(row.get("tasks_breakdown")):
            task = as_mapping(raw)
            project = names.project(as_int(task.get("project_id")), task.get("project_name"))
            title = text(task, "task_title") or "No task"
            minutes[(member, project, title)] += as_int(task.get("total_minutes")) or 0
    lines = [TaskLine(*key, value) for key, value in minutes.items() if value]
    lines.sort(key=lambda t: (t.member.casefold(), -t.minutes, t.task.casefold()))
    per_task: dict[str, int] = defaultdict(int)
    for line in lines:
        per_task[f"{line.task} ({line.project})"] += line.minutes
    top = sorted(per_task.items(), key=lambda item: -item[1])[:TOP_ITEMS]
    chart = charts.bars(top, f"Hours on the {len(top)} biggest tasks")
    return TaskReport(lines, sum(t.minutes for t in lines), chart)


@dataclass(frozen=True)
class Description:
    day: date | None
    member: str
    project: str
    description: str
    minutes: int


@dataclass(frozen=True)
class ActivityDescriptions:
    template = "reports/kinds/activity_descriptions.html"

    rows: list[Description]
    by_description: list[tuple[str, int, int]]  # description, members, minutes
    minutes: int
    chart: charts.Chart

    @property
    def empty(self) -> bool:
        return not self.rows

    def sheets(self) -> list[Sheet]:
        header = ["Date", "Member", "Project", "Description", *DURATION_HEADER]
        sheet = Sheet("Activity descriptions", header)
        sheet.rows.extend(
            [d.day, d.member, d.project, d.description, *duration_columns(d.minutes)]
            for d in self.rows
        )
        sheet.rows.append(["Total", "", "", "", *duration_columns(self.minutes)])
        return [sheet]


def activity_descriptions(report: Report, names: Names) -> ActivityDescriptions:
    rows = [_description(row, names) for row in report.rows]
    rows.sort(key=lambda d: (d.day or date.min, d.member.casefold(), d.project.casefold()))
    members: dict[str, set[str]] = defaultdict(set)
    minutes: dict[str, int] = defaultdict(int)
    for d in rows:
        members[d.description].add(d.member)
        minutes[d.description] += d.minutes
    summary = sorted(
        ((text_, len(members[text_]), minutes[text_]) for text_ in minutes),
        key=lambda item: (-item[2], item[0].casefold()),
    )
    chart = charts.bars([(t, m) for t, _, m in summary[:TOP_ITEMS]], "Hours per description")
    return ActivityDescriptions(rows, summary, sum(d.minutes for d in rows), chart)


def _description(row: dict[str, Any], names: Names) -> Description:
    return Description(
        parse_date(row.get("date")),
        names.member(as_int(row.get("user_id")), row.get("user_name")),
        names.project(as_int(row.get("project_id")), row.get("project_name")),
        text(row, "activity_description") or "No description",
        as_int(row.get("total_minutes")) or 0,
    )
