"""The notification settings form: each value checked, the chat URL never shown back."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django import forms

from dashboard.core.forms import LongSelect

from . import timing
from .models import MAX_ALERT_HOURS, NotificationSettings

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def zone_choices(current: str = "") -> list[tuple[str, str]]:
    names = list(timing.zone_names())
    if current and current not in names and timing.is_zone(current):
        names.insert(0, current)
    return [(name, name.replace("_", " ")) for name in names]


def check_webhook_url(url: str) -> str:
    """``url`` if a chat webhook may be posted to it: HTTPS, to a public host, no user or
    password in it; ``ValidationError`` otherwise."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as exc:
        raise forms.ValidationError("Enter the webhook's whole URL.") from exc
    if parts.scheme != "https":
        raise forms.ValidationError("A chat webhook URL must start with https://.")
    if not host or parts.username or parts.password:
        raise forms.ValidationError("Enter the webhook's whole URL, with no user name in it.")
    if _private(host):
        raise forms.ValidationError("A chat webhook must be on a public host.")
    return url


def _private(host: str) -> bool:
    if host in LOOPBACK_NAMES or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


class NotificationSettingsForm(forms.ModelForm):
    digest_enabled = forms.BooleanField(
        required=False,
        label="Send me a daily digest",
        help_text="What waits for your decision, sent only when something does.",
    )
    digest_hour = forms.TypedChoiceField(
        choices=HOURS,
        coerce=int,
        label="Send it at",
        help_text="Your local time, in the time zone chosen here.",
        error_messages={"invalid_choice": "Choose an hour from 00:00 to 23:00."},
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        widget=LongSelect,
        error_messages={
            "invalid_choice": "Choose a time zone from the list (such as Europe/Berlin)."
        },
    )
    alert_after_hours = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ALERT_HOURS,
        label="Alert me when an item has waited longer than (hours)",
        help_text=f"1 to {MAX_ALERT_HOURS} hours; leave it empty for no alerts. Each item is "
        "alerted once.",
        error_messages={
            "min_value": f"Alert after 1 to {MAX_ALERT_HOURS} hours, or leave it empty.",
            "max_value": f"Alert after 1 to {MAX_ALERT_HOURS} hours, or leave it empty.",
            "invalid": "Enter a whole number of hours, or leave it empty.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    chat_url = forms.CharField(
        required=False,
        max_length=2000,
        label="Chat incoming webhook URL",
        help_text="Optional: a Slack-style incoming webhook (https://…) that gets the same news "
        "in short. It is kept encrypted and never shown again in full.",
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    remove_chat = forms.BooleanField(required=False, label="Stop posting to the chat webhook")

    class Meta:
        model = NotificationSettings
        fields = ["digest_enabled", "digest_hour", "time_zone", "alert_after_hours"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone_field = self.fields["time_zone"]
        assert isinstance(zone_field, forms.ChoiceField)
        zone_field.choices = zone_choices(self.instance.time_zone)
        if self.instance.has_chat:
            self.fields["chat_url"].label = "Replace the chat webhook URL"
            self.fields["chat_url"].help_text = (
                "Leave it empty to keep the one saved. It is kept encrypted and never shown "
                "again in full."
            )
        else:
            del self.fields["remove_chat"]

    def clean_chat_url(self) -> str:
        url = str(self.cleaned_data.get("chat_url") or "").strip()
        return check_webhook_url(url) if url else ""

    def changes(self) -> dict[str, Any]:
        """What this save changes, for the audit log: the values, never the chat URL."""
        changed: dict[str, Any] = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.changed_data
        }
        if self.cleaned_data.get("remove_chat"):
            changed["chat_webhook"] = "removed"
        elif self.cleaned_data.get("chat_url"):
            changed["chat_webhook"] = "replaced" if self.instance.has_chat else "set"
        return changed

    def save(self, commit: bool = True) -> NotificationSettings:
        prefs: NotificationSettings = super().save(commit=False)
        if self.cleaned_data.get("remove_chat"):
            prefs.set_chat_url("")
        elif self.cleaned_data.get("chat_url"):
            prefs.set_chat_url(self.cleaned_data["chat_url"])
        if commit:
            prefs.save()
        return prefs
