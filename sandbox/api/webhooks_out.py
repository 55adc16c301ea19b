"""Delivery of webhook events, signed with the webhook's token.

Each delivery is a JSON POST whose raw body is signed with HMAC-SHA256 under the token
returned when the webhook was created; the hex digest is sent as
``X-Webwork-Signature: sha256=<hex>``. Deliveries run in one background thread, in order,
after the database transaction commits, one attempt each, and are logged in memory for the
control plane (``GET /__sandbox__/webhook-deliveries``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import uuid
from typing import Any

import httpx
from django.db import transaction

from sandbox.api.present import iso
from sandbox.runtime import clock
from sandbox.runtime.state import STATE
from sandbox.workspace.models import Webhook, Workspace

SIGNATURE_HEADER = "X-Webwork-Signature"
log = logging.getLogger("sandbox.webhooks")


def sign(token: str, body: bytes) -> str:
    return "sha256=" + hmac.new(token.encode(), body, hashlib.sha256).hexdigest()


def emit(workspace: Workspace, event: str, data: dict[str, Any]) -> None:
    """Queue ``event`` for every webhook of ``workspace`` subscribed to it."""
    hooks = [h for h in Webhook.objects.filter(workspace=workspace) if event in h.events]
    if not hooks:
        return
    delivery_id = str(uuid.uuid4())
    payload = {
        "id": delivery_id,
        "event": event,
        "workspace_id": workspace.pk,
        "created_at": iso(clock.now()),
        "data": data,
    }
    body = json.dumps(payload, ensure_ascii=False).encode()
    targets = [(h.pk, h.url, h.token) for h in hooks]

    transaction.on_commit(lambda: _outbox().put((targets, event, delivery_id, body)))


_queue: queue.Queue[tuple[list[tuple[str, str, str]], str, str, bytes]] | None = None
_queue_lock = threading.Lock()


def _outbox() -> queue.Queue[tuple[list[tuple[str, str, str]], str, str, bytes]]:
    """One delivery thread, started on first use, so events arrive in the order they happened."""
    global _queue
    with _queue_lock:
        if _queue is None:
            _queue = queue.Queue()
            threading.Thread(target=_worker, args=(_queue,), daemon=True).start()
        return _queue


def _worker(outbox: queue.Queue[tuple[list[tuple[str, str, str]], str, str, bytes]]) -> None:
    while True:
        _deliver_all(*outbox.get())


def _deliver_all(
    targets: list[tuple[str, str, str]], event: str, delivery: str, body: bytes
) -> None:
    with httpx.Client(timeout=5.0) as client:
        for hook_id, url, token in targets:
            record: dict[str, Any] = {
                "delivery_id": delivery,
                "webhook_id": hook_id,
                "url": url,
                "event": event,
                "at": iso(clock.now()),
                "status": None,
                "error": None,
            }
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "WebWork-Sandbox-Webhooks/1.0",
                "X-Webwork-Event": event,
                "X-Webwork-Delivery": delivery,
                SIGNATURE_HEADER: sign(token, body),
            }
            try:
                record["status"] = client.post(url, content=body, headers=headers).status_code
            except httpx.HTTPError as exc:
                record["error"] = type(exc).__name__
                log.info("Webhook delivery of %s to %s failed: %s", event, url, type(exc).__name__)
            STATE.record_delivery(record)
