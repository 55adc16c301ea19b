"""``manage.py send_digest --user NAME [--dry-run]``: one user's digest now, whatever the hour."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dashboard.notifications import content, timing
from dashboard.notifications.models import NotificationSettings
from dashboard.notifications.sending import deliver
from dashboard.notifications.waiting import collect
from dashboard.webwork.errors import WebworkError


class Command(BaseCommand):
    help = (
        "Build one user's digest now (every workspace their WebWork connection may decide in) "
        "and queue it to their e-mail, or with --dry-run print it and queue nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the dashboard user's username")
        parser.add_argument("--dry-run", action="store_true", help="print it, queue nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no dashboard user {options['user']!r}.")
        prefs = NotificationSettings.objects.filter(user=user).first() or NotificationSettings(
            user=user, time_zone=settings.TIME_ZONE
        )
        if not prefs.email and not options["dry_run"]:
            raise CommandError(f"{user.get_username()} has no e-mail address: nothing is sent.")
        now = timezone.now()
        try:
            collected = collect(user)
        except WebworkError as exc:
            raise CommandError(f"WebWork did not answer: {exc.message}") from exc
        day = timing.local(now, prefs.time_zone).date()
        digest = content.build_digest(collected, now=now, zone_name=prefs.time_zone, day=day)
        for place in digest.unread:
            self.stderr.write(f"{place.name} could not be read: {place.message}")
        if digest.is_empty:
            self.stdout.write(f"Nothing waits for {user.get_username()}: no digest.")
            return
        message = content.render_digest(digest)
        if options["dry_run"]:
            self.stdout.write(f"To: {prefs.email or '(no address)'}\nSubject: {message.subject}\n")
            self.stdout.write(message.text)
            self.stdout.write("(dry run: nothing was queued)")
            return
        summary = digest.summary() | {"on_demand": True}
        try:
            deliver(prefs, message, purpose="digest", key=None, summary=summary)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Queued the digest to {prefs.email}: {message.subject}")
