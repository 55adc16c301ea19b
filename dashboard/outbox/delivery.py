"""Sending what the outbox holds: claim, send, settle, audit.

Each message is sent once however many workers run. A worker claims due rows in one short
transaction (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, where rows another worker is
claiming are passed over; SQLite runs one writer at a time) and a conditional UPDATE that only
succeeds for rows still due, so two workers never both hold one. A claim is a lease: a worker that
dies mid-send leaves the row ``sending`` until the lease runs out, and then it is due again. Every
write after the send is conditional on still holding the claim.

SMTP's refusal of a recipient with a 5xx reply fails the message at once; 4xx replies, refused
or dropped connections and timeouts are tried again after 1, 2, 4, 8 and 16 minutes, six
attempts in all. ``last_error`` keeps the server's own reply ("450 4.2.0 Mailbox busy").
"""

from __future__ import annotations

import contextlib
import logging
import secrets as random
import smtplib
import time
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dashboard.audit.log import record
from dashboard.core import sealing

from . import chat
from .models import Message

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)
LEASE = timedelta(minutes=5)  # far longer than one send may take (EMAIL_TIMEOUT, chat.TIMEOUT)
BATCH = 20
Status = Message.Status


class Failure(Exception):
    """An attempt that did not deliver; ``permanent`` when another cannot help."""

    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 1, 2, 4, 8, 16 minutes."""
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)


def due() -> Q:
    now = timezone.now()
    queued = Q(status=Status.QUEUED, next_attempt_at__lte=now)
    abandoned = Q(status=Status.SENDING, lease_until__lt=now)  # its worker died mid-send
    return queued | abandoned


def claim(limit: int = BATCH, holder: str = "") -> list[Message]:
    """Take up to ``limit`` due messages for this worker; nobody else holds them until they are
    settled or the lease runs out."""
    holder = holder or random.token_hex(8)
    with transaction.atomic():
        ids = list(
            Message.objects.filter(due())
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return []
        Message.objects.filter(due(), id__in=ids).update(
            status=Status.SENDING, claimed_by=holder, lease_until=timezone.now() + LEASE
        )
    return list(Message.objects.filter(id__in=ids, claimed_by=holder, status=Status.SENDING))


def deliver_due(limit: int = 500) -> int:
    """Send due messages, a batch at a time, until none is due or ``limit`` were handled."""
    handled = 0
    connection = None
    try:
        while handled < limit:
            batch = claim(min(BATCH, limit - handled))
            if not batch:
                break
            if connection is None and any(m.channel == Message.Channel.EMAIL for m in batch):
                connection = _open_mailer()
            for message in batch:
                send(message, connection)
                handled += 1
    finally:
        if connection is not None:
            _close(connection)
    return handled


def _open_mailer() -> BaseEmailBackend:
    """The default mailer, its connection opened for a batch (or, if it will not open now, to be
    opened by each message, which then fails on its own)."""
    connection = mailers.default
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.open()
    return connection


def send(message: Message, connection: BaseEmailBackend | None = None) -> None:
    """One attempt at a claimed message, then its new state and one audit entry."""
    started = time.monotonic()
    try:
        if message.channel == Message.Channel.CHAT:
            _post_chat(message)
        else:
            _send_email(message, connection)
    except Failure as failure:
        _settle_failure(message, failure, started)
    else:
        _settle_success(message, started)


def _send_email(message: Message, connection: BaseEmailBackend | None) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Auto-Submitted": "auto-generated", "X-Outbox-Purpose": message.purpose},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    connection = connection or mailers.default
    try:
        connection.send_messages([email])
    except smtplib.SMTPRecipientsRefused as exc:
        replies = list(exc.recipients.values())
        raise Failure(_replies(replies), all(code >= 500 for code, _ in replies)) from exc
    except smtplib.SMTPResponseException as exc:
        # A 5xx to the message itself (DATA refused) stands; a 5xx to our sender address or our
        # login is the configuration's, which may be put right, so it is tried again.
        permanent = exc.smtp_code >= 500 and isinstance(exc, smtplib.SMTPDataError)
        raise Failure(_replies([(exc.smtp_code, exc.smtp_error)]), permanent) from exc
    except (smtplib.SMTPException, OSError) as exc:
        # The connection is gone or never was: the next message opens a new one.
        _close(connection)
        raise Failure(_connection_error(exc), permanent=False) from exc


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        log.debug("closing a broken SMTP connection failed", exc_info=True)


def _replies(replies: Sequence[tuple[int, bytes | str]]) -> str:
    said = []
    for code, text in replies:
        words = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        said.append(f"{code} {' '.join(words.split())}")
    return "; ".join(dict.fromkeys(said))[:1000]


def _connection_error(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:1000] if text else type(exc).__name__


def _post_chat(message: Message) -> None:
    url = sealing.unseal_or_blank(message.chat_url)
    if not url:
        raise Failure("The webhook URL cannot be read with the configured keys.", permanent=True)
    try:
        chat.post(url, message.text)
    except chat.ChatError as exc:
        raise Failure(exc.message, exc.permanent) from exc
    except Exception as exc:  # a URL that passed at enqueue but not now (DEBUG turned off)
        raise Failure(_connection_error(exc), permanent=True) from exc


def _settle_success(message: Message, started: float) -> None:
    now = timezone.now()
    attempts = message.attempts + 1
    updated = _held(message).update(
        status=Status.SENT,
        attempts=attempts,
        sent_at=now,
        last_error="",
        chat_url="",
        claimed_by="",
        lease_until=None,
    )
    _audit(message, attempts, "ok", "", started, settled=bool(updated))


def _settle_failure(message: Message, failure: Failure, started: float) -> None:
    attempts = message.attempts + 1
    final = failure.permanent or attempts >= MAX_ATTEMPTS
    changes: dict[str, object] = {
        "attempts": attempts,
        "last_error": failure.message,
        "claimed_by": "",
        "lease_until": None,
    }
    if final:
        changes |= {"status": Status.FAILED, "chat_url": ""}
    else:
        changes |= {
            "status": Status.QUEUED,
            "next_attempt_at": timezone.now() + backoff(attempts),
        }
    updated = _held(message).update(**changes)
    _audit(message, attempts, "failed", failure.message, started, settled=bool(updated))
    if not final:
        log.info("outbox message %s: attempt %d failed, retrying", message.pk, attempts)


def _held(message: Message) -> QuerySet[Message]:
    return Message.objects.filter(pk=message.pk, claimed_by=message.claimed_by)


def _audit(
    message: Message, attempts: int, outcome: str, error: str, started: float, *, settled: bool
) -> None:
    summary: dict[str, object] = {
        "purpose": message.purpose,
        "channel": message.channel,
        "attempt": attempts,
    }
    if not settled:
        summary["lease"] = "ran out during the attempt"
    record(
        user=message.user,
        action=f"outbox.{message.channel}",
        outcome=outcome,
        target=("message", message.pk, f"{message.purpose} to {message.recipient}"),
        workspace_id=message.workspace_id,
        summary=summary,
        message=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
