"""Check a dashboard user's WebWork connection against the configured WebWork, reading only.

One GET per read operation the dashboard uses (``dashboard.accounts.checking``), then a table:
operation, HTTP status, whether every field the dashboard relies on came with its type, which
doc variant the answer looks like, where the pagination was, and the rate-limit headers seen.
Exits 1 when a field is missing or of the wrong type (one line per operation and field), 2 when a
read failed, 0 otherwise.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboard.accounts.checking import check_connection
from dashboard.accounts.models import WebworkConnection
from dashboard.accounts.shapes import ConnectionCheck, Outcome

COLUMNS = ("operation", "HTTP", "fields", "variant", "paging", "rate limit", "note")


class Command(BaseCommand):
    help = "Read each WebWork operation the dashboard uses once, and check the answers' fields."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user", help="the dashboard user whose connection to use (default: the only one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = _connection(options.get("user"))
        workspace = connection.workspace_name or "no workspace chosen"
        self.stdout.write(
            f"Checking the WebWork connection of {connection.user} "
            f"({connection.get_kind_display()}, {workspace}) at {settings.WEBWORK_API_BASE_URL}"
        )
        check = check_connection(connection, priority="background")
        self.stdout.write(table(check))
        self.stdout.write(f"The answers look like the {check.variant!r} variant of WebWork's docs.")
        if check.problems:
            raise CommandError("\n".join(str(p) for p in check.problems), returncode=1)
        if check.failures:
            raise CommandError("\n".join(check.failures), returncode=2)
        self.stdout.write("Every field the dashboard relies on is there, with its type.")


def _connection(username: str | None) -> WebworkConnection:
    connections = WebworkConnection.objects.select_related("user").order_by("user__username")
    if username:
        found = connections.filter(user__username=username).first()
        if found is None:
            raise CommandError(f"{username!r} has no WebWork connection.")
        return found
    every = list(connections)
    if not every:
        raise CommandError("No dashboard user is connected to WebWork.")
    if len(every) > 1:
        names = ", ".join(c.user.get_username() for c in every)
        raise CommandError(f"Several users are connected ({names}): choose one with --user.")
    return every[0]


def _row(outcome: Outcome) -> tuple[str, ...]:
    limits = ", ".join(f"{name} {value}" for name, value in outcome.rate_limit.items())
    status = "" if outcome.status is None else str(outcome.status)
    return (
        outcome.name,
        status or "—",
        outcome.verdict,
        outcome.variant or "—",
        outcome.paging or "—",
        limits or "—",
        outcome.error or outcome.note,
    )


def table(check: ConnectionCheck) -> str:
    """The outcomes as a plain-text table, one operation a line."""
    rows = [COLUMNS, *(_row(o) for o in check.outcomes)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)
