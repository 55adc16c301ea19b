"""``manage.py demo`` from nothing, followed the way the README tells a newcomer to, then Ctrl-C."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.accounts.sandbox_pages import at_sandbox

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Demo:
    """One ``manage.py demo`` on free ports, (re)started whenever a test needs it running."""

    def __init__(self, var_dir: Path) -> None:
        self.var_dir = var_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.port = self.sandbox_port = self.smtp_port = 0

    def running(self) -> Demo:
        if self.process is None or self.process.poll() is not None:
            self._start()
        return self

    def _start(self) -> None:
        self.port, self.sandbox_port, self.smtp_port = _free_port(), _free_port(), _free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
            "VAR_DIR": str(self.var_dir),
            "DJANGO_SETTINGS_MODULE": "dashboard.settings",
            "PYTHONUNBUFFERED": "1",
        }
        ports = ["--port", str(self.port), "--sandbox-port", str(self.sandbox_port)]
        ports += ["--smtp-port", str(self.smtp_port)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "demo", *ports],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # Ctrl-C as a terminal sends it, even if this run was started in the background
                # (where a shell leaves SIGINT ignored, and a child keeps it so).
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )
        self._wait(f"{self.url('127.0.0.1')}/accounts/login/")

    def _wait(self, url: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process and self.process.poll() is None, self.output
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise AssertionError(f"nothing answered at {url}:\n{self.output}")

    @property
    def log(self) -> Path:
        return self.var_dir / "demo.log"

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def url(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    def interrupt(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    started = Demo(tmp_path_factory.mktemp("demo"))
    yield started
    started.interrupt()


@contextmanager
def signed_in(base: str, username: str) -> Iterator[httpx.Client]:
    """A browser signed in to the dashboard at ``base``; it visits the sandbox too."""
    with httpx.Client(base_url=base, timeout=30) as browser:
        page = browser.get("/accounts/login/").text
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert csrf, page
        form = {"username": username, "password": username, "csrfmiddlewaretoken": csrf.group(1)}
        assert browser.post("/accounts/login/", data=form).status_code == 302
        yield browser


def test_demo_serves_a_connected_owner(demo):
    with signed_in(demo.running().url("127.0.0.1"), "demo") as browser:
        assert "Acme Studio" in browser.get("/audit/").text  # connected, workspace chosen


def test_the_instructions_name_an_account_manager_can_connect(demo):
    output = demo.running().output
    assert f"WebWork dashboard: http://127.0.0.1:{demo.port}/" in output
    assert f"(or http://localhost:{demo.port}/)" in output
    assert re.search(r"sign in\s+at the sandbox as exec@acme\.test / sandbox", output), output


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_manager_connects_on_the_first_try_from_either_local_address(demo, host):
    printed = re.search(r"at the sandbox as (\S+@\S+) / sandbox", demo.running().output)
    assert printed, demo.output
    with signed_in(demo.url(host), "manager") as browser:
        start = browser.get("/connect/?method=oauth&next=/audit/")
        callback, _ = at_sandbox(browser, start.headers["location"], printed.group(1))
        assert callback.startswith(f"{demo.url(host)}/connect/callback/?")
        assert browser.get(callback).headers["location"] == "/audit/"
        page = browser.get("/connect/").text
    assert "Connected to Acme Studio" in page
    assert "as Executive manager" in page


def test_connecting_demos_account_names_it_and_leads_to_another(demo):
    with signed_in(demo.running().url("localhost"), "manager") as browser:
        start = browser.get("/connect/?method=oauth&next=/audit/")
        callback, _ = at_sandbox(browser, start.headers["location"], "owner@acme.test")
        failed = browser.get(callback)
        assert failed.status_code == 409
        assert "Amelia Stone (owner@acme.test)" in failed.text
        assert "ask demo to disconnect it" in failed.text
        another = re.search(r'href="([^"]+)">Use another WebWork account', failed.text)
        assert another, failed.text
        switch = browser.get(html.unescape(another.group(1))).headers["location"]
        callback, seen = at_sandbox(browser, switch, "exec@acme.test")
        assert seen == ["sign-in", "consent"]
        assert browser.get(callback).headers["location"] == "/audit/"


def test_an_unknown_address_shows_the_dashboards_own_404_page(demo):
    base = demo.running().url("localhost")
    missing = httpx.get(f"{base}/no-such-page/", timeout=30)
    assert missing.status_code == 404
    assert "There is no page at this address" in missing.text
    assert "URLconf" not in missing.text  # not Django's technical page, which lists every URL
    assert httpx.get(f"{base}/static/css/app.css", timeout=30).status_code == 200


def test_ctrl_c_stops_everything_it_started(demo):
    demo.running().interrupt()
    assert demo.process is not None and demo.process.returncode is not None
    with pytest.raises(ProcessLookupError):  # the sandbox and the worker are gone too
        os.killpg(demo.process.pid, 0)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{demo.sandbox_port}/__sandbox__/calls", timeout=2)
