"""``manage.py demo``: everything a newcomer needs to try the dashboard, in one command."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEMO_ACCOUNTS = [
    # (username, password, superuser)
    ("demo", "demo", True),
    ("manager", "manager", False),
]


class Command(BaseCommand):
    help = "Migrate, create the demo accounts and serve the dashboard."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--sandbox-port", type=int, default=8001)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare everything, then exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self._create_accounts()
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nWebWork dashboard: {url}"))
        self.stdout.write("  Sign in as demo / demo     (an owner, already connected)")
        self.stdout.write("  or         manager / manager (not connected yet: try the OAuth2 flow)")
        self.stdout.write("  Ctrl-C stops everything.\n")
        if options["no_serve"]:
            return
        call_command(
            "runserver",
            f"{options['host']}:{options['port']}",
            use_reloader=False,
            skip_checks=True,
        )

    def _create_accounts(self) -> None:
        users = get_user_model()
        for username, password, superuser in DEMO_ACCOUNTS:
            user, created = users.objects.get_or_create(username=username)
            if created or not user.check_password(password):
                user.set_password(password)
            user.is_staff = user.is_superuser = superuser
            user.save()
