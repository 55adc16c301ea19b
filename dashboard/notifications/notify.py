"""One run of the notifications job: each user's digest when its local hour has come, and their
alerts every ``timing.ALERT_EVERY``; what waits is read once per user per run, whichever of
the two is due.

Exactly once, across every worker: a digest is claimed per user and local date before it is
built (``digest:<user>:<date>``; a retry after WebWork did not answer claims its own try), the
alert round per user and slot, and each alerted item per user, item and the moment it began to
wait, in the same transaction as the message that names it. The outbox's key makes the queueing
itself idempotent too.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from dashboard.scheduling import claim
from dashboard.webwork.errors import WebworkAuthError, WebworkError

from . import content, timing
from .models import NotificationSettings
from .sending import audit, deliver
from .waiting import ClientFor, Collected, Item, background_client, collect

log = logging.getLogger(__name__)
RECONNECT = "Reconnect WebWork on the dashboard's Connect page to get digests and alerts again."


@dataclass(frozen=True)
class Outcome:
    """What one user's part of a run did (for the command, tests and logs)."""

    digest: str = ""  # "", "sent", "empty", "failed", "given up"
    alerted: int = 0


def subscribed() -> QuerySet[NotificationSettings]:
    """Everyone with a digest or alerts on and an account that may still sign in."""
    wanted = Q(digest_enabled=True) | Q(alert_after_hours__isnull=False)
    return NotificationSettings.objects.filter(wanted, user__is_active=True).select_related("user")


def run(now: datetime, client_for: ClientFor = background_client) -> dict[int, Outcome]:
    """Everyone's digests and alerts due at ``now``; one user's failure stops no other's."""
    done: dict[int, Outcome] = {}
    for prefs in subscribed():
        try:
            done[prefs.user_id] = notify(prefs, now, client_for)
        except Exception:
            log.exception("notifications of user %s failed", prefs.user_id)
    return done


def notify(
    prefs: NotificationSettings, now: datetime, client_for: ClientFor = background_client
) -> Outcome:
    if not prefs.email:
        return Outcome()  # the settings page says so: nothing is sent without an address
    day = prefs.digest_due(now)
    if day is not None and not claim(digest_key(prefs, day)):
        day = None
    alerts = prefs.alert_after_hours is not None and claim(alert_round_key(prefs, now))
    if day is None and not alerts:
        return Outcome()
    try:
        collected = collect(prefs.user, client_for)
    except WebworkAuthError as exc:
        if day is not None:
            _give_up(prefs, day, f"{exc.message} {RECONNECT}")
        return Outcome(digest="given up" if day else "")
    except WebworkError as exc:  # the list of workspaces itself
        if day is not None:
            _failed(prefs, day, now, exc.message)
        return Outcome(digest="failed" if day else "")
    digest = send_digest(prefs, day, now, collected) if day is not None else ""
    alerted = send_alerts(prefs, now, collected) if alerts else 0
    return Outcome(digest, alerted)


def digest_key(prefs: NotificationSettings, day: date) -> str:
    tries = prefs.digest_try(day)
    return f"digest:{prefs.user_id}:{day.isoformat()}" + (f":try{tries + 1}" if tries else "")


def alert_round_key(prefs: NotificationSettings, now: datetime) -> str:
    return f"alerts:{prefs.user_id}:{timing.alert_slot(now):%Y-%m-%dT%H:%M}"


def alert_key(prefs: NotificationSettings, item: Item) -> str:
    """Per user, item and wait: a timesheet reopened and submitted again waits anew."""
    since = "" if item.since is None else f"{item.since.timestamp():.0f}"
    key = f"alert:{prefs.user_id}:{item.kind.name}:{item.workspace_id}:{item.id}:{since}"
    if len(key) <= 255:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"alert:{prefs.user_id}:{digest}"


def send_digest(prefs: NotificationSettings, day: date, now: datetime, collected: Collected) -> str:
    if not collected.workspaces and collected.unread:
        _failed(prefs, day, now, "; ".join(f"{u.name}: {u.message}" for u in collected.unread))
        return "failed"
    digest = content.build_digest(collected, now=now, zone_name=prefs.time_zone, day=day)
    if digest.is_empty:
        _done(prefs, day)
        return "empty"
    key = f"digest:{prefs.user_id}:{day.isoformat()}"
    try:
        with transaction.atomic():
            message = content.render_digest(digest)
            deliver(prefs, message, purpose="digest", key=key, summary=digest.summary())
            _done(prefs, day)
    except ValidationError as exc:  # an address mail cannot go to
        _give_up(prefs, day, " ".join(exc.messages))
        return "given up"
    return "sent"


def send_alerts(prefs: NotificationSettings, now: datetime, collected: Collected) -> int:
    hours = prefs.alert_after_hours
    if hours is None:
        return 0
    late = content.overdue(collected, now=now, hours=hours)
    if not late:
        return 0
    try:
        with transaction.atomic():  # a claim stands only with the message that names its item
            fresh = [item for item in late if claim(alert_key(prefs, item))]
            if not fresh:
                return 0
            alert = content.build_alert(fresh, now=now, zone_name=prefs.time_zone, hours=hours)
            message = content.render_alert(alert)
            key = alert_round_key(prefs, now)
            deliver(prefs, message, purpose="alert", key=key, summary=alert.summary())
    except ValidationError as exc:
        audit(prefs, "alert", "failed", {"total": len(late)}, " ".join(exc.messages))
        return 0
    return len(fresh)


def _done(prefs: NotificationSettings, day: date) -> None:
    NotificationSettings.objects.filter(pk=prefs.pk).update(digest_done_on=day)
    prefs.digest_done_on = day


def _failed(prefs: NotificationSettings, day: date, now: datetime, message: str) -> None:
    """WebWork did not answer: the digest is tried again later, a few times, then given up."""
    tries = prefs.digest_try(day) + 1
    NotificationSettings.objects.filter(pk=prefs.pk).update(
        digest_tried_on=day, digest_tries=tries, digest_tried_at=now
    )
    prefs.digest_tried_on, prefs.digest_tries, prefs.digest_tried_at = day, tries, now
    last = tries >= timing.DIGEST_TRIES
    said = f"{message} " + ("The digest of this day is given up." if last else "Trying again.")
    audit(prefs, "digest", "failed", {"day": day.isoformat(), "try": tries}, said.strip())


def _give_up(prefs: NotificationSettings, day: date, message: str) -> None:
    _done(prefs, day)
    audit(prefs, "digest", "failed", {"day": day.isoformat()}, message)
