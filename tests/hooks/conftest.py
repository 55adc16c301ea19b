"""A registration of the dashboard's webhook in workspace 7, and deliveries signed for it."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from dashboard.hooks.models import Registration
from tests.conftest import VIEW_TEST_WORKSPACE

SECRET = "whsec_0123456789abcdef0123456789abcdef"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def payload(event: str = "member.updated", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "event": event,
        "workspace_id": VIEW_TEST_WORKSPACE,
        "created_at": now_iso(),
        "data": {"id": 42, "firstname": "Ada"},
    }
    return body | changes


@dataclass
class Sender:
    """Posts deliveries to one registration as WebWork would, or not quite."""

    client: Any
    registration: Registration

    @property
    def url(self) -> str:
        return reverse("hooks:receive", kwargs={"hook_key": self.registration.key})

    def post(
        self,
        body: dict[str, Any] | bytes,
        *,
        secret: str = SECRET,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
        url: str | None = None,
    ) -> Any:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        parsed = body if isinstance(body, dict) else {}
        sent = {
            "X-Webwork-Event": str(parsed.get("event", "")),
            "X-Webwork-Delivery": str(parsed.get("id", "")),
            "X-Webwork-Signature": signature if signature is not None else sign(secret, raw),
        }
        sent |= headers or {}
        sent = {k: v for k, v in sent.items() if v != ""}
        return self.client.post(
            url or self.url, data=raw, content_type="application/json", headers=sent
        )


@pytest.fixture
def registration(db) -> Registration:
    row = Registration(
        workspace_id=VIEW_TEST_WORKSPACE,
        workspace_name="Acme Studio",
        webhook_id="wh_1",
        url="https://dashboard.test/hooks/webwork/x/",
        events=["member.updated"],
    )
    row.set_secret(SECRET)
    row.save()
    return row


@pytest.fixture
def sender(client, registration: Registration) -> Sender:
    return Sender(client, registration)
