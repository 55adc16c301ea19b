"""Webhooks of the workspace. Only tracker, member and project events exist upstream."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.webwork.records import Webhook
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource, segment
from dashboard.webwork.resources.replies import record_or_none

_TOUCHES = ("webhooks",)


_webhook_or_none = record_or_none(Webhook.from_json)


class Webhooks(Resource):
    def list(self, *, page: int = 1, per_page: int = 20, refresh: bool = False) -> Page[Webhook]:
        """GET /webhooks: list webhooks."""
        params = {"page": page, "per_page": per_page}
        return self._api.list_page(
            "webhooks", "/webhooks", params, Webhook.from_json, refresh=refresh
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
