"""The chase list's forms: filters, a selection of members, the reminder's words, the schedule."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import time
from functools import cache
from typing import Any

from django import forms

from dashboard.core.forms import FilterForm, LongSelect
from dashboard.webwork.records import Member

from ..models import ReminderSchedule, ReminderTemplate
from .reminders import PLACEHOLDERS, check_placeholders
from .weeks import Week

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST_YEAR, LAST_YEAR = 2000, 2100
BAD_WEEK = "Enter a week such as 2026-W48."


class WeekField(forms.Field):
    """A week as ``<input type="week">`` sends it (``2026-W48``), or any date in it."""

    widget = forms.TextInput(attrs={"type": "week", "pattern": r"\d{4}-W\d{2}"})

    def to_python(self, value: Any) -> Week | None:
        if isinstance(value, Week) or value in (None, ""):
            return value or None
        try:
            week = Week.parse(str(value))
        except ValueError as exc:
            raise forms.ValidationError(BAD_WEEK, code="week") from exc
        if not FIRST_YEAR <= week.monday.year <= LAST_YEAR:
            raise forms.ValidationError(BAD_WEEK, code="week")
        return week

    def prepare_value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, Week) else value


class MissingFilterForm(FilterForm):
    week = WeekField(required=False, label="Week")
    team = forms.CharField(label="Team", required=False, max_length=255, widget=forms.Select)

    def offer_teams(self, teams: Iterable[str]) -> None:
        """The team choices, once the members have come (a team is a name on its members)."""
        widget = self.fields["team"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", "Any team"), *((t, t) for t in teams)]

    def show_week(self, week: Week) -> None:
        """The week field shows ``week`` (the one listed) when the URL named none, or a bad one."""
        self.data = {**dict(self.data.items()), "week": week.isoformat()}


class SelectionForm(forms.Form):
    """Members ticked on the chase list of a week; every id must be a member the list knows."""

    week = WeekField(label="Week")

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        raw = data.getlist("member") if data is not None and hasattr(data, "getlist") else []
        self.raw_members: list[str] = [str(value) for value in raw]

    def member_ids(self, known: Mapping[int, Member]) -> list[int]:
        """The selected ids, in order, once each; ``ValidationError`` naming the first that is
        not an active member of this workspace the user may see (then nothing is sent)."""
        if not self.raw_members:
            raise forms.ValidationError("Select at least one member.", code="required")
        ids: list[int] = []
        for value in self.raw_members:
            try:
                member_id = int(value)
            except ValueError:
                member_id = -1
            if member_id not in known:
                shown = value[:20]
                raise forms.ValidationError(
                    f"“{shown}” is not an active member of this workspace; nothing was sent.",
                    code="unknown",
                )
            if member_id not in ids:
                ids.append(member_id)
        return ids


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ReminderTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = ", ".join(f"{{{name}}} ({what})" for name, what in PLACEHOLDERS.items())
        self.fields["body"].help_text = f"Placeholders: {names}. Write {{{{ or }}}} for a brace."
        self.fields["subject"].help_text = "One line; the same placeholders."

    def clean_subject(self) -> str:
        subject = " ".join(str(self.cleaned_data.get("subject") or "").split())
        return check_placeholders(subject)

    def clean_body(self) -> str:
        body = str(self.cleaned_data.get("body") or "").replace("\r\n", "\n")
        if not body.strip():
            raise forms.ValidationError("The reminder needs a body.", code="required")
        return check_placeholders(body)


@cache
def time_zones() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ScheduleForm(forms.ModelForm):
    weekday = forms.TypedChoiceField(
        label="Day", coerce=int, choices=[(n, day) for n, day in enumerate(WEEKDAYS)]
    )
    at = forms.TimeField(
        label="Time", initial=time(10, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=time_zones, widget=LongSelect)
    which_week = forms.ChoiceField(
        label="Remind about",
        choices=[
            (ReminderSchedule.Which.PREVIOUS, "The week before (e.g. on Monday: last week)"),
            (ReminderSchedule.Which.CURRENT, "The same week (e.g. on Friday: this week)"),
        ],
    )

    class Meta:
        model = ReminderSchedule
        fields = ["enabled", "weekday", "at", "time_zone", "which_week"]
        labels = {"enabled": "Send reminders on this schedule"}
