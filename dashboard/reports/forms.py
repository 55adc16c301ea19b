"""The filters of a report: a period (a preset or custom dates) or a day, members, projects."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.http import QueryDict

from dashboard.core.forms import DATE

MAX_RANGE_DAYS = 366
PRESETS = [
    ("this_week", "This week"),
    ("last_week", "Last week"),
    ("this_month", "This month"),
    ("last_month", "Last month"),
    ("last_90_days", "Last 90 days"),
    ("custom", "Custom dates"),
]
ATTENDANCE_STATUSES = [
    ("late", "Late"),
    ("left_early", "Left early"),
    ("tracked_less", "Tracked less"),
    ("absent", "Absent"),
    ("on_leave", "On leave"),
]


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The inclusive dates of a preset period around ``today`` (weeks run Monday to Sunday)."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    if preset == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if preset == "this_month":
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if preset == "last_month":
        end = first - timedelta(days=1)
        return end.replace(day=1), end
    if preset == "last_90_days":
        return today - timedelta(days=89), today
    return monday, monday + timedelta(days=6)


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(label="Period", choices=PRESETS, required=False)
    start = forms.DateField(label="From", required=False, widget=DATE)
    end = forms.DateField(label="To", required=False, widget=DATE)
    day = forms.DateField(label="Day", required=False, widget=DATE)
    members = forms.TypedMultipleChoiceField(
        label="Members", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    projects = forms.TypedMultipleChoiceField(
        label="Projects", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.MultipleChoiceField(
        label="Status",
        choices=ATTENDANCE_STATUSES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        single_day: bool,
        today: date,
        members: Iterable[tuple[int, str]] = (),
        projects: Iterable[tuple[int, str]] = (),
    ) -> None:
        super().__init__(_with_preset_dates(data, single_day, today))
        self.single_day = single_day
        self.today = today
        cast(forms.ChoiceField, self.fields["members"]).choices = list(members)
        cast(forms.ChoiceField, self.fields["projects"]).choices = list(projects)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.single_day:
            self._clean_day(data)
        else:
            self._clean_range(data)
        return data

    def _clean_day(self, data: dict[str, Any]) -> None:
        day = data.get("day") or self.today
        if not self.today - timedelta(days=366) <= day <= self.today + timedelta(days=366):
            self.add_error("day", "Choose a day within the last year.")
        data["day"] = day
        data["start"] = data["end"] = day

    def _clean_range(self, data: dict[str, Any]) -> None:
        start, end = data.get("start"), data.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", "Choose the first day.")
        if end is None and "end" not in self.errors:
            self.add_error("end", "Choose the last day.")
        if start is None or end is None:
            return
        if end < start:
            self.add_error("end", "The last day comes before the first day.")
        elif (end - start).days + 1 > MAX_RANGE_DAYS:
            self.add_error("end", f"Choose at most {MAX_RANGE_DAYS} days.")

    @property
    def period_days(self) -> int:
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return int((end - start).days) + 1

    def query(self, **changes: Any) -> dict[str, Any]:
        """The filters as URL parameters (dates in ISO), for links that keep them."""
        data = self.cleaned_data
        params: dict[str, Any] = {}
        if self.single_day:
            params["day"] = data["day"].isoformat()
        else:
            params["period"] = data.get("period") or "custom"
            params["start"], params["end"] = data["start"].isoformat(), data["end"].isoformat()
        for name in ("members", "projects", "status"):
            if data.get(name):
                params[name] = [str(v) for v in data[name]]
        params.update(changes)
        return {k: v for k, v in params.items() if v not in (None, "", [])}


def _with_preset_dates(data: QueryDict, single_day: bool, today: date) -> QueryDict:
    """A preset fills in its dates, so the date fields show them (and custom keeps the typed)."""
    data = data.copy()
    if single_day:
        return data
    period = data.get("period")
    if not period:
        period = "custom" if data.get("start") or data.get("end") else "this_week"
        data["period"] = period
    if period != "custom":
        start, end = preset_range(period, today)
        data["start"], data["end"] = start.isoformat(), end.isoformat()
    return data
