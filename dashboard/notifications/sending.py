"""Queueing a digest or an alert in the outbox, and auditing it (recipient and counts, never
the chat URL)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from dashboard.audit.log import record
from dashboard.outbox.mail import enqueue, enqueue_chat

from .content import Rendered
from .models import NotificationSettings


def deliver(
    prefs: NotificationSettings,
    message: Rendered,
    *,
    purpose: str,
    key: str | None,
    summary: dict[str, Any],
) -> None:
    """Queue ``message`` to the user's e-mail (and chat webhook, if set), once per ``key``.

    ``ValidationError`` when the address is not one mail can go to; a chat webhook the outbox
    no longer accepts is left out (and the audit entry says why).
    """
    enqueue(
        to=prefs.email,
        subject=message.subject,
        text=message.text,
        html=message.html,
        purpose=purpose,
        key=key,
        user=prefs.user,
    )
    chat: bool | str = False
    chat_url = prefs.chat_url if prefs.has_chat else ""
    if chat_url:
        chat_key = f"{key}:chat" if key else None
        try:
            enqueue_chat(
                url=chat_url, text=message.chat, purpose=purpose, key=chat_key, user=prefs.user
            )
            chat = True
        except ValidationError as exc:
            chat = " ".join(exc.messages)
    audit(prefs, purpose, "ok", {**summary, "chat": chat})


def audit(
    prefs: NotificationSettings,
    purpose: str,
    outcome: str,
    summary: dict[str, Any],
    message: str = "",
) -> None:
    user = prefs.user
    record(
        user=user,
        action=f"notifications.{purpose}",
        outcome=outcome,
        target=("user", user.pk, prefs.email or user.get_username()),
        summary={"to": prefs.email, **summary},
        message=message,
    )
