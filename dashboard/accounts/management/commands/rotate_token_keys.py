"""Re-encrypt every stored WebWork token under the newest key of ``TOKEN_ENCRYPTION_KEYS``.

Rotation: put the new key first, keep the old ones after it, deploy, run this command, then
remove the old keys.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dashboard.accounts.models import WebworkConnection
from dashboard.core import sealing


class Command(BaseCommand):
    help = "Re-encrypt stored WebWork tokens under the newest TOKEN_ENCRYPTION_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        with transaction.atomic():
            for connection in WebworkConnection.objects.select_for_update().iterator():
                try:
                    connection.access_token_encrypted = sealing.reseal(
                        connection.access_token_encrypted
                    )
                    connection.refresh_token_encrypted = sealing.reseal(
                        connection.refresh_token_encrypted
                    )
                except Exception as exc:
                    raise CommandError(
                        f"Connection {connection.pk} was encrypted with a key that is no longer "
                        "configured; nothing was changed."
                    ) from exc
                connection.save(update_fields=["access_token_encrypted", "refresh_token_encrypted"])
                done += 1
        self.stdout.write(f"Re-encrypted the tokens of {done} connection(s).")
