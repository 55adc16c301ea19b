"""What every benchmark needs: the dashboard in this process, its pages as views, a table printer.

The dashboard runs here in its production profile (``DEBUG=false``, Redis cache and request
budget, a fresh SQLite database under a temporary ``VAR_DIR``), driven by Django's test client,
signed in as one manager connected to the upstream the benchmark chose (the recording proxy or
the replay). ``configure`` must run before anything imports Django's settings.
"""

from __future__ import annotations

import atexit
import html
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REDIS = "redis://127.0.0.1:6379"
# Redis databases a benchmark run may take, one per run (the tests use 1, 2 and 15): a run
# empties its database to start cold, which must never touch another run's cache and budget.
BENCH_DATABASES = range(4, 15)
CLAIM = "bench:run"
_claimed: dict[str, str] = {}
HTMX = {"HX-Request": "true"}
# components/banner.html: the title of a banner
BANNER = r'class="banner\b[^"]*"[^>]*>\s*<div>\s*<strong>(.*?)</strong>'
# components/freshness.html: how old the data shown is
FRESHNESS = r'<p class="freshness">\s*(As of .*?</time>)'
OWNER = "owner@acme.test"


def claim_redis_database() -> str:
    """The cache URL of an empty Redis database no other run holds (held while this one runs)."""
    import redis

    for number in BENCH_DATABASES:
        client = redis.Redis.from_url(f"{REDIS}/{number}")
        if client.set(CLAIM, str(os.getpid()), nx=True, ex=6 * 3600):
            if client.dbsize() == 1:
                _claimed.update(url=f"{REDIS}/{number}", holder=str(os.getpid()))
                atexit.register(client.flushdb)
                return f"rediscache://127.0.0.1:6379/{number}"
            client.delete(CLAIM)  # someone else's data: leave that database alone
    raise SystemExit(f"No free Redis database among {list(BENCH_DATABASES)} for the benchmark.")


def reclaim() -> None:
    """After emptying the run's database, mark it as this run's again."""
    if _claimed:
        import redis

        client = redis.Redis.from_url(_claimed["url"])
        client.set(CLAIM, _claimed["holder"], ex=6 * 3600)


def configure(database_url: str | None = None, cache_url: str | None = None) -> dict[str, str]:
    """Production settings for this process (and the servers it starts); answers their env."""
    from cryptography.fernet import Fernet

    cache_url = cache_url or claim_redis_database()
    workdir = Path(tempfile.mkdtemp(prefix="webwork-bench-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "dashboard.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TOKEN_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "VAR_DIR": str(workdir),
        "CACHE_URL": cache_url,
        "LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    os.environ.update(env)
    import logging

    import django

    django.setup()
    # A page refused on purpose (a 503) is a figure in a table here, not news.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return env


@dataclass
class View:
    """One page view: what came back and what it cost here."""

    url: str
    status: int
    seconds: float  # until the whole body was read
    first_byte: float  # until the response, or a streamed response's first part
    cpu: float  # CPU time of this process (every thread) during the view
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def text(self) -> str:
        return self.content.decode(errors="replace")

    @property
    def rows(self) -> int:
        """Rows of the page's tables (``<tr>`` inside ``<tbody>``)."""
        bodies = re.findall(r"<tbody\b.*?</tbody>", self.text, re.DOTALL)
        return sum(len(re.findall(r"<tr\b", body)) for body in bodies)

    def shown(self) -> str:
        """The headline a person reads: the page's banners, else its first heading."""
        banners = re.findall(BANNER, self.text, re.DOTALL)
        heading = re.findall(r"<h1\b[^>]*>(.*?)</h1>", self.text, re.DOTALL)
        parts = banners or heading[:1]
        parts += re.findall(FRESHNESS, self.text, re.DOTALL)[:1]
        texts = (html.unescape(" ".join(re.sub(r"<[^>]+>", " ", p).split())) for p in parts)
        return "; ".join(texts).replace("|", "/") or "-"


@dataclass
class Dashboard:
    """A signed-in manager's browser, as Django's test client."""

    client: Any
    user: Any
    connection_email: str = OWNER
    pacer: Pacer = field(default_factory=lambda: Pacer())

    @classmethod
    def signed_in(cls, username: str = "bench") -> Dashboard:
        from django.contrib.auth.models import User
        from django.test import Client

        User.objects.filter(username=username).delete()
        user = User.objects.create_user(username, password=secrets.token_urlsafe(12))
        client = Client()
        client.force_login(user)
        return cls(client, user)

    def connect(self, api_url: str, token: str) -> None:
        """Point the dashboard at ``api_url`` and connect with ``token`` (one call upstream)."""
        from django.conf import settings

        from dashboard.accounts.connecting import establish
        from dashboard.webwork.oauth import TokenSet

        settings.WEBWORK_API_BASE_URL = api_url
        establish(self.user, "token", TokenSet(token, "", None, ""))

    def session_cookie(self) -> str:
        from django.conf import settings

        name = settings.SESSION_COOKIE_NAME
        return f"{name}={self.client.cookies[name].value}"

    def forget(self) -> None:
        """A cold start: an empty cache and a rested request budget (Redis: one FLUSHDB of the
        run's own database, which the granian servers of the run share)."""
        from django.conf import settings
        from django.core.cache import cache

        cache.clear()
        reclaim()
        if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
            from dashboard.webwork.transport import budget

            getattr(budget, "_defaults", {}).clear()
        self.pacer.install()

    def get(self, url: str, *, htmx: bool = False, headers: dict[str, str] | None = None) -> View:
        started, cpu = time.perf_counter(), time.process_time()
        response = self.client.get(url, headers={**(HTMX if htmx else {}), **(headers or {})})
        first = time.perf_counter()
        if getattr(response, "streaming", False):
            chunks = []
            for chunk in response.streaming_content:
                if not chunks:
                    first = time.perf_counter()
                chunks.append(chunk)
            content = b"".join(chunks)
            response.close()
        else:
            content = response.content
        return View(
            url,
            response.status_code,
            time.perf_counter() - started,
            first - started,
            time.process_time() - cpu,
            content,
        )


@dataclass
class Pacer:
    """What the dashboard's request budget made callers wait: ``budget.acquire``'s answers
    that were not 0 (the caller sleeps that long and asks again, or gives up), and the longest.

    It wraps the budget object the service layer uses; if that API is gone, it reports nothing
    (``available`` false) rather than guess.
    """

    longest: float = 0.0
    paced: int = 0
    refused: int = 0
    available: bool = False

    def install(self) -> None:
        try:
            from dashboard.webwork.transport import budget

            target = budget.default_budget()
            original = type(target).acquire
        except (ImportError, AttributeError):
            self.available = False
            return
        pacer = self

        def acquire(key: str, priority: str = "interactive", max_wait: Any = None) -> float:
            wait = float(original(target, key, priority, max_wait))
            if max_wait is not None and wait > max_wait:
                pacer.refused += 1
            elif wait > 0:
                pacer.paced += 1
                pacer.longest = max(pacer.longest, wait)
            return wait

        target.acquire = acquire  # type: ignore[method-assign]
        self.available = True

    def reset(self) -> None:
        self.longest, self.paced, self.refused = 0.0, 0, 0

    def summary(self) -> str:
        if not self.available:
            return "n/a"
        if not (self.paced or self.refused):
            return "no"
        refused = f", {self.refused} refused" if self.refused else ""
        return f"{self.paced} waits, longest {self.longest:.1f} s{refused}"


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], percent: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], note: str = "") -> str:
    """A Markdown table, printed and returned (for docs/performance.md)."""
    cells = [[str(c) for c in header], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [f"### {title}", ""]
    for index, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    if note:
        lines += ["", note]
    text = "\n".join(lines) + "\n"
    print(text, flush=True)
    return text


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    return f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", "dashboard", "templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (done.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty else "")
