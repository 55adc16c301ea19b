"""``manage.py demo``: the sandbox, the worker and the dashboard, in one command.

It starts the WebWork sandbox as its own process, registers the dashboard there as an OAuth2
client (with a callback on every local name of the dashboard), connects ``demo`` to the sandbox's
owner with a personal access token, leaves ``manager`` unconnected (to show the OAuth2 flow),
starts a local SMTP sink (aiosmtpd, keeping what it catches in a maildir under ``var/``, shown on
``/outbox/``), starts the worker (tasks and periodic jobs), and serves the dashboard. Ctrl-C stops
everything it started.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboard.accounts.connecting import establish
from dashboard.accounts.models import WebworkConnection
from dashboard.webwork.oauth import TokenSet

DEMO_ACCOUNTS = [("demo", "demo", True), ("manager", "manager", False)]
DEMO_CLIENT_ID = "webwork-dashboard-demo"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SANDBOX_OWNER = "owner@acme.test"  # demo's; one WebWork account connects one dashboard user
SANDBOX_FOR_MANAGER = "exec@acme.test"
WELCOME = """\
  demo / demo          an owner, already connected as {owner}
  manager / manager    not connected yet: choose "Connect with WebWork", then sign in
                       at the sandbox as {free} / sandbox ({owner} is demo's)
  WebWork sandbox:     {sandbox}/
  Mail:                caught by a local SMTP sink on port {smtp_port}, shown on {outbox}
  Ctrl-C stops everything.
"""


class Command(BaseCommand):
    help = "Start the sandbox and a worker, prepare the demo accounts, serve the dashboard."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--sandbox-port", type=int, default=8001)
        parser.add_argument("--smtp-port", type=int, default=1025, help="The local mail sink's.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="Prepare, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.children: list[subprocess.Popen[bytes]] = []
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            self._run(options)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop_children()

    def _run(self, options: dict[str, Any]) -> None:
        host, port, sandbox_port = options["host"], options["port"], options["sandbox_port"]
        call_command("migrate", interactive=False, verbosity=0)
        self._create_accounts()
        sandbox = f"http://{host}:{sandbox_port}"
        dashboards = [f"http://{name}:{port}" for name in _local_names(host)]
        self._start_sandbox(sandbox_port)
        self._configure(sandbox, dashboards)
        self._connect_demo(sandbox)
        self._start_mail_sink(options["smtp_port"])
        self._start_worker()
        self._print_welcome(dashboards, sandbox, options["smtp_port"])
        if not options["no_serve"]:
            _serve(host, port)

    def _print_welcome(self, dashboards: list[str], sandbox: str, smtp_port: int) -> None:
        also = f" (or {dashboards[1]}/)" if len(dashboards) > 1 else ""
        self.stdout.write(self.style.SUCCESS(f"\nWebWork dashboard: {dashboards[0]}/{also}"))
        self.stdout.write(
            WELCOME.format(
                owner=SANDBOX_OWNER,
                free=SANDBOX_FOR_MANAGER,
                sandbox=sandbox,
                smtp_port=smtp_port,
                outbox=f"{dashboards[0]}/outbox/",
            )
        )

    def _create_accounts(self) -> None:
        users = get_user_model()
        for username, password, superuser in DEMO_ACCOUNTS:
            user, created = users.objects.get_or_create(username=username)
            if created or not user.check_password(password):
                user.set_password(password)
            user.is_staff = user.is_superuser = superuser
            user.save()

    def _start_sandbox(self, port: int) -> None:
        database = Path(settings.VAR_DIR) / "sandbox.sqlite3"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sandbox.settings"}
        command = [
            sys.executable,
            "-m",
            "sandbox",
            "serve",
            "--port",
            str(port),
            "--database",
            str(database),
        ]
        self.children.append(subprocess.Popen(command, env=env))
        _wait_for(f"http://127.0.0.1:{port}/__sandbox__/calls", self.children[-1])

    def _configure(self, sandbox: str, dashboards: list[str]) -> None:
        """Point this process (and the worker it starts) at the sandbox."""
        secret = secrets.token_urlsafe(32)
        _post(
            f"{sandbox}/__sandbox__/oauth-clients",
            {
                "client_id": DEMO_CLIENT_ID,
                "client_secret": secret,
                "name": "WebWork manager dashboard",
                # The dashboard sends the callback on the host the browser is on.
                "redirect_uris": [f"{dashboard}/connect/callback/" for dashboard in dashboards],
            },
        )
        values = {
            "WEBWORK_API_BASE_URL": f"{sandbox}/api/v2",
            "WEBWORK_OAUTH_AUTHORIZE_URL": f"{sandbox}/oauth/authorize/",
            "WEBWORK_OAUTH_TOKEN_URL": f"{sandbox}/oauth/token/",
            "WEBWORK_LOGOUT_URL": f"{sandbox}/logout/",
            "WEBWORK_CLIENT_ID": DEMO_CLIENT_ID,
            "WEBWORK_CLIENT_SECRET": secret,
        }
        for name, value in values.items():
            setattr(settings, name, value)
            os.environ[name] = value

    def _connect_demo(self, sandbox: str) -> None:
        # A new token each time: the sandbox's database may have been re-seeded since.
        user = get_user_model().objects.get(username="demo")
        token = _post(f"{sandbox}/__sandbox__/tokens", {"email": SANDBOX_OWNER})["token"]
        establish(user, WebworkConnection.Kind.TOKEN, TokenSet(token, "", None, ""))

    def _start_mail_sink(self, port: int) -> None:
        """aiosmtpd's own server and Mailbox handler: it keeps every message it is sent in a
        maildir, and this process and the worker send all mail to it."""
        maildir = Path(settings.VAR_DIR) / "mail"
        maildir.parent.mkdir(parents=True, exist_ok=True)
        listen = f"127.0.0.1:{port}"
        command = [sys.executable, "-m", "aiosmtpd", "-n", "-l", listen]
        command += ["-c", "aiosmtpd.handlers.Mailbox", str(maildir)]
        self.children.append(subprocess.Popen(command))
        _wait_for_port(port, self.children[-1], "The mail sink")
        mailer = {"host": "127.0.0.1", "port": port, "timeout": 10}
        settings.MAILERS = {"default": {"BACKEND": SMTP_BACKEND, "OPTIONS": mailer}}
        settings.MAIL_SINK_DIR = str(maildir)
        os.environ["EMAIL_URL"] = f"smtp://{listen}"
        os.environ["MAIL_SINK_DIR"] = str(maildir)

    def _start_worker(self) -> None:
        call_command("resume_jobs", stdout=io.StringIO())
        command = [sys.executable, "manage.py", "worker", "--no-startup-delay", "--no-reload"]
        self.children.append(subprocess.Popen(command, cwd=settings.BASE_DIR, env=os.environ))

    def _stop_children(self) -> None:
        for child in reversed(self.children):
            if child.poll() is None:
                child.terminate()
        for child in self.children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _local_names(host: str) -> list[str]:
    """The names a browser on this machine may use for the dashboard, ``host`` first."""
    loopback = ["127.0.0.1", "localhost"]
    if host not in loopback:
        return [host]
    return [host] + [name for name in loopback if name != host and name in settings.ALLOWED_HOSTS]


def _serve(host: str, port: int) -> None:
    """Serve with ``DEBUG`` off: the demo shows the dashboard's own error pages, not Django's.

    The rest of the local profile stays (plain HTTP, the local secret); static files are served
    from the source folders, as in development.
    """
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 (the local sandbox's control plane)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (local sandbox)
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"The sandbox stopped (exit {process.returncode}); see above.")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (local sandbox)
                return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"The sandbox did not answer at {url} within {seconds:.0f} s.")


def _wait_for_port(
    port: int, process: subprocess.Popen[bytes], name: str, seconds: float = 20
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"{name} stopped (exit {process.returncode}); is port {port} taken?")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"{name} did not listen on port {port} within {seconds:.0f} s.")
