"""Seal every stored webhook secret again under the newest key of ``TOKEN_ENCRYPTION_KEYS``.

Run it beside ``rotate_token_keys`` when rotating keys (docs/deploy.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dashboard.core import sealing
from dashboard.hooks.models import Registration


class Command(BaseCommand):
    help = "Re-encrypt stored webhook secrets under the newest TOKEN_ENCRYPTION_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        with transaction.atomic():
            for row in Registration.objects.select_for_update().exclude(secret_sealed=""):
                try:
                    row.secret_sealed = sealing.reseal(row.secret_sealed)
                except Exception as exc:
                    raise CommandError(
                        f"The webhook of workspace {row.workspace_id} was sealed with a key that "
                        "is no longer configured; nothing was changed. Register it again."
                    ) from exc
                row.save(update_fields=["secret_sealed"])
                done += 1
        self.stdout.write(f"Re-encrypted the secrets of {done} webhook(s).")
