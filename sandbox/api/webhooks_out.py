"""Delivery of webhook events, signed with the webhook's token.

Each delivery is a JSON POST whose raw body is signed with HMAC-SHA256 under the token
returned when the webhook was created; the hex digest is sent as
``X-Webwork-Signature: sha256=<hex>``. Deliveries run in one background thread, in order,
after the database transaction commits, one attempt each, and are logged in memory for the
control plane (``GET /__sandbox__/webhook-deliveries``).

Which change fires which event (NOTES.md, "Webhook deliveries"): members invited, updated and
archived, and project viewers (who are listed among the members) created, archived and restored,
fire ``member.*``; projects created, updated and archived fire ``project.*``. ``data`` is the
record as ``GET /members/{id}`` or ``GET /projects/{id}`` shows it to someone without rate
visibility, whoever made the change: a delivery goes to a URL, not to a person.
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

from sandbox.api.present import iso, member_json, project_json
from sandbox.runtime import clock
from sandbox.runtime.state import STATE
from sandbox.workspace.models import Contract, Membership, Project, Webhook, Workspace

SIGNATURE_HEADER = "X-Webwork-Signature"
log = logging.getLogger("sandbox.webhooks")


def sign(token: str, body: bytes) -> str:
    return "sha256=" + hmac.new(token.encode(), body, hashlib.sha256).hexdigest()


def emit_member(workspace: Workspace, event: str, membership: Membership) -> None:
    """A ``member.*`` event about ``membership`` (a member or a project viewer)."""
    if _subscribed(workspace, event):
        emit(workspace, event, member_json(membership, show_rates=False))


def emit_project(workspace: Workspace, event: str, project: Project) -> None:
    """A ``project.*`` event about ``project``."""
    if _subscribed(workspace, event):
        count = project.contracts.filter(status=Contract.Status.ACTIVE).count()
        emit(workspace, event, project_json(project, show_rates=False, contracts_count=count))


def _subscribed(workspace: Workspace, event: str) -> list[Webhook]:
    return [h for h in Webhook.objects.filter(workspace=workspace) if event in h.events]


def emit(workspace: Workspace, event: str, data: dict[str, Any]) -> None:
    """Queue ``event`` for every webhook of ``workspace`` subscribed to it."""
    hooks = _subscribed(workspace, event)
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
