"""Webhook registrations (owners and executive managers only)."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpResponse

from sandbox.api.envelope import Page, not_found, ok
from sandbox.api.inputs import Inputs, given
from sandbox.api.operation import Ctx, operation
from sandbox.api.present import webhook_json
from sandbox.workspace.models import Webhook

EVENTS = (
    "tracker.started",
    "tracker.stopped",
    "member.invited",
    "member.updated",
    "member.deleted",
    "member.activated",
    "member.archived",
    "project.created",
    "project.updated",
    "project.deleted",
)


def _hook(ctx: Ctx, webhook_id: str) -> Webhook:
    hook = Webhook.objects.filter(workspace=ctx.workspace, pk=webhook_id).first()
    if hook is None:
        raise not_found("Webhook")
    return hook


def _url(b: Inputs, *, required: bool) -> str | None:
    url = b.text("url", required=required)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            b.fail("url", "The url field must be a valid http or https URL.")
            return None
    return url


def _events(b: Inputs, *, required: bool) -> list[str] | None:
    value: Any = b.source.get("events")
    if value is None:
        if required:
            b.fail("events", "The events field is required.")
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        b.fail("events", "The events field must be a non-empty list.")
        return None
    if any(not isinstance(event, str) or event not in EVENTS for event in value):
        b.fail("events", "The selected events are invalid.")
        return None
    return list(dict.fromkeys(value))


@operation(manager_only=True)
def list_webhooks(ctx: Ctx) -> HttpResponse:
    """GET /webhooks."""
    page, per_page = ctx.query.page()
    ctx.query.check()
    rows = Webhook.objects.filter(workspace=ctx.workspace).order_by("created_at", "pk")
    result = Page(rows, page, per_page)
    return ok([webhook_json(h) for h in result.items], pagination=result.pagination)


@operation(manager_only=True)
def create_webhook(ctx: Ctx) -> HttpResponse:
    """POST /webhooks: JSON or form body; the answer carries the signing token."""
    url = _url(ctx.body, required=True)
    events = _events(ctx.body, required=True)
    ctx.body.check()
    hook = Webhook.objects.create(
        workspace=ctx.workspace,
        url=given(url),
        events=given(events),
        token=f"whsec_{secrets.token_hex(16)}",
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    return ok(webhook_json(hook), message="Webhook created successfully")


@operation(manager_only=True)
def get_webhook(ctx: Ctx, webhook_id: str) -> HttpResponse:
    """GET /webhooks/{webhookId}."""
    return ok(webhook_json(_hook(ctx, webhook_id)))


@operation(manager_only=True)
def update_webhook(ctx: Ctx, webhook_id: str) -> HttpResponse:
    """PUT /webhooks/{webhookId}: url and/or events."""
    hook = _hook(ctx, webhook_id)
    url = _url(ctx.body, required=True)
    events = _events(ctx.body, required=False)
    ctx.body.check()
    hook.url = url or hook.url
    hook.events = events or hook.events
    hook.updated_at = ctx.now
    hook.save()
    return ok(webhook_json(hook), message="Webhook updated successfully")


@operation(manager_only=True)
def delete_webhook(ctx: Ctx, webhook_id: str) -> HttpResponse:
    """DELETE /webhooks/{webhookId}."""
    _hook(ctx, webhook_id).delete()
    return ok(None, message="Webhook deleted successfully")
