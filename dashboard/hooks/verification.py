"""Whether a delivery is WebWork's own: the signature over the raw body, its shape, its age.

Each check raises ``Refused`` with the status the receiving endpoint answers and a sentence
saying why (docs/webwork-api/NOTES.md, "Webhook deliveries to the dashboard", lists them).
Nothing here touches the database or the cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

MAX_BODY = 64 * 1024
TOLERANCE = timedelta(minutes=5)
SIGNATURE_HEADER = "X-Webwork-Signature"
EVENT_HEADER = "X-Webwork-Event"
DELIVERY_HEADER = "X-Webwork-Delivery"
_SIGNATURE = re.compile(r"sha256=([0-9a-fA-F]{64})")
_EVENT = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")
_MAX_ID = 128


class Refused(Exception):
    """A delivery the dashboard does not accept; nothing it says has any effect."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.reason, self.detail = status, reason, detail


def unknown() -> Refused:
    return Refused(404, "unknown", "No webhook of this dashboard has this address.")


def too_large() -> Refused:
    return Refused(413, "too_large", f"The body is larger than {MAX_BODY // 1024} KiB.")


@dataclass(frozen=True)
class Delivery:
    """The parts of a ``WebhookDelivery`` the dashboard acts on."""

    id: str
    event: str
    workspace_id: int
    created_at: datetime


def signature_in(header: str | None) -> str:
    """The hex digest ``header`` carries (``sha256=<64 hex digits>``), before any secret is read."""
    if not header:
        raise Refused(401, "unsigned", f"The delivery has no {SIGNATURE_HEADER} header.")
    found = _SIGNATURE.fullmatch(header.strip())
    if found is None:
        raise Refused(
            401, "unreadable_signature", f"{SIGNATURE_HEADER} is not sha256=<64 hex digits>."
        )
    return found.group(1).lower()


def check_signature(secret: str, body: bytes, signature: str) -> None:
    """``signature`` is the hex HMAC-SHA256 of the raw ``body`` under ``secret``, compared in
    constant time."""
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not secret or not hmac.compare_digest(expected, signature):
        raise Refused(
            403, "wrong_signature", "The signature does not match the body and this secret."
        )


def parse(body: bytes) -> Delivery:
    """The delivery in ``body`` (a ``WebhookDelivery`` JSON object), or 400."""
    try:
        raw = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise _malformed("the body is not JSON") from exc
    if not isinstance(raw, dict):
        raise _malformed("the body is not a JSON object")
    delivery_id, event = raw.get("id"), raw.get("event")
    if not isinstance(delivery_id, str) or not 0 < len(delivery_id) <= _MAX_ID:
        raise _malformed("`id` is not a delivery id")
    if not isinstance(event, str) or len(event) > 64 or not _EVENT.fullmatch(event):
        raise _malformed("`event` is not an event name")
    workspace_id = raw.get("workspace_id")
    if not isinstance(workspace_id, int) or isinstance(workspace_id, bool):
        raise _malformed("`workspace_id` is not an integer")
    if not isinstance(raw.get("data"), dict):
        raise _malformed("`data` is not an object")
    return Delivery(delivery_id, event, workspace_id, _moment(raw.get("created_at")))


def check_headers(delivery: Delivery, headers: Any) -> None:
    """The unsigned headers say what the signed body says."""
    for name, value in ((EVENT_HEADER, delivery.event), (DELIVERY_HEADER, delivery.id)):
        if headers.get(name) != value:
            raise Refused(400, "header_mismatch", f"{name} does not match the body.")


def check_workspace(delivery: Delivery, workspace_id: int) -> None:
    if delivery.workspace_id != workspace_id:
        raise Refused(
            400, "other_workspace", "The delivery is about another workspace than this webhook's."
        )


def check_age(delivery: Delivery, now: datetime) -> None:
    """``created_at`` within ``TOLERANCE`` of now, either way (clocks differ a little)."""
    minutes = int(TOLERANCE.total_seconds() // 60)
    if delivery.created_at < now - TOLERANCE:
        raise Refused(400, "stale", f"The delivery was created more than {minutes} minutes ago.")
    if delivery.created_at > now + TOLERANCE:
        raise Refused(
            400, "from_the_future", f"The delivery is dated more than {minutes} minutes ahead."
        )


def _moment(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise _malformed("`created_at` is not a date-time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _malformed("`created_at` is not an ISO 8601 date-time") from exc
    if moment.tzinfo is None:
        raise _malformed("`created_at` has no time zone")
    return moment


def _malformed(why: str) -> Refused:
    return Refused(400, "malformed", f"The body is not a webhook delivery: {why}.")
