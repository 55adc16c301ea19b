"""What the local SMTP sink caught: the maildir that aiosmtpd's ``Mailbox`` handler writes.

``manage.py demo`` runs ``python -m aiosmtpd -c aiosmtpd.handlers.Mailbox <MAIL_SINK_DIR>`` and
points mail at it, so the outbox page can show a newcomer the digest without any mail server.
"""

from __future__ import annotations

import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings

MAX_BYTES = 1024 * 1024  # of one caught message that is read
MAX_TEXT = 20_000  # characters of its text shown


@dataclass(frozen=True)
class Caught:
    """One message as the sink received it."""

    received: datetime | None
    sender: str
    recipients: str
    subject: str
    purpose: str
    text: str


def sink_dir() -> Path | None:
    """The sink's maildir, when this instance runs one (the demo does)."""
    configured = getattr(settings, "MAIL_SINK_DIR", "")
    return Path(configured) if configured else None


def caught(limit: int = 20) -> list[Caught]:
    """The latest ``limit`` messages in the sink's maildir, newest first."""
    root = sink_dir()
    if root is None:
        return []
    files = [
        path for box in ("new", "cur") if (root / box).is_dir() for path in (root / box).iterdir()
    ]
    files.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    return [_read(path) for path in files[:limit]]


def _read(path: Path) -> Caught:
    with path.open("rb") as file:
        raw = file.read(MAX_BYTES)
    message = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return Caught(
        received=_date(message),
        sender=str(message.get("From", "")),
        recipients=str(message.get("X-RcptTo") or message.get("To", "")),
        subject=str(message.get("Subject", "")),
        purpose=str(message.get("X-Outbox-Purpose", "")),
        text=_text(message)[:MAX_TEXT],
    )


def _date(message: EmailMessage) -> datetime | None:
    try:
        return parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        return None


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        return str(body.get_content())
    except (LookupError, ValueError):
        return ""
