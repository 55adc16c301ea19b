"""What every benchmark needs: the sandbox process, a dashboard wired to it, a table printer.

The dashboard runs in this process (Django's test client, a fresh SQLite database and cache);
the sandbox runs as its own process with injected latency, exactly as in the tests. Benchmarks
count upstream calls through the sandbox's ``/__sandbox__/calls``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


_migrated = False


@dataclass
class Stage:
    """The sandbox, and a signed-in dashboard client connected to it as a manager."""

    sandbox: Any
    client: Any
    latency_ms: int
    workdir: Path

    def calls(self) -> list[dict[str, Any]]:
        return list(self.sandbox.calls())

    def forget(self) -> None:
        """A cold start: empty cache, a fresh call log, and a rested request budget."""
        from django.core.cache import cache

        self.rest()
        cache.clear()
        self.sandbox.clear_calls()

    def rest(self) -> None:
        """Wait until the user's request budget allows a full burst again, as between visits."""
        from dashboard.accounts.models import WebworkConnection
        from dashboard.webwork.transport import budget

        key = WebworkConnection.objects.get().budget_key
        full = budget.default_budget().rate.burst  # type: ignore[attr-defined]
        while budget.remaining(key) < full:
            time.sleep(0.25)


@contextmanager
def stage(
    latency_ms: int = 50,
    *,
    email: str = "owner@acme.test",
    rate_limit: int | None = None,
    sandbox_args: Sequence[str] = (),
) -> Iterator[Stage]:
    """Start the sandbox with ``latency_ms`` of latency and a dashboard connected to it."""
    workdir = Path(tempfile.mkdtemp(prefix="webwork-bench-"))
    os.environ.setdefault("VAR_DIR", str(workdir))
    os.environ.update(DJANGO_SETTINGS_MODULE="dashboard.settings", LOG_LEVEL="WARNING")
    from tests.plugins.sandbox import running_sandbox

    with running_sandbox(workdir, *sandbox_args) as sandbox:
        client = _dashboard(sandbox, email, rate_limit)
        if rate_limit:
            sandbox.set_rate_limit(rate_limit)
        if latency_ms:
            sandbox.set_latency(latency_ms)
        sandbox.clear_calls()
        yield Stage(sandbox, client, latency_ms, workdir)


def _dashboard(sandbox: Any, email: str, rate_limit: int | None) -> Any:
    """Django in this process, pointed at ``sandbox``; several stages may follow one another."""
    import django
    from django.conf import settings

    global _migrated
    django.setup()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dashboard.accounts.connecting import establish
    from dashboard.webwork.oauth import TokenSet
    from dashboard.webwork.transport import budget

    if not _migrated:
        setup_test_environment()
        call_command("migrate", verbosity=0)
        _migrated = True
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    settings.WEBWORK_RATE_PER_MINUTE = rate_limit or 60
    budget._defaults.clear()
    cache.clear()
    User.objects.filter(username="bench").delete()
    user = User.objects.create_user("bench", password="bench")
    establish(user, "token", TokenSet(sandbox.token(email), "", None, ""))
    client = Client()
    client.force_login(user)
    return client


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table, printed and returned (for docs/performance.md)."""
    cells = [[str(c) for c in header], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [f"### {title}", ""]
    for index, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    text = "\n".join(lines) + "\n"
    print(text)
    return text


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def machine() -> str:
    import platform

    return (
        f"{platform.node() or 'host'}: {os.cpu_count()} cores, Python {platform.python_version()}"
    )
