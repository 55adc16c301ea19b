"""Charts as geometry for inline SVG, drawn by ``templates/reports/charts/``.

No JavaScript and no chart library: Python computes every rectangle, tick and label, the
templates draw them with CSS classes (``series-1`` … ``series-8``) whose colours come from CSS
variables, so both themes read well. Every chart carries the same data as a table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from dashboard.reports.durations import hours_minutes

WIDTH = 720
BARS_WIDTH = 560  # bar charts are drawn at about their display size, so their text stays legible
SERIES = 8  # colours; the last one is kept for "everything else"
LABEL_WIDTH = 170
ROW_HEIGHT = 26

Format = Callable[[int], str]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: int
    title: str


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class RowLabel:
    y: float
    text: str
    value: str = ""
    value_x: float = 0


@dataclass(frozen=True)
class LegendItem:
    series: int
    label: str


@dataclass(frozen=True)
class Chart:
    """What a chart template needs: the frame, the shapes, the axis, and the data as a table."""

    kind: str  # "columns", "bars" or "timeline": the template that draws it
    caption: str
    height: float
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    rects: list[Rect]
    ticks: list[Tick] = field(default_factory=list)
    labels: list[Tick] = field(default_factory=list)  # along the category axis
    rows: list[RowLabel] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    width: int = WIDTH

    @property
    def tick_x(self) -> float:
        """Where labels left of the plot end."""
        return self.plot[0] - 8

    @property
    def label_y(self) -> float:
        """The baseline of labels under the plot."""
        return self.plot[3] + 18

    @property
    def top_label_y(self) -> float:
        return self.plot[1] - 10


def series_index(position: int) -> int:
    """1-based colour of the n-th series (0-based); past the palette they share the last one."""
    return min(position, SERIES - 1) + 1


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power  # pragma: no cover


def _hours_label(minutes: float) -> str:
    hours = minutes / 60
    return f"{hours:g} h"


def stacked_columns(
    categories: Sequence[tuple[str, str]],
    series: Sequence[str],
    values: Sequence[Sequence[int]],
    caption: str,
    fmt: Format = hours_minutes,
) -> Chart:
    """Columns per category (short label, long label), stacked by series; values in minutes."""
    height, top, bottom, left, right = 260.0, 12.0, 228.0, 48.0, WIDTH - 8.0
    totals = [sum(row) for row in values]
    step = nice_step(max(totals, default=0) / 60) * 60
    top_value = max(step, math.ceil(max(totals, default=0) / step) * step)
    scale = (bottom - top) / top_value
    slot = (right - left) / max(len(categories), 1)
    bar = max(1.0, min(slot * 0.72, 48.0))
    rects = []
    for i, ((_, long_label), row) in enumerate(zip(categories, values, strict=True)):
        x = left + i * slot + (slot - bar) / 2
        y = bottom
        for s, minutes in enumerate(row):
            if minutes <= 0:
                continue
            h = minutes * scale
            y -= h
            title = f"{long_label} · {series[s]}: {fmt(minutes)}"
            rects.append(Rect(round(x, 2), round(y, 2), round(bar, 2), round(h, 2), s + 1, title))
    ticks = [
        Tick(round(bottom - v * scale, 2), _hours_label(v)) for v in _range(0, top_value, step)
    ]
    every = max(1, math.ceil(len(categories) / 12))
    labels = [
        Tick(round(left + i * slot + slot / 2, 2), short)
        for i, (short, _) in enumerate(categories)
        if i % every == 0
    ]
    header = ["", *series, "Total"]
    table = [
        [long, *(fmt(v) for v in row), fmt(sum(row))]
        for (_, long), row in zip(categories, values, strict=True)
    ]
    legend = [LegendItem(i + 1, name) for i, name in enumerate(series)]
    return Chart(
        "columns", caption, height, (left, top, right, bottom), rects, ticks, labels,
        legend=legend, table_header=header, table_rows=table,
    )  # fmt: skip


def bars(
    items: Sequence[tuple[str, int]],
    caption: str,
    *,
    fmt: Format = hours_minutes,
    maximum: int | None = None,
    value_header: str = "Hours",
) -> Chart:
    """One horizontal bar per item (label, value), longest scale first as given."""
    top, left, right = 8.0, float(LABEL_WIDTH), BARS_WIDTH - 60.0
    bottom = top + ROW_HEIGHT * len(items)
    top_value = maximum or max((v for _, v in items), default=0) or 1
    scale = (right - left) / top_value
    rects, rows = [], []
    for i, (label, value) in enumerate(items):
        y = top + i * ROW_HEIGHT
        w = max(0.0, value * scale)
        rects.append(Rect(left, y + 5, round(w, 2), ROW_HEIGHT - 10, 1, f"{label}: {fmt(value)}"))
        rows.append(RowLabel(y + ROW_HEIGHT / 2, _short(label), fmt(value), round(left + w + 6, 2)))
    return Chart(
        "bars", caption, bottom + 8, (left, top, right, bottom), rects, rows=rows,
        table_header=["", value_header], table_rows=[[label, fmt(v)] for label, v in items],
        width=BARS_WIDTH,
    )  # fmt: skip


@dataclass(frozen=True)
class Span:
    start: int  # minutes after midnight
    end: int
    series: int
    title: str


def timeline(rows: Sequence[tuple[str, Sequence[Span]]], caption: str) -> Chart:
    """A day: one row per person, a bar for each span of tracked time, hours along the top."""
    spans = [s for _, row in rows for s in row]
    first = min((s.start for s in spans), default=9 * 60) // 60
    last = -(-max((s.end for s in spans), default=17 * 60) // 60)
    first, last = min(first, 8), max(last, 18)
    top, left, right = 26.0, float(LABEL_WIDTH), WIDTH - 12.0
    bottom = top + ROW_HEIGHT * len(rows)
    scale = (right - left) / ((last - first) * 60)
    rects, labels = [], []
    for i, (label, row) in enumerate(rows):
        y = top + i * ROW_HEIGHT
        labels.append(RowLabel(y + ROW_HEIGHT / 2, _short(label)))
        for span in row:
            x = left + (span.start - first * 60) * scale
            w = max(1.5, (span.end - span.start) * scale)
            rects.append(
                Rect(round(x, 2), y + 4, round(w, 2), ROW_HEIGHT - 8, span.series, span.title)
            )
    every = 1 if last - first <= 12 else 2
    ticks = [
        Tick(round(left + (h - first) * 60 * scale, 2), f"{h:02d}:00")
        for h in range(first, last + 1, every)
    ]
    return Chart(
        "timeline", caption, bottom + 8, (left, top, right, bottom), rects, ticks, rows=labels
    )


def _range(start: float, stop: float, step: float) -> list[float]:
    values, value = [], start
    while value <= stop + 1e-9:
        values.append(value)
        value += step
    return values


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def draw(chart: Chart) -> SafeString:
    """The chart's figure: SVG, legend, and its data as a table."""
    return render_to_string("reports/charts/chart.html", {"chart": chart})
