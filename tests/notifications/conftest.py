"""The sandbox as the manager's WebWork (owner of Acme Studio), notification settings, and a
real SMTP server to receive what the outbox sends."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from bench.servers import free_port
from dashboard.accounts.connecting import establish
from dashboard.notifications.models import NotificationSettings
from dashboard.webwork.oauth import TokenSet
from tests.outbox.conftest import Sink, use_smtp

FAST = 6000  # requests a minute: these tests count calls, they do not measure pace
OWNER = "owner@acme.test"
API = ("/api/v2/timesheets", "/api/v2/leaves", "/api/v2/time-requests")


@pytest.fixture
def live(settings, sandbox, manager):
    """The manager connected to the sandbox as the owner of Acme Studio."""
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    settings.DASHBOARD_URL = "https://dashboard.example.test"
    sandbox.set_rate_limit(FAST)
    establish(manager, "token", TokenSet(sandbox.token(OWNER), "", None, ""))
    return sandbox


def join_globex(sandbox, role: str = "Executive manager") -> int:
    """Make the owner of Acme Studio a member of Globex too, with ``role`` there."""
    globex = sandbox.workspace_id("Globex")
    body = {"email": OWNER, "firstname": "Olive", "lastname": "Owner", "role": role}
    with sandbox.api("owner@globex.test") as api:
        api.post("members", params={"workspace_id": globex}, json=body).raise_for_status()
    return globex


def list_calls(sandbox) -> Counter[tuple[int, str]]:
    """The list calls WebWork received, per (workspace, path)."""
    found: Counter[tuple[int, str]] = Counter()
    for call in sandbox.calls(method="GET"):
        if call["path"].rstrip("/") in API:
            found[(int(call["query"]["workspace_id"]), call["path"].rstrip("/"))] += 1
    return found


def waiting_totals(sandbox, workspace: int) -> dict[str, int]:
    """What the sandbox itself says waits in ``workspace`` (asked as its owner)."""
    owner = OWNER if workspace == sandbox.workspace_id() else "owner@globex.test"
    today = timezone.localdate()
    window = {"date_from": today - timedelta(days=365), "date_to": today + timedelta(days=90)}
    asks: dict[str, tuple[str, dict[str, Any]]] = {
        "timesheet": ("timesheets", {"status": "submitted"}),
        "leave": ("leaves", {"status": "pending"}),
        "time_request": ("time-requests", {"status": "pending", **window}),
    }
    totals = {}
    with sandbox.api(owner) as api:
        for kind, (path, params) in asks.items():
            query = {"workspace_id": workspace, "per_page": 1, **params}
            body = api.get(path, params=query).raise_for_status().json()
            meta = body.get("meta") or {}
            totals[kind] = int((meta.get("pagination") or body["pagination"])["total"])
    return totals


@pytest.fixture
def subscribe(manager):
    def make(**values: Any) -> NotificationSettings:
        defaults = {"time_zone": "UTC", "digest_enabled": True, "digest_hour": 8}
        return NotificationSettings.objects.create(user=manager, **(defaults | values))

    return make


@pytest.fixture
def smtp(settings):
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    use_smtp(settings, sink.port)
    yield sink
    controller.stop()
