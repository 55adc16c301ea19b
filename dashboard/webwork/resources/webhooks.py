"""Webhooks of the workspace. Only tracker, member and project events exist upstream."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.webwork.records import Webhook
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource, segment
from dashboard.webwork.resources.replies import record_or_none
from dashboard.webwork.transport.cache import LIST_TTL, invalidate_workspace

_TOUCHES = ("webhooks",)

# What an announced change makes stale, by event family: what the dashboard's own writes of that
# kind touch (members.py, projects.py), and viewers for members, since viewers are members too.
ANNOUNCED: dict[str, tuple[str, ...]] = {
    "member": ("members", "contracts", "viewers"),
    "project": ("projects", "contracts", "viewers", "tasks"),
}


def invalidate_announced(workspace_id: int, event: str) -> tuple[str, ...]:
    """Orphan the cached reads ``event`` makes stale in ``workspace_id``, for every user.

    Answers the resources invalidated: none for an event that changes nothing the dashboard
    caches (``tracker.*``). A cache failure is raised.
    """
    touched = ANNOUNCED.get(event.partition(".")[0], ())
    if touched:
        invalidate_workspace(workspace_id, *touched)
    return touched


_webhook_or_none = record_or_none(Webhook.from_json)


class Webhooks(Resource):
    def list(self, *, page: int = 1, per_page: int = 20, refresh: bool = False) -> Page[Webhook]:
        """GET /webhooks: list webhooks."""
        params = {"page": page, "per_page": per_page}
        return self._api.list_page(
            "webhooks", "/webhooks", params, Webhook.from_json, refresh=refresh
        )

    def all(self, *, refresh: bool = False) -> Page[Webhook]:
        """Every webhook of the workspace (every page), cached as a list is."""
        return self._api.all_pages(
            "webhooks", "/webhooks", {}, Webhook.from_json, refresh=refresh, ttl=LIST_TTL
        )

    def get(self, webhook_id: str) -> Webhook:
        """GET /webhooks/{webhookId}: one webhook."""
        return self._api.one(f"/webhooks/{segment(webhook_id)}", Webhook.from_json)

    def create(self, *, url: str, events: Sequence[str]) -> Webhook:
        """POST /webhooks: register a callback; the answer carries the signing ``secret`` once."""
        body = {"url": url, "events": list(events)}
        return self._api.created("POST", "/webhooks", body, Webhook.from_json, touches=_TOUCHES)

    def update(
        self, webhook_id: str, *, url: str, events: Sequence[str] | None = None
    ) -> Webhook | None:
        """PUT /webhooks/{webhookId}: change the URL or the events."""
        body = {"url": url, "events": None if events is None else list(events)}
        path = f"/webhooks/{segment(webhook_id)}"
        return self._api.write("PUT", path, body, _webhook_or_none, touches=_TOUCHES)

    def delete(self, webhook_id: str) -> str:
        """DELETE /webhooks/{webhookId}: remove a webhook."""
        path = f"/webhooks/{segment(webhook_id)}"
        return self._api.action("DELETE", path, {}, touches=_TOUCHES)
