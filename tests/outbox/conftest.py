"""A real SMTP server (aiosmtpd) on a free port, whose replies a test may script."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bench.servers import free_port


@dataclass
class Sink:
    """What the SMTP server caught; ``refuse_rcpt``/``refuse_data`` make it answer that reply."""

    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse_rcpt: str = ""
    refuse_data: str = ""
    port: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_data:
            return self.refuse_data
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(message)  # type: ignore[arg-type]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def use_smtp(settings, port: int) -> None:
    """Send through Django's SMTP backend to 127.0.0.1:``port`` (tests default to locmem)."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "WebWork dashboard <dashboard@example.test>"


@pytest.fixture
def smtp(settings):
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    use_smtp(settings, sink.port)
    yield sink
    controller.stop()


@pytest.fixture
def no_smtp(settings):
    """Nothing listens on the port mail goes to: every connection is refused."""
    use_smtp(settings, free_port())
