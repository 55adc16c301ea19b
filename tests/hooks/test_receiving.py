"""The receiving endpoint: what it accepts, what it refuses (and that a refusal changes nothing),
and what an accepted delivery invalidates for every user of the workspace."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from django.utils import timezone

from dashboard.audit.models import AuditEntry
from dashboard.hooks import receiving
from dashboard.hooks.models import Receipt, Registration, SeenDelivery
from dashboard.webwork.transport.cache import ResponseCache
from tests.conftest import VIEW_TEST_WORKSPACE

from .conftest import SECRET, Sender, payload, sign

pytestmark = pytest.mark.django_db


class Cached:
    """Two users' cached members and projects in the workspace: does a read still hit?"""

    def __init__(self) -> None:
        self.fetches = count()
        # Users of this test alone: a shared cache (Redis) keeps other tests' entries.
        run = uuid.uuid4().hex
        self.caches = [
            ResponseCache(f"webwork-user:1:{run}", VIEW_TEST_WORKSPACE),
            ResponseCache(f"webwork-user:2:{run}", VIEW_TEST_WORKSPACE),
        ]
        self.fetched("members")
        self.fetched("projects")

    def fetched(self, namespace: str) -> list[bool]:
        """For each user, whether reading ``namespace`` went upstream (a miss)."""
        before = next(self.fetches)
        values = [c.get_or_fetch(namespace, {}, lambda: next(self.fetches)) for c in self.caches]
        return [value > before for value in values]


@pytest.fixture
def cached() -> Cached:
    return Cached()


def assert_nothing_changed(cached: Cached) -> None:
    assert cached.fetched("members") == [False, False]
    assert cached.fetched("projects") == [False, False]
    assert not SeenDelivery.objects.exists()


def test_a_verified_member_event_invalidates_members_for_every_user(sender: Sender, cached):
    delivery = payload("member.updated")
    response = sender.post(delivery)
    assert response.status_code == 200
    assert response.json() == {
        "accepted": delivery["id"],
        "invalidated": ["members", "contracts", "viewers"],
    }
    assert cached.fetched("members") == [True, True]
    assert cached.fetched("projects") == [False, False]  # a member event leaves projects alone
    receipt = Receipt.objects.get()
    assert (receipt.verified, receipt.event, receipt.status) == (True, "member.updated", 200)
    assert SeenDelivery.objects.filter(delivery_id=delivery["id"]).exists()


def test_a_project_event_invalidates_projects_and_what_lists_them(sender: Sender, cached):
    response = sender.post(payload("project.deleted"))
    assert response.json()["invalidated"] == ["projects", "contracts", "viewers", "tasks"]
    assert cached.fetched("projects") == [True, True]


def test_an_event_that_changes_nothing_cached_is_acknowledged(sender: Sender, cached):
    response = sender.post(payload("tracker.started"))
    assert response.status_code == 200 and response.json()["invalidated"] == []
    assert cached.fetched("members") == [False, False]


def test_another_workspace_keeps_its_cache(sender: Sender):
    elsewhere = ResponseCache("webwork-user:1", VIEW_TEST_WORKSPACE + 1)
    elsewhere.get_or_fetch("members", {}, lambda: "kept")
    sender.post(payload("member.updated"))
    assert elsewhere.get_or_fetch("members", {}, lambda: "fetched") == "kept"


def tampered(sender: Sender):
    raw = json.dumps(payload()).encode()
    return sender.post(raw.replace(b"Ada", b"Eve"), signature=sign(SECRET, raw))


def stale(sender: Sender):
    old = datetime.now(UTC) - timedelta(minutes=6)
    return sender.post(payload(created_at=old.strftime("%Y-%m-%dT%H:%M:%SZ")))


def future(sender: Sender):
    ahead = datetime.now(UTC) + timedelta(minutes=6)
    return sender.post(payload(created_at=ahead.isoformat()))


def signed_raw(raw: bytes):
    return lambda sender: sender.post(raw, signature=sign(SECRET, raw))


REFUSALS = {
    "unsigned": (lambda s: s.post(payload(), signature=""), 401, "unsigned"),
    "not a signature": (
        lambda s: s.post(payload(), signature="sha1=abc"),
        401,
        "unreadable_signature",
    ),
    "another secret": (lambda s: s.post(payload(), secret="whsec_other"), 403, "wrong_signature"),
    "tampered body": (tampered, 403, "wrong_signature"),
    "malformed JSON": (signed_raw(b'{"id": "1", "event": '), 400, "malformed"),
    "not an object": (signed_raw(b"[1, 2]"), 400, "malformed"),
    "no created_at": (
        lambda s: s.post({k: v for k, v in payload().items() if k != "created_at"}),
        400,
        "malformed",
    ),
    "no time zone": (lambda s: s.post(payload(created_at="2030-01-01T10:00:00")), 400, "malformed"),
    "workspace as text": (lambda s: s.post(payload(workspace_id="7")), 400, "malformed"),
    "headers disagree": (
        lambda s: s.post(payload(), headers={"X-Webwork-Event": "project.created"}),
        400,
        "header_mismatch",
    ),
    "no delivery header": (
        lambda s: s.post(payload(), headers={"X-Webwork-Delivery": ""}),
        400,
        "header_mismatch",
    ),
    "other workspace": (
        lambda s: s.post(payload(workspace_id=VIEW_TEST_WORKSPACE + 1)),
        400,
        "other_workspace",
    ),
    "stale": (stale, 400, "stale"),
    "from the future": (future, 400, "from_the_future"),
    "oversized": (
        lambda s: s.post(payload(data={"blob": "x" * (64 * 1024)})),
        413,
        "too_large",
    ),
    "unknown key": (
        lambda s: s.post(payload(), url=f"/hooks/webwork/{uuid.uuid4()}/"),
        404,
        "unknown",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_delivery_changes_nothing(sender: Sender, cached, case):
    send, status, reason = REFUSALS[case]
    response = send(sender)
    assert response.status_code == status
    assert response.json()["reason"] == reason
    assert_nothing_changed(cached)
    receipt = Receipt.objects.get()
    assert (receipt.verified, receipt.status, receipt.reason) == (False, status, reason)
    entry = AuditEntry.objects.get(action="webhook.refused")
    assert entry.outcome == "failed" and entry.summary["reason"] == reason
    assert entry.upstream_message == response.json()["error"]
    known = case != "unknown key"
    assert entry.workspace_id == (VIEW_TEST_WORKSPACE if known else None)


def test_a_replayed_delivery_is_refused_and_changes_nothing(sender: Sender, cached):
    delivery = payload("member.updated")
    assert sender.post(delivery).status_code == 200
    assert cached.fetched("members") == [True, True]
    replay = sender.post(delivery)
    assert replay.status_code == 409 and replay.json()["reason"] == "replayed"
    assert cached.fetched("members") == [False, False]
    assert SeenDelivery.objects.count() == 1
    assert [r.reason for r in Receipt.objects.all()] == ["replayed", "accepted"]


def test_a_replay_to_another_registration_is_a_wrong_signature(sender: Sender, db):
    delivery = payload("member.updated")
    assert sender.post(delivery).status_code == 200
    other = Registration(workspace_id=VIEW_TEST_WORKSPACE, webhook_id="wh_2", url="u")
    other.set_secret("whsec_another")
    other.save()
    elsewhere = Sender(sender.client, other)
    assert elsewhere.post(delivery).status_code == 403  # signed with the first one's secret


def test_a_registration_waiting_for_webworks_answer_accepts_nothing(sender: Sender, cached):
    Registration.objects.filter(pk=sender.registration.pk).update(secret_sealed="")
    assert sender.post(payload()).status_code == 404
    assert_nothing_changed(cached)


def test_a_get_is_not_a_delivery(sender: Sender):
    assert sender.client.get(sender.url).status_code == 405


def test_no_session_is_needed_nor_made(sender: Sender):
    response = sender.post(payload())
    assert response.status_code == 200
    assert "dashboard_sessionid" not in response.cookies


def test_an_oversized_body_is_refused_on_its_length_alone(sender: Sender, rf, monkeypatch):
    class Unread:
        def read(self, *args):
            raise AssertionError("the body was read")

    request = rf.post(sender.url, data=b"", content_type="application/json")
    request.META["CONTENT_LENGTH"] = str(10 * 1024 * 1024)
    request._stream = Unread()
    with pytest.raises(receiving.v.Refused) as refused:
        receiving._capped_body(request)
    assert refused.value.status == 413


@pytest.mark.parametrize("size", [1024, receiving.v.MAX_BODY + 1000])
def test_a_body_without_a_length_is_read_from_a_stream_that_ends_with_it(sender: Sender, rf, size):
    """Sent chunked to a WSGI server that marks its stream as ending with the body (granian):
    read there, up to the cap, though Django's own stream of an unknown length reads nothing."""
    stream = io.BytesIO(b"x" * size)
    request = rf.post(sender.url, data=b"", content_type="application/json")
    request.META.pop("CONTENT_LENGTH", None)
    request.META |= {"wsgi.input": stream, "wsgi.input_terminated": True}
    if size <= receiving.v.MAX_BODY:
        assert receiving._capped_body(request) == b"x" * size
        return
    with pytest.raises(receiving.v.Refused) as refused:
        receiving._capped_body(request)
    assert refused.value.status == 413
    assert stream.tell() == receiving.v.MAX_BODY + 1  # and no further


def test_an_unreadable_secret_is_a_503_that_changes_nothing(sender: Sender, cached, settings):
    from cryptography.fernet import Fernet

    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    response = sender.post(payload())
    assert response.status_code == 503 and response.json()["reason"] == "secret_unreadable"
    assert_nothing_changed(cached)


def test_when_the_cache_cannot_be_invalidated_the_delivery_is_not_taken(sender: Sender, settings):
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    delivery = payload()
    response = sender.post(delivery)
    assert response.status_code == 503 and response.json()["reason"] == "not_applied"
    assert not SeenDelivery.objects.exists()  # so the same delivery, sent again, still counts


def test_refusals_are_noted_once_a_minute_per_reason(sender: Sender):
    for _ in range(5):
        sender.post(payload(), secret="whsec_forged")
    sender.post(payload(), signature="")
    assert Receipt.objects.count() == 2
    assert AuditEntry.objects.filter(action="webhook.refused").count() == 2
    Receipt.objects.update(received_at=timezone.now() - timedelta(minutes=2))
    sender.post(payload(), secret="whsec_forged")
    assert AuditEntry.objects.filter(action="webhook.refused").count() == 3


def test_unknown_addresses_are_noted_once_a_minute_too(sender: Sender):
    for _ in range(5):
        sender.post(payload(), url=f"/hooks/webwork/{uuid.uuid4()}/")
    assert AuditEntry.objects.filter(action="webhook.refused").count() == 1


def test_old_delivery_ids_are_forgotten_once_too_old_to_replay(sender: Sender):
    registration = sender.registration
    long_ago = timezone.now() - timedelta(minutes=6)
    SeenDelivery.objects.create(registration=registration, delivery_id="old", created_at=long_ago)
    assert sender.post(payload()).status_code == 200
    assert not SeenDelivery.objects.filter(delivery_id="old").exists()


def test_receipts_keep_the_newest(sender: Sender, monkeypatch):
    monkeypatch.setattr(Receipt, "KEEP", 3)
    ids = []
    for _ in range(5):
        delivery = payload()
        ids.append(delivery["id"])
        sender.post(delivery)
    assert [r.delivery_id for r in Receipt.objects.all()] == ids[:-4:-1]
