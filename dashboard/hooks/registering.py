"""The dashboard's webhook as WebWork lists it: registering it, registering it again, removing it.

The dashboard's webhooks are those whose URL starts with this dashboard's receiving address
(``DASHBOARD_URL`` + ``/hooks/webwork/``); the workspace's other webhooks are never touched.
Every write is audited (``webhook.register``, ``webhook.remove``) and sent with the signed-in
manager's own connection.
"""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.webwork.errors import WebworkError, WebworkNotFound
from dashboard.webwork.records import Webhook

from .models import Registration

EVENTS = (
    "member.invited",
    "member.updated",
    "member.deleted",
    "member.activated",
    "member.archived",
    "project.created",
    "project.updated",
    "project.deleted",
)
LABEL = "The dashboard's webhook"
URL_MAX_LENGTH = 255  # WebWork's general string limit (NOTES.md, "Validation errors")
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}

# (what, whether it worked, what WebWork or the dashboard said): one per webhook touched.
Item = tuple[str, bool, str]


def base_url() -> str:
    return str(getattr(settings, "DASHBOARD_URL", "") or "").strip().rstrip("/")


def receiving_prefix() -> str:
    """What every receiving URL of this dashboard starts with."""
    zero = uuid.UUID(int=0)
    path = reverse("hooks:receive", kwargs={"hook_key": zero})
    return base_url() + path[: path.index(str(zero))]


def receiving_url(key: uuid.UUID) -> str:
    return base_url() + reverse("hooks:receive", kwargs={"hook_key": key})


def address_problem() -> str:
    """Why WebWork could not deliver to this dashboard's address, or "" when it could."""
    base = base_url()
    if not base:
        return (
            "DASHBOARD_URL is not set: WebWork needs this dashboard's public address "
            "(e.g. https://dashboard.example.com) to deliver its events to."
        )
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"DASHBOARD_URL ({base}) is not an http or https address."
    if parts.username or parts.password or parts.query or parts.fragment:
        return f"DASHBOARD_URL ({base}) must be a plain address, without a query or credentials."
    webwork_host = urlsplit(settings.WEBWORK_API_BASE_URL).hostname or ""
    if _is_loopback(parts.hostname):
        if not _is_loopback(webwork_host):
            return (
                f"DASHBOARD_URL ({base}) is this machine's own loopback address, which WebWork "
                "cannot reach: set it to the dashboard's public address."
            )
    elif parts.scheme != "https":
        return f"DASHBOARD_URL ({base}) must use https: deliveries carry workspace data."
    if len(receiving_url(uuid.uuid4())) > URL_MAX_LENGTH:
        return (
            f"DASHBOARD_URL is too long: WebWork takes URLs of up to {URL_MAX_LENGTH} characters."
        )
    return ""


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Standing:
    """Where the workspace's webhook stands, here and in WebWork."""

    registration: Registration | None  # the one this dashboard holds the secret of
    webhook: Webhook | None  # WebWork's record of it, if WebWork lists it
    strays: tuple[Webhook, ...]  # at this dashboard's address, secret unknown here
    others: int  # the workspace's webhooks elsewhere, left alone
    fetched_at: datetime | None
    missing_events: tuple[str, ...] = field(default=())

    @property
    def state(self) -> str:
        if self.registration is not None and self.webhook is not None:
            return "registered"
        if self.registration is not None:
            return "gone"
        if self.strays:
            return "stray"
        return "none"


def standing(request: DashboardRequest, *, refresh: bool = False) -> Standing:
    assert request.workspace is not None
    listed = request.webwork.webhooks.all(refresh=refresh)
    prefix = receiving_prefix()
    ours = [h for h in listed.items if h.url.startswith(prefix)]
    registration = Registration.current(request.workspace.id)
    webhook = next(
        (h for h in ours if registration and h.id == registration.webhook_id),
        None,
    )
    missing = tuple(e for e in EVENTS if webhook is not None and e not in webhook.events)
    return Standing(
        registration=registration,
        webhook=webhook,
        strays=tuple(h for h in ours if h is not webhook),
        others=len(listed.items) - len(ours),
        fetched_at=listed.fetched_at,
        missing_events=missing,
    )


class NoSecret(Exception):
    """WebWork created the webhook but sent no secret, so no delivery could be verified."""


def register(request: DashboardRequest) -> tuple[Registration, list[Item]]:
    """Register a new webhook, then remove the ones it replaces; answers what was removed.

    The row is written before WebWork is asked, so its key exists as soon as WebWork may
    deliver; it becomes the registration once WebWork's answer (id and secret) is stored.
    """
    workspace = request.workspace
    assert workspace is not None
    ww = request.webwork
    before = ww.webhooks.all(refresh=True).items
    key = uuid.uuid4()
    url = receiving_url(key)
    pending = Registration.objects.create(
        key=key,
        workspace_id=workspace.id,
        workspace_name=workspace.name,
        url=url,
        events=list(EVENTS),
        registered_by=request.user,
    )
    summary = {"url": url, "events": list(EVENTS)}
    try:
        target = ("webhook", "", LABEL)
        with audited(request, "webhook.register", target=target, summary=summary) as entry:
            hook = ww.webhooks.create(url=url, events=EVENTS)
            entry.target_id = hook.id
            if not hook.secret:
                entry.message = "WebWork sent no secret"
    except WebworkError:
        pending.delete()
        raise
    if not hook.secret:
        _remove_upstream(request, hook.id)
        pending.delete()
        raise NoSecret(
            "WebWork created the webhook but sent no secret to verify its deliveries with; it "
            "was removed again."
        )
    pending.webhook_id = hook.id
    pending.set_secret(hook.secret)
    pending.save(update_fields=["webhook_id", "secret_sealed"])
    return pending, _replace_older(request, pending, before)


def _replace_older(
    request: DashboardRequest, newest: Registration, before: tuple[Webhook, ...] | list[Webhook]
) -> list[Item]:
    """Remove what ``newest`` replaces: older rows of the workspace, and webhooks at this
    dashboard's address that no newer row holds (a registration made at the same moment by
    another manager is newer, and stays)."""
    prefix = receiving_prefix()
    rows = Registration.objects.filter(workspace_id=newest.workspace_id)
    newer_ids = set(rows.filter(pk__gte=newest.pk).values_list("webhook_id", flat=True))
    items: list[Item] = []
    for old in rows.filter(pk__lt=newest.pk):
        if old.webhook_id:
            ok, said = _remove_upstream(request, old.webhook_id)
            items.append((f"Webhook {old.webhook_id}", ok, said))
            if not ok:
                continue
        old.delete()
    handled = {name for name, _, _ in items}
    for hook in before:
        name = f"Webhook {hook.id}"
        if hook.url.startswith(prefix) and hook.id not in newer_ids and name not in handled:
            ok, said = _remove_upstream(request, hook.id)
            items.append((name, ok, said))
    return items


def remove(request: DashboardRequest) -> list[Item]:
    """Remove every webhook of the dashboard in the workspace, in WebWork and here."""
    workspace = request.workspace
    assert workspace is not None
    prefix = receiving_prefix()
    listed = request.webwork.webhooks.all(refresh=True).items
    items: list[Item] = []
    done: set[str] = set()
    for row in Registration.objects.filter(workspace_id=workspace.id):
        if row.webhook_id:
            ok, said = _remove_upstream(request, row.webhook_id)
            items.append((f"Webhook {row.webhook_id}", ok, said))
            done.add(row.webhook_id)
            if not ok:
                continue
        row.delete()
    for hook in listed:
        if hook.url.startswith(prefix) and hook.id not in done:
            ok, said = _remove_upstream(request, hook.id)
            items.append((f"Webhook {hook.id}", ok, said))
    return items


def _remove_upstream(request: DashboardRequest, webhook_id: str) -> tuple[bool, str]:
    """DELETE one webhook, audited; one WebWork no longer has counts as removed."""
    target = ("webhook", webhook_id, LABEL)
    try:
        with audited(request, "webhook.remove", target=target) as entry:
            entry.message = request.webwork.webhooks.delete(webhook_id)
    except WebworkNotFound:
        return True, "WebWork no longer had it."
    except WebworkError as exc:
        return False, f"WebWork said: {exc.message}"
    return True, entry.message or "Removed."
