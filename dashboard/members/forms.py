"""Forms of the member pages: the list's filters, an invitation, a change, offboarding decisions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from dashboard.core.forms import FilterForm
from dashboard.core.upstream import add_upstream_errors
from dashboard.webwork.errors import WebworkError
from dashboard.webwork.records import Member
from dashboard.webwork.resources.members import GRANTABLE_ROLES, MAX_WEEKLY_HOURS

# Every role, most powerful first, for the filter.
ROLES = (
    "Owner",
    "Executive manager",
    "Team manager",
    "Project manager",
    "Regular User",
    "Project viewer",
)
STATUSES = (
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("left", "Left"),
    ("unknown", "Unknown"),
)
SORTABLE = ("name", "role", "status", "team", "limit")
OWNER_REFUSED = (
    "The Owner role cannot be granted from the dashboard: ownership moves in WebWork's own "
    "settings."
)
OWNER_KEPT = "The workspace owner's role cannot be changed from the dashboard."
REASON_MAX = 255  # WebWork's limit on strings


class RoleField(forms.ChoiceField):
    """A role WebWork lets a manager grant; Owner is refused in words, not as "not a choice"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[(r, r) for r in GRANTABLE_ROLES], **kwargs)
        self.shows_owner = False  # the owner's own row shows their role, unchangeable

    def show_owner(self) -> None:
        self.shows_owner, self.disabled, self.choices = True, True, [("Owner", "Owner")]
        self.help_text = OWNER_KEPT

    def validate(self, value: Any) -> None:
        if str(value).strip().casefold() == "owner" and not self.shows_owner:
            raise ValidationError(OWNER_REFUSED, code="owner")
        super().validate(value)


class MemberFilterForm(FilterForm):
    q = forms.CharField(
        label="Find by name or e-mail",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *((r, r) for r in ROLES)]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *STATUSES]
    )
    team = forms.CharField(label="Team", required=False, max_length=255, widget=forms.Select)

    def offer_teams(self, teams: Iterable[str]) -> None:
        """The team choices, once the members have come (a team is a name on its members)."""
        widget = self.fields["team"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", "Any team"), *((t, t) for t in teams)]


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail", max_length=255)
    firstname = forms.CharField(label="First name", max_length=255)
    lastname = forms.CharField(label="Last name", max_length=255)
    role = RoleField(label="Role", initial="Regular User")

    def __init__(self, *args: Any, members: Iterable[Member] = (), **kwargs: Any) -> None:
        # Its own ids: the list's filters beside it have a "role" too.
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)
        self._members = {m.email.casefold(): m for m in members if m.email}

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        taken = self._members.get(email.casefold())
        if taken is not None:
            raise ValidationError(
                format_html("<bdi>{}</bdi> already has this e-mail in the workspace.", taken.name),
                code="taken",
            )
        return email

    def refused(self, exc: WebworkError) -> None:
        add_upstream_errors(self, exc)


class MemberEditForm(forms.Form):
    role = RoleField(label="Role", required=False)
    rates_visible = forms.BooleanField(
        label="They see rates",
        required=False,
        help_text="Owners and Executive managers always see rates.",
    )
    weekly_hours_limit = forms.IntegerField(
        label="Weekly hours limit",
        min_value=0,
        max_value=MAX_WEEKLY_HOURS,
        help_text=f"0 to {MAX_WEEKLY_HOURS} hours a week; {MAX_WEEKLY_HOURS} means no limit.",
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        limit = member.weekly_hours_limit
        initial = {
            "role": member.role,
            "rates_visible": member.rate_status == 1,
            "weekly_hours_limit": MAX_WEEKLY_HOURS if limit is None or limit > 168 else limit,
        }
        kwargs["initial"] = initial
        kwargs.setdefault("auto_id", f"member{member.id}_%s")  # unique beside the list's filters
        super().__init__(*args, **kwargs)
        self.member = member
        role = self.fields["role"]
        assert isinstance(role, RoleField)
        if member.is_owner:
            role.show_owner()
        # Where focus goes when the row turns into this form.
        first = "weekly_hours_limit" if member.is_owner else "role"
        self.fields[first].widget.attrs["data-autofocus"] = ""

    def clean_role(self) -> str:
        # The owner's field is disabled, so it keeps "Owner" whatever comes; a demotion that
        # was asked for anyway is refused in words rather than quietly dropped.
        asked = str(self.data.get(self.add_prefix("role")) or "")
        if self.member.is_owner and asked and asked != self.member.role:
            raise ValidationError(OWNER_KEPT, code="owner")
        return str(self.cleaned_data.get("role") or "")

    def changes(self) -> dict[str, Any]:
        """Only what differs from the member as WebWork has them now."""
        data, member, sent = self.cleaned_data, self.member, {}
        if data["role"] and data["role"] != member.role and not member.is_owner:
            sent["role"] = data["role"]
        # Unknown visibility (None) reads as hidden: only a tick is then a change.
        if data["rates_visible"] != (member.rate_status == 1):
            sent["rates_visible"] = data["rates_visible"]
        if data["weekly_hours_limit"] != self.initial["weekly_hours_limit"]:
            sent["weekly_hours_limit"] = data["weekly_hours_limit"]
        return sent

    def refused(self, exc: WebworkError) -> None:
        add_upstream_errors(self, exc, {"rate_status": "rates_visible"})


class DecisionsForm(forms.Form):
    """One choice per waiting item, ``decide-<key>`` (leave it, approve, reject) with a
    ``reason-<key>`` that a rejection needs. Every choice is checked before any is sent."""

    CHOICES = (("leave", "Leave it"), ("approve", "Approve"), ("reject", "Reject"))

    def __init__(self, *args: Any, keys: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = list(keys)
        for key in self.keys:
            self.fields[f"decide-{key}"] = forms.ChoiceField(
                label="Decision",
                choices=self.CHOICES,
                initial="leave",
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason-{key}"] = forms.CharField(
                label="Reason", required=False, max_length=REASON_MAX
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in self.keys:
            if (
                data.get(f"decide-{key}") == "reject"
                and not str(data.get(f"reason-{key}") or "").strip()
            ):
                self.add_error(f"reason-{key}", "Give a reason for the rejection.")
        return data

    def decisions(self) -> dict[str, tuple[str, str]]:
        """``key -> (verb, reason)`` for every item to send; "leave it" is not sent."""
        data = self.cleaned_data
        chosen = {key: str(data.get(f"decide-{key}") or "leave") for key in self.keys}
        return {
            key: (verb, str(data.get(f"reason-{key}") or "").strip())
            for key, verb in chosen.items()
            if verb != "leave"
        }
