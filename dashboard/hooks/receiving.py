"""``POST /hooks/webwork/<key>/``: a delivery from WebWork, verified, then caches invalidated.

No session and no CSRF token: the signature is what authenticates a delivery. The order of the
checks is the order of their cost, and nothing that arrives changes anything until every check
has passed: a refusal only leaves a receipt and an audit entry, each at most once a minute per
reason and webhook (``_note_refusal``), so that a flood of forged requests cannot fill a table.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dashboard.audit.log import record
from dashboard.core import sealing
from dashboard.webwork.resources.webhooks import invalidate_announced

from . import verification as v
from .asgi import TOO_LARGE
from .models import Receipt, Registration, SeenDelivery

log = logging.getLogger(__name__)
LABEL = "The dashboard's webhook"
# A refusal for one reason at one webhook is noted at most this often.
NOTE_EVERY = timedelta(minutes=1)


@csrf_exempt
@login_not_required
@require_POST
def receive(request: HttpRequest, hook_key: uuid.UUID) -> JsonResponse:
    registration = Registration.objects.filter(key=hook_key).first()
    if registration is not None and not registration.is_complete:
        registration = None  # WebWork has not answered its creation yet: no secret to check
    delivery: v.Delivery | None = None
    try:
        if registration is None:
            raise v.unknown()
        body = _capped_body(request)
        signature = v.signature_in(request.headers.get(v.SIGNATURE_HEADER))
        v.check_signature(_secret(registration), body, signature)
        delivery = v.parse(body)
        v.check_headers(delivery, request.headers)
        v.check_workspace(delivery, registration.workspace_id)
        v.check_age(delivery, timezone.now())
        touched = _accept(registration, delivery)
    except v.Refused as refused:
        _note_refusal(request, registration, refused, delivery)
        return JsonResponse(
            {"error": refused.detail, "reason": refused.reason}, status=refused.status
        )
    return JsonResponse({"accepted": delivery.id, "invalidated": list(touched)})


def _capped_body(request: HttpRequest) -> bytes:
    """At most ``MAX_BODY`` bytes: a longer body is refused without reading the rest.

    Under ASGI the body cap in ``asgi.py`` has read it already (Django's handler would read it
    all), and says so in the scope; under WSGI it is read here from the stream.
    """
    if getattr(request, "scope", {}).get(TOO_LARGE):
        raise v.too_large()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > v.MAX_BODY:
        raise v.too_large()
    stream = request.META.get("wsgi.input")
    if not declared and stream is not None and request.META.get("wsgi.input_terminated"):
        # A body without a length (chunked): Django's request reads none of it, but the server
        # says its stream ends where the body does (granian does), so it is read from there.
        body = stream.read(v.MAX_BODY + 1)
    else:
        body = request.read(v.MAX_BODY + 1)
    if len(body) > v.MAX_BODY:
        raise v.too_large()
    return body


def _secret(registration: Registration) -> str:
    try:
        return registration.secret
    except sealing.Unreadable as exc:
        raise v.Refused(
            503,
            "secret_unreadable",
            "The dashboard cannot read this webhook's secret (its key is no longer configured): "
            "register the webhook again.",
        ) from exc


def _accept(registration: Registration, delivery: v.Delivery) -> tuple[str, ...]:
    """Remember the id, invalidate what the event makes stale, keep a receipt: all or nothing."""
    try:
        with transaction.atomic():
            SeenDelivery.objects.create(
                registration=registration,
                delivery_id=delivery.id,
                created_at=delivery.created_at,
            )
            touched = invalidate_announced(registration.workspace_id, delivery.event)
            said = f"Refreshed {', '.join(touched)}." if touched else "Nothing to refresh."
            _receipt(registration, delivery, status=200, reason="accepted", detail=said)
    except IntegrityError as exc:
        raise v.Refused(409, "replayed", "This delivery was accepted before.") from exc
    except Exception as exc:
        log.exception("Webhook delivery %s could not be applied", delivery.id)
        raise v.Refused(
            503, "not_applied", "The dashboard could not apply the delivery; nothing changed."
        ) from exc
    SeenDelivery.objects.filter(created_at__lt=timezone.now() - v.TOLERANCE).delete()
    return touched


def _receipt(
    registration: Registration | None,
    delivery: v.Delivery | None,
    *,
    status: int,
    reason: str,
    detail: str,
) -> None:
    """What the settings page lists; the newest ``Receipt.KEEP`` of a workspace are kept."""
    workspace_id = registration.workspace_id if registration else None
    Receipt.objects.create(
        workspace_id=workspace_id,
        registration=registration,
        event=delivery.event if delivery else "",
        delivery_id=delivery.id if delivery else "",
        verified=status < 300,
        status=status,
        reason=reason,
        detail=detail[:255],
    )
    older = list(
        Receipt.objects.filter(workspace_id=workspace_id).values_list("pk", flat=True)[
            Receipt.KEEP :
        ]
    )
    if older:
        Receipt.objects.filter(pk__in=older).delete()


def _note_refusal(
    request: HttpRequest,
    registration: Registration | None,
    refused: v.Refused,
    delivery: v.Delivery | None,
) -> None:
    """A receipt and an audit entry, unless this webhook refused for this reason a minute ago."""
    recent = Receipt.objects.filter(
        registration=registration,
        reason=refused.reason,
        received_at__gte=timezone.now() - NOTE_EVERY,
    )
    if recent.exists():
        return
    _receipt(
        registration, delivery, status=refused.status, reason=refused.reason, detail=refused.detail
    )
    summary: dict[str, Any] = {"reason": refused.reason, "status": refused.status}
    if delivery is not None:
        summary |= {"event": delivery.event, "delivery_id": delivery.id}
    target = (
        ("webhook", registration.webhook_id, "The dashboard's webhook") if registration else None
    )
    record(
        user=None,
        action="webhook.refused",
        outcome="failed",
        target=target,
        workspace_id=registration.workspace_id if registration else None,
        workspace_name=registration.workspace_name if registration else "",
        summary=summary,
        message=refused.detail,
        request_id=getattr(request, "request_id", ""),
    )
