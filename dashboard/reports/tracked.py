"""Tracked hours: by member, by project and by day, with totals, two charts and the exports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dashboard.reports import charts
from dashboard.reports.exports import DURATION_HEADER, Sheet, duration_columns
from dashboard.reports.names import Names
from dashboard.webwork.records import Report

TOP_PROJECTS = charts.SERIES - 1
WEEKLY_AFTER_DAYS = 62


@dataclass(frozen=True)
class Line:
    """One row of a total: a member, a project, a day, or everything."""

    label: str
    minutes: int
    amounts: dict[str, float] = field(default_factory=dict)
    share: float = 0.0  # of the total, in percent


@dataclass(frozen=True)
class Entry:
    day: date | None
    member: str
    project: str
    minutes: int
    amounts: dict[str, float]


@dataclass(frozen=True)
class TrackedHours:
    template = "reports/kinds/tracked_hours.html"

    start: date
    end: date
    entries: list[Entry]
    by_member: list[Line]
    by_project: list[Line]
    total: Line
    currencies: list[str]
    days_chart: charts.Chart
    members_chart: charts.Chart

    @property
    def empty(self) -> bool:
        return not self.total.minutes

    def sheets(self) -> list[Sheet]:
        money = [f"Amount ({c})" for c in self.currencies]
        entries = Sheet("Tracked hours", ["Date", "Member", "Project", *DURATION_HEADER, *money])
        for e in self.entries:
            entries.rows.append(
                [e.day, e.member, e.project, *duration_columns(e.minutes), *self._money(e.amounts)]
            )
        entries.rows.append(["Total", "", "", *self._line(self.total)])
        sheets = [entries]
        for title, column, lines in (
            ("By member", "Member", self.by_member),
            ("By project", "Project", self.by_project),
        ):
            sheet = Sheet(title, [column, *DURATION_HEADER, *money])
            sheet.rows.extend([line.label, *self._line(line)] for line in lines)
            sheet.rows.append(["Total", *self._line(self.total)])
            sheets.append(sheet)
        return sheets

    def _line(self, line: Line) -> list[object]:
        return [*duration_columns(line.minutes), *self._money(line.amounts)]

    def _money(self, amounts: dict[str, float]) -> list[object]:
        return [amounts.get(c, "") for c in self.currencies]


def tracked_hours(report: Report, names: Names) -> TrackedHours:
    entries = [
        Entry(e.date, names.member(e.user_id), names.project(e.project_id), e.minutes, e.amounts)
        for e in report.tracked_hours()
        if e.minutes
    ]
    entries.sort(key=lambda e: (e.day or date.min, e.member.casefold(), e.project.casefold()))
    total = _sum("Total", entries, 0)
    by_member = _lines(entries, lambda e: e.member, total.minutes)
    by_project = _lines(entries, lambda e: e.project, total.minutes)
    currencies = sorted({c for e in entries for c in e.amounts})
    start, end = report.start_date or date.today(), report.end_date or date.today()
    return TrackedHours(
        start,
        end,
        entries,
        by_member,
        by_project,
        total,
        currencies,
        _days_chart(entries, by_project, start, end),
        charts.bars([(line.label, line.minutes) for line in by_member], "Hours per member"),
    )


def _sum(label: str, entries: Iterable[Entry], grand_total: int) -> Line:
    minutes, amounts = 0, defaultdict[str, float](float)
    for entry in entries:
        minutes += entry.minutes
        for currency, amount in entry.amounts.items():
            amounts[currency] += amount
    share = round(100 * minutes / grand_total, 1) if grand_total else 0.0
    return Line(label, minutes, {c: round(a, 2) for c, a in sorted(amounts.items())}, share)


def _lines(entries: list[Entry], key: Callable[[Entry], str], grand_total: int) -> list[Line]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[key(entry)].append(entry)
    lines = [_sum(label, group, grand_total) for label, group in groups.items()]
    return sorted(lines, key=lambda line: (-line.minutes, line.label.casefold()))


def _days_chart(
    entries: list[Entry], by_project: list[Line], start: date, end: date
) -> charts.Chart:
    """Hours per day (per week past two months) stacked by project; small projects as one."""
    top = [line.label for line in by_project[:TOP_PROJECTS]]
    series = [*top, "Other projects"] if len(by_project) > TOP_PROJECTS else top
    weekly = (end - start).days + 1 > WEEKLY_AFTER_DAYS
    buckets = _buckets(start, end, weekly)
    index = {bucket: i for i, (bucket, _, _) in enumerate(buckets)}
    values = [[0] * len(series) for _ in buckets]
    position = {label: i for i, label in enumerate(top)}
    for entry in entries:
        if entry.day is None:
            continue
        bucket = entry.day - timedelta(days=entry.day.weekday()) if weekly else entry.day
        row = index.get(max(bucket, buckets[0][0]))
        if row is not None:
            values[row][position.get(entry.project, len(series) - 1)] += entry.minutes
    caption = "Hours per week, by project" if weekly else "Hours per day, by project"
    categories = [(short, long) for _, short, long in buckets]
    return charts.stacked_columns(categories, series, values, caption)


def _buckets(start: date, end: date, weekly: bool) -> list[tuple[date, str, str]]:
    """(first day, short label, long label) of each column."""
    if not weekly:
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        return [(d, d.strftime("%d %b"), d.strftime("%a %d %b %Y")) for d in days]
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        first = max(monday, start)
        weeks.append((first, first.strftime("%d %b"), f"Week of {first.strftime('%d %b %Y')}"))
        monday += timedelta(days=7)
    return weeks
