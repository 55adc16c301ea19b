"""``/notifications/``: each signed-in user's own notification settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dashboard.audit.log import record
from dashboard.core import connections
from dashboard.core.http import DashboardRequest
from dashboard.webwork.errors import WebworkError

from . import timing
from .forms import NotificationSettingsForm
from .models import NotificationSettings


def _webwork_zone(request: DashboardRequest) -> str:
    """The user's time zone as WebWork has it for their member record, if it is known."""
    if connections.status(request) != "ready":
        return ""
    try:
        client = request.webwork
        mine = next((w for w in client.workspaces.list() if w.id == client.workspace_id), None)
        if mine is None or mine.user_id is None:
            return ""
        zone = client.members.get(mine.user_id).timezone or ""
    except WebworkError:
        return ""
    return zone if timing.is_zone(zone) else ""


def _settings_of(request: DashboardRequest) -> NotificationSettings:
    found = NotificationSettings.objects.filter(user=request.user).first()
    if found is not None:
        return found
    return NotificationSettings(
        user=request.user, time_zone=_webwork_zone(request) or settings.TIME_ZONE
    )


@require_http_methods(["GET", "POST"])
def notification_settings(request: DashboardRequest) -> HttpResponse:
    prefs = _settings_of(request)
    creating = prefs.pk is None
    form = NotificationSettingsForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if creating:
            changes = {name: form.cleaned_data[name] for name in form.Meta.fields} | changes
        prefs = form.save(commit=False)
        if {"digest_enabled", "digest_hour", "time_zone"} & set(changes):
            prefs.skip_today_if_past(timezone.now())
        prefs.save()
        if changes:
            record(
                user=request.user,
                action="notifications.settings",
                outcome="ok",
                target=("user", request.user.pk, request.user.get_username()),
                summary=changes,
                request_id=getattr(request, "request_id", ""),
            )
        messages.success(request, "Notification settings saved.")
        return redirect("notifications:settings")
    context = {
        "form": form,
        "prefs": prefs,
        "email": prefs.email,
        "connection": connections.status(request),
    }
    return render(request, "notifications/settings.html", context)
