"""Chat incoming webhooks: the URL checked, kept encrypted, posted to a real local server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from dashboard.audit.models import AuditEntry
from dashboard.outbox import delivery
from dashboard.outbox.chat import validate_webhook_url
from dashboard.outbox.mail import enqueue_chat
from dashboard.outbox.models import Message

pytestmark = pytest.mark.django_db


class Chat(ThreadingHTTPServer):
    status = 200
    answer = b"ok"
    posts: list[tuple[str, dict]]


class Receiver(BaseHTTPRequestHandler):
    server: Chat

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.posts.append((self.path, json.loads(self.rfile.read(length))))
        self.send_response(self.server.status)
        self.send_header("Content-Length", str(len(self.server.answer)))
        self.end_headers()
        self.wfile.write(self.server.answer)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def chat(settings) -> Iterator[Chat]:
    settings.DEBUG = True  # plain HTTP to this machine is allowed only then
    server = Chat(("127.0.0.1", 0), Receiver)
    server.posts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def hook(chat: Chat) -> str:
    return f"http://127.0.0.1:{chat.server_address[1]}/services/T000/B000/secret-part"


def test_a_post_reaches_the_webhook_and_the_url_is_forgotten(chat, manager):
    message = enqueue_chat(url=hook(chat), text="3 timesheets wait.", purpose="alert", user=manager)
    assert message.recipient == "127.0.0.1"
    assert "secret-part" not in message.chat_url  # encrypted at rest
    delivery.deliver_due()
    message.refresh_from_db()
    assert chat.posts == [("/services/T000/B000/secret-part", {"text": "3 timesheets wait."})]
    assert message.status == "sent" and message.chat_url == ""
    entry = AuditEntry.objects.get(action="outbox.chat")
    assert entry.outcome == "ok"
    assert "secret-part" not in str(entry.summary) + entry.target_label + entry.upstream_message


def test_a_chat_in_trouble_is_tried_again(chat):
    chat.status, chat.answer = 503, b"service unavailable"
    message = enqueue_chat(url=hook(chat), text="Hello", purpose="alert")
    delivery.deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.last_error == "HTTP 503 service unavailable"
    assert message.chat_url  # kept for the next attempt


def test_a_webhook_that_is_gone_fails_at_once(chat):
    chat.status, chat.answer = 404, b"no_service"
    message = enqueue_chat(url=hook(chat), text="Hello", purpose="alert")
    delivery.deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error == "HTTP 404 no_service" and message.chat_url == ""


def test_the_same_key_posts_once(chat):
    enqueue_chat(url=hook(chat), text="Hello", purpose="alert", key="alert:ws7:2026-12-01")
    enqueue_chat(url=hook(chat), text="Hello", purpose="alert", key="alert:ws7:2026-12-01")
    delivery.deliver_due()
    assert len(chat.posts) == 1 and Message.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.com/services/x",  # not HTTPS
        "https://127.0.0.1/hook",  # this machine
        "https://10.0.0.5/hook",  # a private network
        "https://[::1]/hook",
        "https://user:pass@hooks.slack.com/services/x",
        "https://hooks.slack.com:99999/x",
        "ftp://hooks.slack.com/x",
        "hooks.slack.com/services/x",
    ],
)
def test_it_refuses_urls_outside_debug(settings, url):
    settings.DEBUG = False
    with pytest.raises(ValidationError):
        validate_webhook_url(url)
    with pytest.raises(ValidationError):
        enqueue_chat(url=url, text="Hello", purpose="alert")
    assert not Message.objects.exists()


def test_plain_http_to_this_machine_needs_debug(settings):
    settings.DEBUG = False
    with pytest.raises(ValidationError):
        validate_webhook_url("http://127.0.0.1:9000/hook")
    settings.DEBUG = True
    assert validate_webhook_url("http://127.0.0.1:9000/hook") == "127.0.0.1"
    with pytest.raises(ValidationError):
        validate_webhook_url("http://example.com/hook")


def test_it_accepts_an_https_webhook(settings):
    settings.DEBUG = False
    assert validate_webhook_url("https://hooks.slack.com/services/T/B/x") == "hooks.slack.com"
