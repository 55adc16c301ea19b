"""Queueing messages: the outbox's whole interface for other apps.

::

    from dashboard.outbox.mail import enqueue

    enqueue(to=user.email, subject="Waiting for you today", text=text, html=html,
            purpose="digest", key=f"digest:user{user.pk}:{slot:%Y-%m-%dT%H:%M}", user=user,
            workspace_id=workspace_id)

The row is written in the caller's transaction; once that commits, a task delivers what is due.
A ``key`` makes the call idempotent: the second call with one key answers the first message and
sends nothing more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from dashboard.core import sealing

from . import chat, tasks
from .models import Message

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

MAX_SUBJECT = 255
MAX_BODY = 1_000_000  # characters of text or HTML: a digest, not an attachment


def enqueue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    purpose: str,
    key: str | None = None,
    user: AbstractBaseUser | None = None,
    workspace_id: int | None = None,
) -> Message:
    """Queue one e-mail to ``to``; ``ValidationError`` for a bad address, subject or body."""
    to = to.strip()
    validate_email(to)
    if not subject.strip() or len(subject) > MAX_SUBJECT or "\n" in subject or "\r" in subject:
        raise ValidationError("A subject is one line of at most 255 characters.")
    _check_body(text, html, purpose)
    fields = {
        "channel": Message.Channel.EMAIL,
        "recipient": to,
        "subject": subject,
        "text": text,
        "html": html,
    }
    return _queue(fields, purpose=purpose, key=key, user=user, workspace_id=workspace_id)


def enqueue_chat(
    *,
    url: str,
    text: str,
    purpose: str,
    key: str | None = None,
    user: AbstractBaseUser | None = None,
    workspace_id: int | None = None,
) -> Message:
    """Queue one post to a chat incoming webhook (``{"text": text}``); the URL is checked now
    (HTTPS to a public host) and kept encrypted until the post is settled."""
    host = chat.validate_webhook_url(url)
    _check_body(text, "", purpose)
    fields = {
        "channel": Message.Channel.CHAT,
        "recipient": host,
        "chat_url": sealing.seal(url),
        "text": text,
    }
    return _queue(fields, purpose=purpose, key=key, user=user, workspace_id=workspace_id)


def _check_body(text: str, html: str, purpose: str) -> None:
    if not text.strip():
        raise ValidationError("A message needs a text body.")
    if len(text) > MAX_BODY or len(html) > MAX_BODY:
        raise ValidationError("A message body is at most a million characters.")
    if not purpose or len(purpose) > 32:
        raise ValidationError("A purpose is a short word such as digest, alert or reminder.")


def _queue(
    fields: dict[str, Any],
    *,
    purpose: str,
    key: str | None,
    user: AbstractBaseUser | None,
    workspace_id: int | None,
) -> Message:
    if key is not None and not 0 < len(key) <= 255:
        raise ValidationError("A message key is 1 to 255 characters long.")
    values = {**fields, "purpose": purpose, "user": user, "workspace_id": workspace_id}
    if key is None:
        message = Message.objects.create(**values)
    else:
        existing = Message.objects.filter(key=key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                message = Message.objects.create(key=key, **values)
        except IntegrityError:
            return Message.objects.get(key=key)  # queued at the same moment by another process
    tasks.deliver_soon()
    return message
